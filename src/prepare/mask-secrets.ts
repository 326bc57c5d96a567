/**
 * Masks the secrets in a narrative before it is logged, cached, embedded or sent to a model:
 * card numbers → [CARD], IBANs → [IBAN], e-mail addresses → [EMAIL], phone numbers → [PHONE].
 * It expects normalised text (normalise.ts: no invisible characters, full-width forms folded);
 * digits of any script are read by their value all the same (٤١١١…, ४१११…).
 *
 * A secret is found in any shape a person or a feed prints it in: glued to a word (CARD4111…,
 * …1111EXP1228, IBANDE89…), in lower or mixed case, grouped by any separator. Precision comes from
 * the checks, because a false mask destroys a reference or an amount (a scored field) while the
 * secrets here are all checkable or strongly shaped:
 * - a card is 13–19 digits with a card-scheme prefix and length AND a valid Luhn digit, contiguous
 *   or in the groups a card is printed in: equal groups of 2–6 digits, the last maybe shorter
 *   (4-4-4-4, 4-4-4-4-3, 2-2-…-2), or Amex 4-6-5 and Diners 4-6-4, joined by spaces, dashes,
 *   dots, slashes or underscores, mixed or not (4111 1111-1111 1111). A date beside an amount (30.11.2026 1.234.567) or a
 *   CNPJ (12.345.678/0001-95) is grouped otherwise. ACH trace numbers, UETRs, UPI RRNs and other
 *   long ids fail the scheme or Luhn check. Digits glued to letters are also how banks print ids
 *   (RTGS UTR SBINR22027020157682098, SRF# GW50874708663684), so there only the lengths cards are
 *   issued at count (Visa 13/16/19, Amex 15, Diners 14, the others 16 and 19); and a value after a
 *   SEPA id tag (EREF+, MREF+) is an id by definition. Partly masked cards (4111XXXXXXXX1111,
 *   ****1111) are already safe and are left alone.
 * - an IBAN, in any case, compact or in equal groups of 4–6 joined by spaces or dashes, has a known
 *   country code, that country's exact length and a valid mod-97 check; SEPA creditor ids
 *   (DE98ZZZ09999999999) are party ids, not IBANs, and fail the length check.
 * - an e-mail needs a dotted domain; local part and domain may be in any script (josé@exämple.de,
 *   用户@例子.广告). UPI VPAs (priya@oksbi, 98xxxxxx10@ybl) have no dot and are kept: a VPA is the
 *   counterparty's payment handle, which the extraction needs, not a private contact.
 * - a phone number is only recognised when it cannot be an amount, date or reference:
 *   "+" and a country code (8–15 digits), a North American (866) 579-7172 / 866-579-7172 shape
 *   (area code and exchange 2–9), or any grouped national number after a TEL / PHONE / PH / MOB
 *   label (7–15 digits). Bare digit runs (9876543210) are never phones: they are too often ids.
 */
import type { SecretKind } from './prepared-record.ts';

export type MaskResult = {
  /** The text with each secret replaced by its [KIND] marker. */
  masked: string;
  /** One entry per secret masked, left to right. */
  secrets: SecretKind[];
};

type Span = { start: number; end: number; kind: SecretKind };
/** A run of digits of any script, as ASCII digits, with its place in the text. */
type DigitGroup = { digits: string; start: number; end: number };

// Digit groups joined by one separator each (a space, or a dash, minus sign, dot, slash, underscore
// or middle dot with or without a space on either side): every way a card's groups are printed.
// Written out so that no branch starts with an optional space: a mark alone or a space alone, a
// mark after a space, a mark before one.
const SEPARATOR = String.raw`(?:[ \p{Pd}\u2212./_\u00b7]| [\p{Pd}\u2212./_\u00b7] ?|[\p{Pd}\u2212./_\u00b7] )`;
const SEPARATOR_MARKS = './_\u00b7\u2212-';
const DASH = /\p{Pd}/u;
// Where a card could start, which most lines have no place for (a cheap test before reading groups).
const CARD_START = cardStartPattern(String.raw`\p{Nd}`, SEPARATOR);
const ND = /^\p{Nd}$/u;
const ASCII_DIGITS = /^[0-9]+$/;
const LETTER = /\p{L}/u;
// Values after these SEPA tags are the parties' own ids (end-to-end, mandate, creditor references).
const SEPA_ID_TAG = /(?:EREF|KREF|MREF|CRED|DEBT)\+$/i;
const SEPA_TAG_WIDTH = 5;

// An IBAN starts a word, or follows its label glued on ("IBANDE89…").
const IBAN_START = /(?:(?<![\p{L}\p{N}])|(?<=[Ii][Bb][Aa][Nn]))[A-Za-z]{2}\p{Nd}{2}/gu;

// Any script's letters, marks and digits; a domain's dots include the ideographic full stop (NFKC
// has already folded the full-width "＠" and "．"), and a top-level domain is letters or an IDNA
// A-label (xn--p1ai).
const EMAIL =
  /(?<![\p{L}\p{N}\p{M}._%+-])[\p{L}\p{N}][\p{L}\p{N}\p{M}._%+-]*@[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?(?:[.\u3002][\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?)*[.\u3002](?:[Xx][Nn]--[A-Za-z0-9-]{2,59}|\p{L}[\p{L}\p{M}]{1,62})/gu;
const PHONE_PLUS = /(?<![\p{L}\p{N}+])\+(?=[1-9])/gu;
const PHONE_NANP =
  /(?<![\p{L}\p{N}+\-/.])(?:1[ .-])?(?:\([2-9]\d\d\) ?[2-9]\d\d-\d{4}|[2-9]\d\d([.-])[2-9]\d\d\1\d{4})(?![\p{L}\p{N}]|[-.,/]\d)/gu;
const PHONE_LABEL =
  /(?<![\p{L}\p{N}])(?:TEL(?:EFONE?|EPHONE|[EÉ]FONO)?|TÉL(?:ÉPHONE)?|PHONE|PH|MOB(?:ILE)?|CEL(?:L|ULAR)?|FON|HANDY)\.?(?: ?(?:NO|NR|N°)\.?)? ?[:#]? ?(?=[+(]?\d)/giu;
// One group of a phone number: an optional separator, an optional (area code), then digits.
const PHONE_GROUP = /[ .\-/]?(?:\(\d{1,5}\) ?)?\d+/y;
// A phone number must not end inside a word or a number ("… 0958 25.00" ends before "25").
const PHONE_CUT = /[\p{L}\p{N}]|[-.,/]\d/uy;
// "+1234567.89" is a signed amount and "TEL 11/02/2026" a date, not phone numbers.
const NOT_A_PHONE = /^\+\d+(?:[.,]\d{3})*[.,]\d{2}$|^\d{1,4}([./-])\d{1,2}\1\d{2,4}$/;

// ISO 13616 lengths by country (SWIFT IBAN registry); any other country code is not an IBAN.
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 ' +
    'DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 ' +
    'IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 ' +
    'MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 ' +
    'SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

const MARKERS: Record<SecretKind, string> = { CARD: '[CARD]', IBAN: '[IBAN]', EMAIL: '[EMAIL]', PHONE: '[PHONE]' };

export function maskSecrets(text: string): MaskResult {
  const spans: Span[] = [];
  if (text.includes('@')) collectEmails(text, spans);
  collectIbans(text, spans);
  collectCards(text, spans);
  collectPhones(text, spans);
  if (spans.length === 0) return { masked: text, secrets: [] };
  return applySpans(text, spans);
}

/** Luhn (ISO/IEC 7812) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 7064 mod 97-10 over a compact upper-case IBAN: the first four characters moved to the end, letters as 10..35. */
export function ibanChecksumValid(compact: string): boolean {
  let rest = 0;
  for (let k = 0; k < compact.length; k++) {
    const c = compact.charCodeAt((k + 4) % compact.length);
    rest = c <= 57 ? (rest * 10 + c - 48) % 97 : (rest * 100 + c - 55) % 97;
  }
  return rest === 1;
}

/** Whether a digit string has the prefix and length of a real card scheme (Visa, MC, Amex, ...). */
export function hasCardShape(digits: string): boolean {
  const n = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  switch (digits[0]) {
    case '4':
      return n === 13 || n === 16 || n === 19; // Visa
    case '3':
      if (two === 34 || two === 37) return n === 15; // Amex
      if (two === 35) return n >= 16; // JCB
      return (two === 30 || two === 36 || two === 38 || two === 39) && n >= 14; // Diners
    case '5':
      return two >= 51 && two <= 55 ? n === 16 : n >= 13; // Mastercard, Maestro
    // ACH trace numbers start with a routing number (6x thrifts included) and have 15 digits.
    case '6':
      return n >= 16; // Discover, UnionPay, Maestro
    case '2':
      return (four >= 2221 && four <= 2720 && n === 16) || (four >= 2200 && four <= 2204 && n >= 16);
    default:
      return false;
  }
}

/** The lengths nearly every card is issued at: Visa 13, 16 or 19 (the scheme check allows no other), Amex 15, Diners 14, the others 16 or 19. */
function issuedLength(digits: string): boolean {
  const n = digits.length;
  return n === 16 || n === 19 || digits[0] === '4' || (digits[0] === '3' && (n === 14 || n === 15));
}

/** Digits of any script as ASCII digits: full-width and mathematical digits, but also Arabic-Indic, Devanagari, Thai… */
export function asciiDigits(digits: string): string {
  if (ASCII_DIGITS.test(digits)) return digits;
  let ascii = '';
  for (const digit of digits) ascii += digitValue(digit.codePointAt(0)!);
  return ascii;
}

/**
 * The value of a decimal digit (\p{Nd}) of any script. Unicode encodes every script's digits as a
 * contiguous run 0..9 (where runs touch, as the mathematical digits do, each is still whole), so
 * a digit's value is its distance from the start of its run, modulo 10.
 */
function digitValue(codePoint: number): number {
  if (codePoint <= 57) return codePoint - 48;
  let start = codePoint;
  while (ND.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/**
 * At the start of a digit group, after its first two digits, one branch for each way a card goes on:
 * - a separator: six groups of 2, then a digit;
 * - a third digit and a separator: four groups of 3, then a digit;
 * - a fourth digit and a separator: three groups of 4 and a digit, or Amex and Diners 4-6-4;
 * - a fifth digit and a separator: 5-5-3;
 * - a sixth digit and a separator: 6-6-1; or 13–19 digits in a row (a longer run is an id: E2E, ARN).
 * Written as a tree, so that each character is looked at once: most digit groups fail at their third.
 */
function cardStartPattern(d: string, s: string): RegExp {
  const sixes = `${s}${d}{6}${s}${d}|${d}{7}(?!${d}{7})`;
  const fives = `${s}${d}{5}${s}${d}{3}|${d}(?:${sixes})`;
  const fours = `${s}(?:${d}{4}${s}${d}{4}${s}${d}|${d}{6}${s}${d}{4})|${d}(?:${fives})`;
  const threes = `${s}(?:${d}{3}${s}){3}${d}|${d}(?:${fours})`;
  const twos = `${s}(?:${d}{2}${s}){5}${d}|${d}(?:${threes})`;
  return new RegExp(`(?<!${d})${d}{2}(?:${twos})`, 'gu');
}

function collectCards(text: string, spans: Span[]): void {
  CARD_START.lastIndex = 0;
  for (let m = CARD_START.exec(text); m !== null; m = CARD_START.exec(text)) {
    const groups = groupsFrom(text, m.index);
    let end = cardEnd(text, groups);
    if (end > 0 && SEPA_ID_TAG.test(text.slice(Math.max(0, m.index - SEPA_TAG_WIDTH), m.index))) end = -1;
    if (end > 0) spans.push({ start: m.index, end, kind: 'CARD' });
    CARD_START.lastIndex = end > 0 ? end : groups[0]!.end;
  }
}

/**
 * The digit groups from `start` on, joined by separators (as SEPARATOR reads them), as far as a
 * card could reach (19 digits). Read a character at a time: nearly every line with a place for a
 * card holds a long id there, one group read and done.
 */
function groupsFrom(text: string, start: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let count = 0;
  for (let at = start; at >= 0 && count < 19; at = nextGroupStart(text, groups[groups.length - 1]!.end)) {
    const end = digitsEnd(text, at);
    const digits = asciiDigits(text.slice(at, end));
    groups.push({ digits, start: at, end });
    count += digits.length;
  }
  return groups;
}

function digitsEnd(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c >= 48 && c <= 57) at++;
    else if (c > 127 && ND.test(String.fromCodePoint(text.codePointAt(at)!))) at += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    else break;
  }
  return at;
}

/** Where the next group starts after a separator at `at`, or -1. */
function nextGroupStart(text: string, at: number): number {
  let next = text[at] === ' ' ? at + 1 : at;
  const mark = text[next];
  if (mark !== undefined && (SEPARATOR_MARKS.includes(mark) || (mark > '\u007f' && DASH.test(mark))))
    next += text[next + 1] === ' ' ? 2 : 1;
  return next > at && digitsEnd(text, next) > next ? next : -1;
}

/**
 * The end of the longest card made of the first groups, or -1: "4111 1111 1111 1111 123 48.12"
 * holds a 16-digit card unless all 19 digits make one.
 */
function cardEnd(text: string, groups: DigitGroup[]): number {
  const start = groups[0]!.start;
  let end = -1;
  let digits = '';
  for (let last = 0; last < groups.length && (digits += groups[last]!.digits).length <= 19; last++) {
    if (digits.length < 13 || !groupedLikeACard(groups, last) || !isCard(digits)) continue;
    const glued = LETTER.test(text[start - 1] ?? '') || LETTER.test(text[groups[last]!.end] ?? '');
    if (!glued || issuedLength(digits)) end = groups[last]!.end;
  }
  return end;
}

/** Groups 0..last are one run of digits, or the groups a card is printed in: equal groups of 2–6, the last maybe shorter; Amex 4-6-5, Diners 4-6-4. */
function groupedLikeACard(groups: DigitGroup[], last: number): boolean {
  if (last === 0) return true;
  const size = (i: number) => groups[i]!.digits.length;
  if (last === 2 && size(0) === 4 && size(1) === 6 && (size(2) === 5 || size(2) === 4)) return true;
  const width = size(0);
  if (width < 2 || width > 6) return false;
  for (let i = 1; i < last; i++) if (size(i) !== width) return false;
  return size(last) <= width;
}

function isCard(digits: string): boolean {
  return hasCardShape(digits) && luhnValid(digits);
}

function collectIbans(text: string, spans: Span[]): void {
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
    const end = ibanEnd(text, m.index);
    if (end < 0) continue;
    spans.push({ start: m.index, end, kind: 'IBAN' });
    IBAN_START.lastIndex = end;
  }
}

/**
 * Where the IBAN starting at `start` ends, or -1. It is read up to its country's length, compact
 * or in equal groups of 4–6 (the last maybe shorter) joined by single spaces or dashes, so a
 * creditor id running on into words ("CRED+DE44ZZZ07487052914 SVWZ+…") is not read as one. It may
 * end where letters are glued on ("…013000BIC"), never before a digit: that is a longer number.
 */
function ibanEnd(text: string, start: number): number {
  const length = IBAN_LENGTHS.get(text.slice(start, start + 2).toUpperCase());
  if (length === undefined) return -1;
  let compact = '';
  let width = 0;
  let group = 0;
  let at = start;
  while (compact.length < length && at < text.length) {
    const point = text.codePointAt(at)!;
    const size = point > 0xffff ? 2 : 1;
    const char = ibanCharacter(point);
    if (char !== '') {
      compact += char;
      group++;
    } else if (group > 0 && isIbanSeparator(point) && ibanCharacter(text.codePointAt(at + size) ?? 0) !== '') {
      if (width === 0) width = group;
      if (group !== width || width > 6) return -1;
      group = 0;
    } else break;
    at += size;
  }
  if (compact.length !== length || (width > 0 && group > width)) return -1;
  if (at < text.length && ND.test(String.fromCodePoint(text.codePointAt(at)!))) return -1;
  return ibanChecksumValid(compact) ? at : -1;
}

/** A letter or digit of an IBAN as its upper-case ASCII character; '' for anything else. */
function ibanCharacter(point: number): string {
  if ((point >= 48 && point <= 57) || (point >= 65 && point <= 90)) return String.fromCharCode(point);
  if (point >= 97 && point <= 122) return String.fromCharCode(point - 32);
  return point > 127 && ND.test(String.fromCodePoint(point)) ? String(digitValue(point)) : '';
}

function isIbanSeparator(point: number): boolean {
  return point === 32 || point === 45 || (point > 127 && DASH.test(String.fromCodePoint(point)));
}

function collectEmails(text: string, spans: Span[]): void {
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'EMAIL' });
  }
}

function collectPhones(text: string, spans: Span[]): void {
  PHONE_PLUS.lastIndex = 0;
  for (let m = PHONE_PLUS.exec(text); m !== null; m = PHONE_PLUS.exec(text)) {
    const end = phoneEnd(text, m.index + 1);
    if (end > 0 && !NOT_A_PHONE.test(text.slice(m.index, end))) {
      spans.push({ start: m.index, end, kind: 'PHONE' });
      PHONE_PLUS.lastIndex = end;
    }
  }
  PHONE_NANP.lastIndex = 0;
  for (let m = PHONE_NANP.exec(text); m !== null; m = PHONE_NANP.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'PHONE' });
  }
  PHONE_LABEL.lastIndex = 0;
  for (let m = PHONE_LABEL.exec(text); m !== null; m = PHONE_LABEL.exec(text)) {
    const start = m.index + m[0].length;
    const end = phoneEnd(text, text[start] === '+' ? start + 1 : start);
    if (end > 0 && !NOT_A_PHONE.test(text.slice(start, end))) spans.push({ start, end, kind: 'PHONE' });
  }
}

/**
 * The end of the longest run of phone digit groups from `from` that holds 8..15 digits after a "+"
 * (E.164 with country code), 7..15 otherwise (a labelled national number), and ends on a boundary;
 * -1 when there is none.
 */
function phoneEnd(text: string, from: number): number {
  const minDigits = text[from - 1] === '+' ? 8 : 7;
  let digits = 0;
  let best = -1;
  PHONE_GROUP.lastIndex = from;
  for (let m = PHONE_GROUP.exec(text); m !== null; m = PHONE_GROUP.exec(text)) {
    for (let i = 0; i < m[0].length; i++) {
      const c = m[0].charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
    }
    if (digits > 15) break;
    PHONE_CUT.lastIndex = PHONE_GROUP.lastIndex;
    if (digits >= minDigits && !PHONE_CUT.test(text)) best = PHONE_GROUP.lastIndex;
  }
  return best;
}

/** Earliest span first, the longer one on a tie; a span overlapping a kept one is dropped. */
function applySpans(text: string, spans: Span[]): MaskResult {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const secrets: SecretKind[] = [];
  let masked = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue;
    masked += text.slice(cursor, span.start) + MARKERS[span.kind];
    secrets.push(span.kind);
    cursor = span.end;
  }
  return { masked: masked + text.slice(cursor), secrets };
}
