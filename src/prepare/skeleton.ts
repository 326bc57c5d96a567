/**
 * Cuts a masked narrative into a skeleton and its slots: each volatile token (amount, date, time,
 * reference, number, masked secret) is replaced by {KIND}, so every line of one template shares a
 * skeleton. Words, merchant names, currency codes, CR/DR and rail tags stay literal: they are what
 * tells templates apart.
 *
 * Each detector proposes candidate spans; the longest candidate wins an overlap (ties by kind:
 * MASKED, DATE, AMOUNT, TIME, tagged REF, REF), so "03.11.2026" is one date, never the amount
 * "03.11" plus a number. Digit runs left over become NUMBER. Decisions on ambiguous forms:
 * - a bare 6- or 8-digit run (110326, 20261105) is a NUMBER; it is a DATE only right after a date
 *   label (VAL, EFF DATE, SETTLE, DATE, DATUM, FECHA, ...). "DIR DEP 110526" stays a NUMBER: the
 *   rules tier, which knows the rail, decides whether it is a date.
 * - "11.03" is an AMOUNT, "11.03." (German, trailing dot) and "11/03" are DATEs.
 * - an integer is an AMOUNT only with a currency symbol ($250, 250 €) or beside an ISO code
 *   (250 GBP, INR 18500); otherwise a NUMBER.
 * - a space is a thousands separator only when the amount has decimals ("1 234,56"), so
 *   "PARIS 15 04/11" is not an amount. "ST 11 250,00" still reads as one amount: documented risk.
 * - a currency symbol glued or spaced before/after the number, a sign, trailing minus and
 *   parentheses belong to the AMOUNT; ISO codes and CR/DR stay words.
 * - an untagged token is a REF only when it mixes letters and at least 3 digits over 6+ chars
 *   (2K4LD93, INV-2026-10-4471); shorter mixes are names (7-ELEVEN, O2, 24HR, MT103) and stay literal.
 * - a tagged value (EREF+, MREF+, KREF+, CRED+, DEBT+, TRACE, IMAD, OMAD, UETR, E2E, UTR, RRN,
 *   TRN, REF and compounds such as Mandatsreferenz: or End-to-End-Ref.:, :20:, :21:) is a REF with
 *   the tag in `label`; except after SEPA "+" tags it must hold a digit, so "REF FLAT 3 RENT" keeps
 *   its words. A BIC after BIC+, /BIC/ or BIC: is a REF labelled BIC.
 * Literal "{" in the text is not escaped: the skeleton is a key, never parsed back.
 */

import {
  AMOUNT,
  AMOUNT_GROUP,
  hasCurrencyAround,
  isPlainInteger,
  knownCurrency,
  SWIFT_AMOUNT_FIELD,
  trimUnbalancedParens,
} from './amount-pattern.ts';
import {
  DATE_COMPACT,
  DATE_DAY_MONTH,
  DATE_LABELLED,
  DATE_MONTH_FIRST,
  DATE_NUMERIC,
  MONTH_WORD,
  validDigitsDate,
  validFirstNumber,
  validNumericDate,
} from './date-patterns.ts';
import type { Slot, SlotKind } from './prepared-record.ts';

export type Skeleton = { skeleton: string; slots: Slot[] };

type Candidate = { kind: SlotKind; start: number; end: number; label?: string };

// Tie-break between candidates of equal length; a tagged REF (one with a label) beats an untagged one.
const RANK: Record<SlotKind, number> = { MASKED: 0, DATE: 1, AMOUNT: 2, TIME: 3, REF: 5, NUMBER: 6 };
const rank = (c: Candidate): number => (c.kind === 'REF' && c.label !== undefined ? 4 : RANK[c.kind]);

// A bank's own masking of a card: the last four digits behind X, * or • ("XXXX 1234", "X5110", "*1234").
const MASKED =
  /\[(?:CARD|IBAN|EMAIL|PHONE)\]|(?<![\p{L}\p{N}*•])(?:\d{4,6}[Xx*•]{4,}\d{4}|[Xx*•]{4,} ?\d{4}|[Xx*•]{1,3}\d{4}|\d{4}(?:[ -][Xx*•]{4}){2}[ -]\d{4})(?![\p{L}\p{N}])/gu;
const TIME = /(?<![\p{N}:.,])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?: ?[AaPp][Mm](?![\p{L}\p{N}]))?(?![\p{N}]|[:.,]\d)/gu;
// A reference label may be a compound ("Mandatsreferenz:", "End-to-End-Ref.:"): the lookbehind
// finds its start without trying every letter of every word; a bank's BIC is cut too, since one
// counterparty pays from several banks.
const REF_TAG =
  /(?<![\p{L}\p{N}])(EREF|KREF|MREF|CRED|DEBT)\+|(?:(?<![\p{L}\p{N}])(TRACE|IMAD|OMAD|UETR|E2E|UTR|RRN|TRN)|(?<=(?:^|[^\p{L}\p{N}])[\p{L}-]*)(REFERENZ|REFERENCIA|REFERENCE|REF))(?![\p{L}\p{N}])(?: ?(?:NO|NR|NUM|NUMBER|ID)\.?)? ?[:#.]{0,2} ?|(?<![\p{L}\p{N}])(:2[01]:)|(?<![\p{L}\p{N}])(BIC)(?:\+|\/|: ?)/giu;
const SEPA_VALUE = /[^\s[]\S*/y;
const TAGGED_VALUE = /[A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?(?![\p{L}\p{N}_-]|[/.,:]\p{N})/uy;
const BIC_VALUE = /[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![\p{L}\p{N}])/uy;
// A token running on into a number ("2026-11-05T14:32", "261105USD15000,00") is not one reference.
const MIXED_TOKEN = /(?<![\p{L}\p{N}_-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?(?![\p{L}\p{N}_-]|[:.,/]\d)/gu;
// Digits glued to letters (O2, 24HR) or hyphenated onto a word (7-ELEVEN) are part of a name;
// digits opening a SWIFT field tag (:20:, :32A:) are part of the tag.
const DIGIT_RUN = /(?<![\p{L}\p{N}_]|\p{L}-|(?:^| ):)\d+(?![\p{L}\p{N}_]|-\p{L})/gu;
const DIGIT = /\d/;
const SIX_DIGITS = /\d{6}/;
// A masked marker has its bracket; a bank's own mask touches a digit, at most a space or a dash between.
const MAY_BE_MASKED = /\[|\d[Xx*•]|[Xx*•][ -]?\d/;
const SPELLED_DATES: readonly RegExp[] = [DATE_COMPACT, DATE_DAY_MONTH, DATE_MONTH_FIRST];

export function skeletonize(masked: string): Skeleton {
  // Every slot needs a digit, a masked marker or a SEPA tag ("EREF+NOTPROVIDED").
  if (!DIGIT.test(masked) && !masked.includes('[') && !masked.includes('+')) return { skeleton: masked, slots: [] };
  const candidates: Candidate[] = [];
  collectPlain(masked, candidates);
  collectDates(masked, candidates);
  collectAmounts(masked, candidates);
  collectSwiftFields(masked, candidates);
  collectTaggedRefs(masked, candidates);
  collectMixedRefs(masked, candidates);
  const chosen = choose(candidates);
  addNumbers(masked, chosen);
  return build(masked, chosen);
}

/**
 * Masked secrets and times. Each pattern is a pass over the whole line; a cheap test first tells
 * when it cannot match: most lines mask nothing, and a time has a colon.
 */
function collectPlain(text: string, out: Candidate[]): void {
  if (MAY_BE_MASKED.test(text)) collectAll(text, MASKED, 'MASKED', out);
  if (text.includes(':')) collectAll(text, TIME, 'TIME', out);
}

function collectAll(text: string, pattern: RegExp, kind: SlotKind, out: Candidate[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) out.push({ kind, start: m.index, end: m.index + m[0].length });
}

/** Dates; the spelled and the labelled shapes only when the line spells a month or prints six digits in a row. */
function collectDates(text: string, out: Candidate[]): void {
  collectValidDates(text, DATE_NUMERIC, validNumericDate, out);
  if (MONTH_WORD.test(text)) for (const pattern of SPELLED_DATES) collectValidDates(text, pattern, validFirstNumber, out);
  if (SIX_DIGITS.test(text)) collectLabelledDates(text, out);
}

function collectValidDates(text: string, pattern: RegExp, valid: (token: string) => boolean, out: Candidate[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (valid(m[0])) out.push({ kind: 'DATE', start: m.index, end: m.index + m[0].length });
  }
}

/** Six or eight digits after a date label (VAL 261105). */
function collectLabelledDates(text: string, out: Candidate[]): void {
  DATE_LABELLED.lastIndex = 0;
  for (let m = DATE_LABELLED.exec(text); m !== null; m = DATE_LABELLED.exec(text)) {
    const [whole, label = '', digits = ''] = m;
    const end = m.index + whole.length;
    if (validDigitsDate(digits)) out.push({ kind: 'DATE', start: end - digits.length, end, label: label.toUpperCase() });
  }
}

function collectAmounts(text: string, out: Candidate[]): void {
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(text); m !== null; m = AMOUNT.exec(text)) {
    const iso = m[AMOUNT_GROUP.iso];
    if (!knownCurrency(iso)) continue;
    const span = trimUnbalancedParens(text, { start: m.index, end: m.index + m[0].length });
    const marked = m[AMOUNT_GROUP.pre] !== undefined || m[AMOUNT_GROUP.post] !== undefined || iso !== undefined;
    if (isPlainInteger(m[AMOUNT_GROUP.num] ?? '') && !marked && !hasCurrencyAround(text, span)) continue;
    out.push({ kind: 'AMOUNT', ...span });
  }
}

function collectSwiftFields(text: string, out: Candidate[]): void {
  if (!text.includes(':')) return; // every field tag opens with one
  SWIFT_AMOUNT_FIELD.lastIndex = 0;
  for (let m = SWIFT_AMOUNT_FIELD.exec(text); m !== null; m = SWIFT_AMOUNT_FIELD.exec(text)) {
    const [whole, tag = '', date, , amount = ''] = m;
    const label = `:${tag}:`;
    const end = m.index + whole.length;
    out.push({ kind: 'AMOUNT', start: end - amount.length, end, label });
    const dateStart = m.index + label.length;
    if (date !== undefined && validDigitsDate(date)) out.push({ kind: 'DATE', start: dateStart, end: dateStart + 6, label });
  }
}

function collectTaggedRefs(text: string, out: Candidate[]): void {
  REF_TAG.lastIndex = 0;
  for (let m = REF_TAG.exec(text); m !== null; m = REF_TAG.exec(text)) {
    const sepa = m[1] !== undefined;
    const bic = m[5] !== undefined;
    const value = bic ? BIC_VALUE : sepa ? SEPA_VALUE : TAGGED_VALUE;
    value.lastIndex = m.index + m[0].length;
    const v = value.exec(text);
    if (v === null) continue;
    if (!sepa && !bic && (v[0].length < 4 || !DIGIT.test(v[0]))) continue;
    const label = m[3] !== undefined ? compoundLabel(text, m.index, m[3]) : (m[1] ?? m[2] ?? m[4] ?? m[5] ?? '').toUpperCase();
    out.push({ kind: 'REF', start: v.index, end: v.index + v[0].length, label: label === 'REFERENCE' ? 'REF' : label });
    REF_TAG.lastIndex = v.index + v[0].length;
  }
}

/** "MANDATSREFERENZ" for the "referenz" that ends "Mandatsreferenz". */
function compoundLabel(text: string, suffixAt: number, suffix: string): string {
  let start = suffixAt;
  while (start > 0 && /[\p{L}-]/u.test(text[start - 1]!)) start -= 1;
  return text.slice(start, suffixAt + suffix.length).toUpperCase();
}

function collectMixedRefs(text: string, out: Candidate[]): void {
  MIXED_TOKEN.lastIndex = 0;
  for (let m = MIXED_TOKEN.exec(text); m !== null; m = MIXED_TOKEN.exec(text)) {
    const token = m[0];
    if (token.length < 6) continue;
    // On a card line "MERCHANT*X" names an order after the star ("AMAZON.COM*35HJUZN"): one digit is enough there.
    if (text[m.index - 1] === '*' && /\d/.test(token) && /\p{L}/u.test(token)) {
      out.push({ kind: 'REF', start: m.index, end: m.index + token.length });
      continue;
    }
    if (isId(token, 'mixed')) {
      // Words and ids joined by hyphens ("DR-UTIB0485562-SNEHA"): the id is the part that is one, the words stay
      // words; a token of ids alone (a UUID) stays one id.
      const parts = hyphenParts(token, m.index);
      const joinsWords = parts.some((part) => /^\p{L}{2,}$/u.test(part.text));
      const ids = joinsWords ? parts.filter((part) => isId(part.text, 'any')) : [];
      if (ids.length > 0) for (const id of ids) out.push({ kind: 'REF', start: id.start, end: id.start + id.text.length });
      else out.push({ kind: 'REF', start: m.index, end: m.index + token.length });
    }
  }
}

/** An id: 6+ characters with 3+ digits, mixing letters in (`mixed`) or not (`any`, for a part of a joined token). */
function isId(token: string, shape: 'mixed' | 'any'): boolean {
  if (token.length < 6) return false;
  let digits = 0;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) >= 48 && token.charCodeAt(i) <= 57) digits++;
  return digits >= 3 && (shape === 'any' || digits < token.length);
}

function hyphenParts(token: string, start: number): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let at = start;
  for (const text of token.split('-')) {
    parts.push({ text, start: at });
    at += text.length + 1;
  }
  return parts;
}

/** Longest first, then by rank, then leftmost; a candidate overlapping a kept one is dropped. */
function choose(candidates: Candidate[]): Candidate[] {
  sortInPlace(candidates, (a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  return sortInPlace(kept, byStart);
}

/** Adds a NUMBER for each digit run outside every kept span; keeps `chosen` sorted by start. */
function addNumbers(text: string, chosen: Candidate[]): void {
  const before = chosen.length;
  let next = 0;
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(text); m !== null; m = DIGIT_RUN.exec(text)) {
    const start = m.index;
    while (next < before && chosen[next]!.end <= start) next++;
    if (next < before && chosen[next]!.start < start + m[0].length) continue;
    chosen.push({ kind: 'NUMBER', start, end: start + m[0].length });
  }
  if (chosen.length > before) sortInPlace(chosen, byStart);
}

const byStart = (a: Candidate, b: Candidate) => a.start - b.start;

/**
 * A stable insertion sort: a line has a handful of candidates, and Array.prototype.sort would
 * allocate its work arrays for each of the three sorts of every record.
 */
function sortInPlace(items: Candidate[], compare: (a: Candidate, b: Candidate) => number): Candidate[] {
  for (let i = 1; i < items.length; i += 1) {
    const item = items[i]!;
    let j = i - 1;
    for (; j >= 0 && compare(items[j]!, item) > 0; j -= 1) items[j + 1] = items[j]!;
    items[j + 1] = item;
  }
  return items;
}

function build(text: string, chosen: Candidate[]): Skeleton {
  const ordinals: Record<SlotKind, number> = { AMOUNT: 0, DATE: 0, TIME: 0, REF: 0, NUMBER: 0, MASKED: 0 };
  const slots: Slot[] = [];
  let skeleton = '';
  let cursor = 0;
  for (const c of chosen) {
    skeleton += text.slice(cursor, c.start) + '{' + c.kind + '}';
    const slot: Slot = { kind: c.kind, text: text.slice(c.start, c.end), start: c.start, end: c.end, ordinal: ordinals[c.kind]++ };
    if (c.label !== undefined) slot.label = c.label;
    slots.push(slot);
    cursor = c.end;
  }
  return { skeleton: skeleton + text.slice(cursor), slots };
}
