/**
 * Every number in a narrative that could be a money amount, with what surrounds it: a currency
 * mark, a sign (leading or trailing minus, parentheses, CR/DR), and a label that says whether it
 * is the posted amount (AMT, BETRAG, VALOR), something else (balance, original amount, rate) or
 * a converted amount ("= EUR 46.00"). Numbers glued to words, dates, times and ids are dropped.
 */
import { type CurrencyMark, markEndingAt, markStartingAt } from './currency-codes.ts';
import { endsWith } from './ends-with.ts';
import { isLetter } from './letters.ts';
import type { DecimalMark } from './locale-conventions.ts';
import { type ParsedNumber, parseNumber } from './number-format.ts';

export type AmountSign = 'minus' | 'plus' | 'trailing-minus' | 'parentheses' | 'CR' | 'DR';
export type Span = { start: number; end: number };
export type AmountLabel = 'posted' | 'excluded' | 'converted';

export type AmountCandidate = {
  /** The digits as printed, e.g. "1.250,00". */
  token: string;
  /** Offsets of the whole amount in the text, marks and signs included, [start, end). */
  start: number;
  end: number;
  parsed: ParsedNumber;
  mark: CurrencyMark | null;
  sign: AmountSign | null;
  label: AmountLabel | null;
};

// Space-grouped thousands only with a comma decimal ("1 234,56"): with a point, "CA 12 345.00"
// is more often a store number and an amount than one number.
// The grouped forms must not start inside a date or id ("10/11 200,00" is a date and 200,00).
const NUMBER_RE =
  /(?<![\d/.,:])(?<!\d-)\d{1,3}(?:[ \u00a0\u202f]\d{3})+,\d{2}(?!\d)|(?<![\d/.,:])(?<!\d-)\d{1,3}(?:['’]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d(?:[\d.,]*\d)?/g;
const BLOCK_BEFORE = new Set(['.', ',', '/', ':', '#', '@', '_', "'", '’', '*', '\\']);
const BLOCK_AFTER = new Set(['/', ':', '@', '#', '_', "'", '’', '+', '%', '*', '\\']);
const SIGNS = new Set(['-', '−', '+']);
const DIGIT_RE = /\d/;
const SPACE_OR_OPEN_RE = /[\s(]/;
// The labels end where the amount's window ends.
const POSTED_LABEL = endsWith(
  /(?:^|[^\p{L}])(?:AMT|AMNT|AMOUNT|BETRAG|UMSATZ|VALOR|VLR|MONTANT|IMPORTE|IMPORTO|BEDRAG|KWOTA|SUMME|TOTAL|POSTED|BILLED|SETTLED)\.?(?:\s*[:=]\s*|\s+)/iu,
);
const EXCLUDED_LABEL = endsWith(
  /(?:(?:^|[^\p{L}])(?:BAL|BALANCE|SALDO|SOLDE|AVAIL|AVAILABLE|LIMIT|ORIG|ORIGINAL|FOREIGN|FX|RATE|KURS|TAUX|CAMBIO|EXCH|EXCHANGE|CASHBACK|TIP)(?:\s+(?:AMT|AMOUNT|BETRAG|RATE|CURRENCY|CCY))?\.?|:33B:|@)(?:\s*[:=]?\s*)/iu,
);
const CONVERTED = endsWith(/=\s*/);
const PREFIX_SIGN_RE = /(?:^|[^\p{L}])(CR|DR)\s?$/iu;
// CR/DR, the Dutch Af/Bij, and a bare C/D only at the very end of the line (Brazilian statements).
const SUFFIX_SIGN_RE = /^\s?(?:(CR|DR|CRED|DEB|AF|BIJ)(?!\p{L})|([CD])\s*$)/iu;
const DOTTED_DAY_MONTH_RE = /^(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])$/;

/** False for numbers that are part of a word, id, date or time. */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  // A mark that ends in a point ("Rs.2,457.86", "Fr.12.00") is a mark, not a decimal or id separator.
  const markedByDottedSymbol = before === '.' && markEndingAt(text, start) !== null;
  if (before !== undefined && !markedByDottedSymbol && (BLOCK_BEFORE.has(before) || DIGIT_RE.test(before))) return false;
  if (isLetter(before) && !markEndingAt(text, start)) return false;
  // A sign only at a word start or after a mark ("$-5.00"); "866-579" is a phone number, "EREF+1" a tag.
  if (SIGNS.has(before ?? '') && start >= 2 && !SPACE_OR_OPEN_RE.test(text[start - 2]!) && !markEndingAt(text, start - 1)) return false;
  if (after !== undefined && BLOCK_AFTER.has(after)) return false;
  if (isLetter(after) && !markStartingAt(text, end)) return false;
  if (after === '-' && (DIGIT_RE.test(text[end + 1] ?? '') || isLetter(text[end + 1]))) return false;
  // "03.11." is a German day and month without year.
  if (after === '.' && DOTTED_DAY_MONTH_RE.test(text.slice(start, end))) return false;
  return true;
}

type Side = { pos: number; mark: CurrencyMark | null; sign: AmountSign | null; paren: boolean };

function scanLeft(text: string, start: number): Side {
  let pos = start;
  let sign: AmountSign | null = null;
  if (SIGNS.has(text[pos - 1] ?? '')) {
    sign = text[pos - 1] === '+' ? 'plus' : 'minus';
    pos -= 1;
  }
  const markEnd = text[pos - 1] === ' ' ? pos - 1 : pos;
  const mark = markEndingAt(text, markEnd);
  if (mark) pos = mark.start;
  if (!sign && SIGNS.has(text[pos - 1] ?? '') && (pos < 2 || SPACE_OR_OPEN_RE.test(text[pos - 2]!))) {
    sign = text[pos - 1] === '+' ? 'plus' : 'minus';
    pos -= 1;
  }
  const paren = text[pos - 1] === '(' || (text[pos - 1] === ' ' && text[pos - 2] === '(');
  if (paren) pos = text.lastIndexOf('(', pos - 1);
  const prefix = PREFIX_SIGN_RE.exec(text.slice(Math.max(0, pos - 4), pos));
  if (!sign && prefix) sign = prefix[1]!.toUpperCase() === 'CR' ? 'CR' : 'DR';
  return { pos, mark, sign, paren };
}

function scanRight(text: string, end: number, left: Side): Side {
  let pos = end;
  let sign: AmountSign | null = null;
  if (text[pos] === '-' || text[pos] === '−') {
    sign = 'trailing-minus';
    pos += 1;
  }
  let mark: CurrencyMark | null = null;
  if (!left.mark) {
    mark = markStartingAt(text, text[pos] === ' ' ? pos + 1 : pos);
    if (mark) pos = mark.end;
  }
  const close = text[pos] === ')' ? pos : text[pos] === ' ' && text[pos + 1] === ')' ? pos + 1 : -1;
  const paren = left.paren && close >= 0;
  if (paren) pos = close + 1;
  const suffix = SUFFIX_SIGN_RE.exec(text.slice(pos, pos + 6));
  if (!sign && suffix) {
    const word = (suffix[1] ?? suffix[2]!).toUpperCase();
    sign = word.startsWith('C') || word === 'BIJ' ? 'CR' : 'DR';
    pos += suffix[0].length;
  }
  return { pos, mark, sign: paren ? 'parentheses' : sign, paren };
}

function labelBefore(text: string, pos: number): AmountLabel | null {
  const window = text.slice(Math.max(0, pos - 32), pos);
  if (EXCLUDED_LABEL(window)) return 'excluded';
  if (POSTED_LABEL(window)) return 'posted';
  if (CONVERTED(window)) return 'converted';
  return null;
}

/**
 * Every amount-like number, left to right, read with the locale's decimal mark; numbers inside
 * `dates` ("EUR 10 NOV 2026": 10 is a day) are not amounts.
 */
export function findAmounts(text: string, decimal: DecimalMark | null, dates: readonly Span[] = []): AmountCandidate[] {
  const found: AmountCandidate[] = [];
  // exec on the shared global regex: matchAll would clone it on every call.
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(text); m; m = NUMBER_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!standsAlone(text, start, end) || dates.some((d) => start < d.end && end > d.start)) continue;
    const parsed = parseNumber(m[0], decimal);
    if (!parsed) continue;
    const left = scanLeft(text, start);
    const right = scanRight(text, end, left);
    found.push({
      token: m[0],
      start: left.pos,
      end: right.pos,
      parsed,
      mark: left.mark ?? right.mark,
      sign: right.sign === 'parentheses' ? 'parentheses' : (left.sign ?? right.sign),
      label: labelBefore(text, left.pos),
    });
  }
  return found;
}

/** Printed like money: two decimals, grouping, a currency mark, a sign or a posted label. */
export function looksLikeMoney(c: AmountCandidate): boolean {
  const grouped = c.parsed.ambiguous || (c.parsed.fraction === '' && /[.,'’ ]/.test(c.token));
  return c.parsed.fraction.length === 2 || grouped || c.mark !== null || c.sign !== null || c.label === 'posted';
}
