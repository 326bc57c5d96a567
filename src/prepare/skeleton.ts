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
 * - an untagged token is a REF only when it mixes letters and at least 3 digits over 5+ chars
 *   (2K4LD93, INV-2026-10-4471); shorter mixes are brand words (7-ELEVEN, O2, 24HR) and stay literal.
 * - a tagged value (EREF+, MREF+, KREF+, CRED+, DEBT+, TRACE, IMAD, OMAD, UETR, E2E, UTR, RRN,
 *   TRN, REF, :20:, :21:) is a REF with the tag in `label`; except after SEPA "+" tags it must
 *   hold a digit, so "REF FLAT 3 RENT" keeps its words.
 * Literal "{" in the text is not escaped: the skeleton is a key, never parsed back.
 */
import type { Slot, SlotKind } from './prepared-record.ts';
import { AMOUNT, hasCurrencyAround, isPlainInteger, knownCurrency, trimUnbalancedParens } from './amount-pattern.ts';
import { DATE_COMPACT, DATE_DAY_MONTH, DATE_LABELLED, DATE_MONTH_DAY, DATE_NUMERIC, validDigitsDate, validFirstDay, validNumericDate } from './date-patterns.ts';

export type Skeleton = { skeleton: string; slots: Slot[] };

type Candidate = { kind: SlotKind; start: number; end: number; rank: number; label: string | undefined };

const RANK = { MASKED: 0, DATE: 1, AMOUNT: 2, TIME: 3, TAGGED_REF: 4, REF: 5 } as const;

const MASKED = /\[(?:CARD|IBAN|EMAIL|PHONE)\]|(?<![\p{L}\p{N}*•])(?:\d{4,6}[Xx*•]{4,}\d{4}|[Xx*•]{4,} ?\d{4}|\d{4}(?:[ -][Xx*•]{4}){2}[ -]\d{4})(?![\p{L}\p{N}])/gu;
const TIME = /(?<![\p{N}:.,])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?: ?[AaPp][Mm](?![\p{L}\p{N}]))?(?![\p{N}]|[:.,]\d)/gu;
const REF_TAG = /(?<![\p{L}\p{N}])(?:(EREF|KREF|MREF|CRED|DEBT)\+|(REFERENCE|TRACE|IMAD|OMAD|UETR|E2E|UTR|RRN|TRN|REF)(?![\p{L}\p{N}])(?: ?(?:NO|NR|NUM|NUMBER|ID)\.?)? ?[:#.]? ?|(:2[01]:))/giu;
const SEPA_VALUE = /[^\s[]\S*/y;
const TAGGED_VALUE = /[A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?(?![\p{L}\p{N}_-]|[\/.,:]\p{N})/uy;
const MIXED_TOKEN = /(?<![\p{L}\p{N}_-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?(?![\p{L}\p{N}_-])/gu;
// Digits glued to letters (O2, 24HR) or hyphenated onto a word (7-ELEVEN) are part of a name.
const DIGIT_RUN = /(?<![\p{L}\p{N}_]|\p{L}-)\d+(?![\p{L}_]|-\p{L})/gu;
const DIGIT = /\d/;
const DATE_CHECKS: readonly (readonly [RegExp, (token: string) => boolean])[] = [
  [DATE_NUMERIC, validNumericDate], [DATE_COMPACT, validFirstDay], [DATE_DAY_MONTH, validFirstDay], [DATE_MONTH_DAY, validFirstDay],
];

export function skeletonize(masked: string): Skeleton {
  if (!DIGIT.test(masked) && !masked.includes('[')) return { skeleton: masked, slots: [] };
  const candidates: Candidate[] = [];
  collect(MASKED, masked, candidates, 'MASKED', RANK.MASKED);
  collectDates(masked, candidates);
  collectAmounts(masked, candidates);
  collect(TIME, masked, candidates, 'TIME', RANK.TIME);
  collectTaggedRefs(masked, candidates);
  collectMixedRefs(masked, candidates);
  const chosen = choose(candidates);
  addNumbers(masked, chosen);
  return build(masked, chosen);
}

function push(out: Candidate[], kind: SlotKind, start: number, end: number, rank: number, label?: string): void {
  out.push({ kind, start, end, rank, label });
}

function collect(pattern: RegExp, text: string, out: Candidate[], kind: SlotKind, rank: number): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    push(out, kind, m.index, m.index + m[0].length, rank);
  }
}

function collectDates(text: string, out: Candidate[]): void {
  for (const [pattern, valid] of DATE_CHECKS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (valid(m[0])) push(out, 'DATE', m.index, m.index + m[0].length, RANK.DATE);
    }
  }
  DATE_LABELLED.lastIndex = 0;
  for (let m = DATE_LABELLED.exec(text); m !== null; m = DATE_LABELLED.exec(text)) {
    const [whole, label = '', digits = ''] = m;
    const end = m.index + whole.length;
    if (validDigitsDate(digits)) push(out, 'DATE', end - digits.length, end, RANK.DATE, label.toUpperCase());
  }
}

function collectAmounts(text: string, out: Candidate[]): void {
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(text); m !== null; m = AMOUNT.exec(text)) {
    const groups = m.groups ?? {};
    if (!knownCurrency(groups['iso'])) continue;
    const [start, end] = trimUnbalancedParens(text, m.index, m.index + m[0].length);
    const marked = groups['pre'] !== undefined || groups['post'] !== undefined || groups['iso'] !== undefined;
    if (isPlainInteger(groups['num'] ?? '') && !marked && !hasCurrencyAround(text, start, end)) continue;
    push(out, 'AMOUNT', start, end, RANK.AMOUNT);
  }
}

function collectTaggedRefs(text: string, out: Candidate[]): void {
  REF_TAG.lastIndex = 0;
  for (let m = REF_TAG.exec(text); m !== null; m = REF_TAG.exec(text)) {
    const sepa = m[1] !== undefined;
    const value = sepa ? SEPA_VALUE : TAGGED_VALUE;
    value.lastIndex = m.index + m[0].length;
    const v = value.exec(text);
    if (v === null || (!sepa && (v[0].length < 4 || !DIGIT.test(v[0])))) continue;
    const label = (m[1] ?? m[2] ?? m[3] ?? '').toUpperCase();
    push(out, 'REF', v.index, v.index + v[0].length, RANK.TAGGED_REF, label === 'REFERENCE' ? 'REF' : label);
    REF_TAG.lastIndex = v.index + v[0].length;
  }
}

function collectMixedRefs(text: string, out: Candidate[]): void {
  MIXED_TOKEN.lastIndex = 0;
  for (let m = MIXED_TOKEN.exec(text); m !== null; m = MIXED_TOKEN.exec(text)) {
    const token = m[0];
    if (token.length < 5) continue;
    let digits = 0;
    for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) >= 48 && token.charCodeAt(i) <= 57) digits++;
    if (digits >= 3) push(out, 'REF', m.index, m.index + token.length, RANK.REF);
  }
}

/** Longest first, then by rank, then leftmost; a candidate overlapping a kept one is dropped. */
function choose(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
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
    push(chosen, 'NUMBER', start, start + m[0].length, 9);
  }
  if (chosen.length > before) chosen.sort((a, b) => a.start - b.start);
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
