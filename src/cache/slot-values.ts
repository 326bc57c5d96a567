/**
 * Reading one slot's value the way the rules tier reads the whole line: an amount with its
 * printed sign, a date resolved by locale and statement date, a reference as printed. Used both
 * to learn which slot holds a field and to re-read that slot in a new record.
 */
import type { PreparedRecord, Slot } from '../prepare/prepared-record.ts';
import { findAmounts } from '../rules/amount-candidates.ts';
import { minorUnits } from '../rules/currency-codes.ts';
import { readDate } from '../rules/date.ts';
import { decimalMark } from '../rules/locale-conventions.ts';
import { formatAmount } from '../rules/number-format.ts';
import type { AmountSign, DateOrder, DigitLayout, SlotRole } from './template.ts';

export type SlotAmount = { amount: string; sign: AmountSign };

export function amountOfSlot(slot: Slot, prepared: PreparedRecord, currency: string | null): SlotAmount | null {
  const [candidate] = findAmounts(slot.text, decimalMark(prepared.record.locale));
  if (!candidate) return null;
  return { amount: formatAmount(candidate.parsed, minorUnits(currency ?? prepared.record.currency_hint)), sign: candidate.sign ?? 'none' };
}

/** A locale that prints dates in that order; the rules tier reads the order from the locale. */
const ORDER_LOCALE: Record<DateOrder, string> = { 'month-first': 'en-US', 'day-first': 'en-GB' };

/** The slot's date, in the given order when the source's order is known, else by the record's locale. */
export function dateOfSlot(slot: Slot, prepared: PreparedRecord, order: DateOrder | null = null): string | null {
  const { record } = prepared;
  const locale = order ? ORDER_LOCALE[order] : record.locale;
  const { reading } = readDate({ text: slot.text, locale, statementDate: record.statement_date, currencyHint: record.currency_hint });
  return reading.value;
}

/** The order in which the slot reads as `iso`: null when both orders agree (or neither does). */
export function dateOrderOf(slot: Slot, prepared: PreparedRecord, iso: string): DateOrder | null {
  const monthFirst = dateOfSlot(slot, prepared, 'month-first') === iso;
  const dayFirst = dateOfSlot(slot, prepared, 'day-first') === iso;
  return monthFirst === dayFirst ? null : monthFirst ? 'month-first' : 'day-first';
}

const DIGIT_LAYOUTS: readonly DigitLayout[] = ['MMDD', 'DDMM', 'DDMMYY', 'MMDDYY', 'YYMMDD', 'YYYYMMDD', 'DDMMYYYY', 'MMDDYYYY'];
const DAY_MS = 86_400_000;

/**
 * A bare-digit date read in one layout; a layout without a year takes the statement's, or the
 * year before when the date would fall more than a month after the statement (a December line
 * on a January statement).
 */
export function digitsDate(text: string, layout: DigitLayout, statementDate: string | null): string | null {
  if (!/^\d+$/.test(text) || text.length !== layout.length) return null;
  const part = (field: 'YYYY' | 'YY' | 'MM' | 'DD') => {
    const at = layout.indexOf(field);
    return at === -1 ? null : Number(text.slice(at, at + field.length));
  };
  const [month, day] = [part('MM')!, part('DD')!];
  const yy = layout.includes('YYYY') ? part('YYYY') : part('YY') === null ? null : 2000 + part('YY')!;
  const statement = statementDate ? Date.parse(`${statementDate}T00:00:00Z`) : Number.NaN;
  let year = yy ?? (Number.isNaN(statement) ? null : new Date(statement).getUTCFullYear());
  if (year === null || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (yy === null && Date.UTC(year, month - 1, day) > statement + 31 * DAY_MS) year -= 1;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 ? date.toISOString().slice(0, 10) : null;
}

/** The one digit layout in which the slot reads as `iso`; null when none or several do. */
export function digitLayoutOf(slot: Slot, prepared: PreparedRecord, iso: string): DigitLayout | null {
  const fitting = DIGIT_LAYOUTS.filter((layout) => digitsDate(slot.text, layout, prepared.record.statement_date) === iso);
  return fitting.length === 1 ? fitting[0]! : null;
}

/**
 * The skeleton's word or tag right before a slot (its label when the rail has one; a slot
 * placeholder such as {DATE} when another slot comes first), read from the skeleton so that the
 * values of earlier slots never leak into it.
 */
export function anchorOf(slot: Slot, prepared: PreparedRecord): string {
  const at = prepared.slots.indexOf(slot);
  if (at < 0) throw new Error(`the ${slot.kind} slot at ${slot.start} is not one of the record's`);
  return anchorsOf(prepared)[at]!;
}

/** Read once a record: every role of every candidate template asks for its slots' anchors. */
const anchorsByRecord = new WeakMap<PreparedRecord, readonly string[]>();

/** Each slot's anchor, in the order of `prepared.slots` (which is the text's). */
function anchorsOf(prepared: PreparedRecord): readonly string[] {
  let anchors = anchorsByRecord.get(prepared);
  if (anchors) return anchors;
  const read: string[] = [];
  let skeletonSoFar = '';
  let at = 0;
  for (const slot of prepared.slots) {
    skeletonSoFar += prepared.masked.slice(at, slot.start);
    read.push(slot.label ? slot.label.toUpperCase() : lastWord(skeletonSoFar).toUpperCase());
    skeletonSoFar += `{${slot.kind}}`;
    at = slot.end;
  }
  anchors = read;
  anchorsByRecord.set(prepared, anchors);
  return anchors;
}

/** The last run of non-white-space characters, trailing white space aside: what /(\S+)\s*$/ captures, without its scan from every start. */
export function lastWord(text: string): string {
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end -= 1;
  let start = end;
  while (start > 0 && !isWhiteSpace(text.charCodeAt(start - 1))) start -= 1;
  return text.slice(start, end);
}

/** The code units a regular expression's \s matches: ECMAScript's WhiteSpace and LineTerminator. */
function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The slot a role names in this record: same kind and anchor, the same ordinal preferred. When no
 * slot sits after the same anchor (a free-text word before it, "SVWZ+Danke {DATE}"), the slot of
 * the same ordinal, if the record's slots come in the same order of kinds as the template's.
 */
export function slotFor(prepared: PreparedRecord, role: SlotRole, templateSkeleton: string): Slot | undefined {
  const anchors = anchorsOf(prepared);
  const fitting = prepared.slots.filter((s, i) => s.kind === role.kind && anchors[i] === role.anchor);
  const anchored = fitting.find((s) => s.ordinal === role.ordinal) ?? (fitting.length === 1 ? fitting[0] : undefined);
  if (anchored || fitting.length > 0) return anchored;
  const kinds = [...templateSkeleton.matchAll(/\{([A-Z]+)\}/g)].map((m) => m[1]);
  const sameOrder = kinds.length === prepared.slots.length && prepared.slots.every((s, i) => s.kind === kinds[i]);
  return sameOrder ? prepared.slots.find((s) => s.kind === role.kind && s.ordinal === role.ordinal) : undefined;
}

/** A reference as the contract compares it: white space and case aside. */
export function sameReference(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}
