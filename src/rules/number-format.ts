/**
 * One printed number read as digits: "1,234.56", "1.234,56", "1 234,56", "1'234.56", "1,00,000.00"
 * (Indian grouping), "39,95", "200". The only choice the digits cannot settle is a single separator
 * followed by exactly three digits ("1,234" is 1234 in en-US and 1.234 in de-DE); the caller's
 * decimal mark settles it and the result says it was ambiguous.
 */
import type { DecimalMark } from './locale-conventions.ts';

export type ParsedNumber = {
  /** Integer digits without grouping or leading zeros ("0" for zero). */
  integer: string;
  /** Digits after the decimal mark, "" when none were printed. */
  fraction: string;
  /** True when the digits allow a decimal and a grouping reading and the caller's mark chose. */
  ambiguous: boolean;
};

const SOFT_GROUP_RE = /[ \u00a0\u202f'’]/g;
const HAS_SOFT_GROUP_RE = /[ \u00a0\u202f'’]/;
const WESTERN_GROUPS_RE = /^\d{1,3}(?:[.,]\d{3})+$/;
const INDIAN_GROUPS_RE = /^\d{1,2}(?:,\d{2})+,\d{3}$/;
const MAX_INTEGER_DIGITS = 15;

function integerDigits(raw: string): string | null {
  if (raw.length > 1 && raw.startsWith('0')) return null; // "03.11" is a date, "0042" an id
  if (raw.length === 0 || raw.length > MAX_INTEGER_DIGITS || !/^\d+$/.test(raw)) return null;
  return raw;
}

function groupedInteger(raw: string): string | null {
  if (!WESTERN_GROUPS_RE.test(raw) && !INDIAN_GROUPS_RE.test(raw)) return null;
  const sep = raw.includes('.') ? '.' : ',';
  if (raw.includes(sep === '.' ? ',' : '.')) return null; // one kind of grouping per number
  return integerDigits(raw.replaceAll(sep, ''));
}

function withDecimal(compact: string, mark: DecimalMark, ambiguous: boolean): ParsedNumber | null {
  const at = compact.lastIndexOf(mark);
  const fraction = compact.slice(at + 1);
  const head = compact.slice(0, at);
  if (!/^\d+$/.test(fraction) || head.includes(mark)) return null;
  const hasGroups = /[.,]/.test(head);
  const integer = hasGroups ? groupedInteger(head) : integerDigits(head);
  return integer === null ? null : { integer, fraction, ambiguous };
}

/** Reads one numeric token; null when it cannot be a money amount (a date, an id, bad grouping). */
export function parseNumber(token: string, decimal: DecimalMark | null): ParsedNumber | null {
  const softGrouped = HAS_SOFT_GROUP_RE.test(token);
  const compact = softGrouped ? token.replace(SOFT_GROUP_RE, '') : token;
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  if (lastDot < 0 && lastComma < 0) {
    const integer = integerDigits(compact);
    return integer === null ? null : { integer, fraction: '', ambiguous: false };
  }
  if (lastDot >= 0 && lastComma >= 0) return withDecimal(compact, lastDot > lastComma ? '.' : ',', false);
  const sep: DecimalMark = lastDot >= 0 ? '.' : ',';
  if (compact.indexOf(sep) !== compact.lastIndexOf(sep)) {
    const integer = groupedInteger(compact);
    return integer === null ? null : { integer, fraction: '', ambiguous: false };
  }
  const fractionLength = compact.length - compact.indexOf(sep) - 1;
  const head = compact.slice(0, compact.indexOf(sep));
  // A lone separator with other than three digits after it, after a zero, or after a space or
  // apostrophe grouping ("1 234,567") can only be the decimal mark.
  if (fractionLength !== 3 || head === '0' || softGrouped) return withDecimal(compact, sep, false);
  if (decimal === sep) return withDecimal(compact, sep, true);
  const integer = groupedInteger(compact);
  return integer === null ? null : { integer, fraction: '', ambiguous: true };
}

/** Contract form: digits, "." before the fraction, the fraction padded to the currency's minor units. */
export function formatAmount(parsed: ParsedNumber, minorUnits: number): string {
  const fraction = parsed.fraction.length < minorUnits ? parsed.fraction.padEnd(minorUnits, '0') : parsed.fraction;
  return fraction ? `${parsed.integer}.${fraction}` : parsed.integer;
}
