/**
 * Card numbers: 13–19 digits with a card scheme's prefix and length AND a valid Luhn digit. The
 * scheme check keeps ACH trace numbers, UETRs, UPI RRNs, millisecond timestamps and most other
 * long ids from passing one time in ten; a run longer than 19 digits is an id (E2E, ARN).
 * Partly masked cards (4111XXXXXXXX1111, ****1111) are already safe and are left alone.
 *
 * Read strictly (policy.ts), a card is contiguous or in the groups a card is printed in: equal
 * groups of 2–6 digits, the last maybe shorter (4-4-4-4, 4-4-4-4-3, 2-2-…-2), or Amex 4-6-5 and
 * Diners 4-6-4, joined by spaces, dashes, dots, slashes or underscores, mixed or not
 * (4111 1111-1111 1111). Groups of other sizes (4-6-6, 8-8, 3-3-3-3-4, a digit at a time) count
 * when one separator joins them all, the digits have a length cards are issued at and touch no
 * letter: that is how a person copies a card out by hand, while a date beside an amount
 * (30.11.2026 1.234.567) or a CNPJ (12.345.678/0001-95) mixes separators, and an id glued to its
 * prefix (E2E398768052010 09/05) is followed by a date.
 */
import { asciiDigits, digitsEnd, digitValue, isDigit } from './digits.ts';
import type { SecretPolicy, SecretSpan } from './policy.ts';

/** A run of digits of any script, as ASCII digits, with its place in the text. */
type DigitGroup = { digits: string; start: number; end: number };

// A separator is one space, or one of these marks or a dash with or without a space on either side.
const SEPARATOR_MARKS = './_\u00b7\u2212-';
const DASH = /\p{Pd}/u;
// Read broadly, up to three characters that are neither letters nor digits join two digit groups.
const MAX_GAP = 3;
const LETTER = /\p{L}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
// Values after these SEPA tags are the parties' own ids (end-to-end, mandate, creditor references).
const SEPA_ID_TAG = /(?:EREF|KREF|MREF|CRED|DEBT)\+$/i;
const SEPA_TAG_WIDTH = 5;
const MIN_LENGTH = 13;
const MAX_LENGTH = 19;

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

/** Whether ASCII digits are a card number: 13–19 of them, a scheme's prefix and length, a valid Luhn digit. */
export function isCardNumber(digits: string): boolean {
  return digits.length >= MIN_LENGTH && digits.length <= MAX_LENGTH && hasCardShape(digits) && luhnValid(digits);
}

/**
 * The lengths nearly every card is issued at: Visa 13, 16 or 19 (the scheme check allows no
 * other), Amex 15, Diners 14, the others 16 or 19. Digits glued to letters are also how banks
 * print ids (RTGS UTR SBINR22027020157682098, SRF# GW50874708663684), so there only these count.
 */
function issuedLength(digits: string): boolean {
  const n = digits.length;
  return n === 16 || n === 19 || digits[0] === '4' || (digits[0] === '3' && (n === 14 || n === 15));
}

/** Adds the card numbers of `text` to `spans`. */
export function findCards(text: string, policy: SecretPolicy, spans: SecretSpan[]): void {
  const strict = policy.reading === 'strict';
  if (tooFewDigits(text)) return;
  for (let at = nextDigits(text, 0); at < text.length; at = nextDigits(text, at)) {
    const runEnd = digitsEnd(text, at);
    if (!schemeDigit(text.codePointAt(at)!) || !reachesCardLength(text, at, strict)) {
      at = runEnd;
      continue;
    }
    let end = cardEnd(text, groupsFrom(text, at, strict), policy);
    if (end > 0 && strict && SEPA_ID_TAG.test(text.slice(Math.max(0, at - SEPA_TAG_WIDTH), at))) end = -1;
    if (end > 0) spans.push({ start: at, end, kind: 'CARD' });
    at = end > 0 ? end : runEnd;
  }
}

/** Where the next run of digits starts at or after `from` (the text's length when none does). A run's middle is never a start. */
function nextDigits(text: string, from: number): number {
  let at = from;
  while (at < text.length && digitsEnd(text, at) === at) at++;
  return at;
}

/** Whether a card can start with this digit: every scheme starts with 2–6. */
function schemeDigit(codePoint: number): boolean {
  const value = codePoint <= 57 ? codePoint - 48 : digitValue(codePoint);
  return value >= 2 && value <= 6;
}

/** Too few digits for a card, told cheaply: most identifiers stop here. */
function tooFewDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return false;
    if (c >= 48 && c <= 57 && ++digits >= MIN_LENGTH) return false;
  }
  return true;
}

/** Whether the digit groups from `start` on hold enough digits for a card (counting UTF-16 units: a digit is one or two). */
function reachesCardLength(text: string, start: number, strict: boolean): boolean {
  let units = 0;
  for (let at = start; at >= 0 && units < MIN_LENGTH; ) {
    const end = digitsEnd(text, at);
    units += end - at;
    at = strict ? nextPrintedGroup(text, end) : nextGroupAcrossGap(text, end);
  }
  return units >= MIN_LENGTH;
}

/**
 * The digit groups from `start` on, joined by separators, as far as a card could reach (19
 * digits). Read a character at a time: nearly every line with a place for a card holds a long id
 * there, one group read and done.
 */
function groupsFrom(text: string, start: number, strict: boolean): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let count = 0;
  for (let at = start; at >= 0 && count < MAX_LENGTH; ) {
    const end = digitsEnd(text, at);
    const digits = asciiDigits(text.slice(at, end));
    groups.push({ digits, start: at, end });
    count += digits.length;
    at = strict ? nextPrintedGroup(text, end) : nextGroupAcrossGap(text, end);
  }
  return groups;
}

/** Where the next group starts after one separator at `at`, or -1. */
function nextPrintedGroup(text: string, at: number): number {
  let next = text[at] === ' ' ? at + 1 : at;
  const mark = text[next];
  if (mark !== undefined && (SEPARATOR_MARKS.includes(mark) || (mark > '\u007f' && DASH.test(mark))))
    next += text[next + 1] === ' ' ? 2 : 1;
  return next > at && digitsEnd(text, next) > next ? next : -1;
}

/** Where the next group starts after at most MAX_GAP characters that are neither letters nor digits, or -1. */
function nextGroupAcrossGap(text: string, at: number): number {
  for (let next = at; next <= at + MAX_GAP && next < text.length; next++) {
    const point = text.codePointAt(next)!;
    if (isDigit(point)) return next;
    if (LETTER_OR_NUMBER.test(String.fromCodePoint(point))) return -1;
  }
  return -1;
}

/**
 * The end of the longest card made of the first groups, or -1: "4111 1111 1111 1111 123 48.12"
 * holds a 16-digit card unless all 19 digits make one.
 */
function cardEnd(text: string, groups: DigitGroup[], policy: SecretPolicy): number {
  const start = groups[0]!.start;
  const strict = policy.reading === 'strict';
  let end = -1;
  let digits = '';
  for (let last = 0; last < groups.length && (digits += groups[last]!.digits).length <= MAX_LENGTH; last++) {
    if (digits.length < MIN_LENGTH || !isCardNumber(digits)) continue;
    const glued = LETTER.test(text[start - 1] ?? '') || LETTER.test(text[groups[last]!.end] ?? '');
    if (strict && !groupedLikeACard(groups, last) && (glued || !issuedLength(digits) || !oneSeparator(text, groups, last))) continue;
    if (!glued || (policy.glued && issuedLength(digits))) end = groups[last]!.end;
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

/** Groups 0..last are joined by one and the same separator. */
function oneSeparator(text: string, groups: DigitGroup[], last: number): boolean {
  const separator = text.slice(groups[0]!.end, groups[1]?.start);
  for (let i = 2; i <= last; i++) if (text.slice(groups[i - 1]!.end, groups[i]!.start) !== separator) return false;
  return true;
}
