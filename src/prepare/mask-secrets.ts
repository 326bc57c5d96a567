/**
 * Masks the secrets in a narrative before it is logged, cached, embedded or sent to a model:
 * card numbers → [CARD], IBANs → [IBAN], e-mail addresses → [EMAIL], phone numbers → [PHONE].
 *
 * Precision is preferred over recall wherever a secret looks like a value the later stages need:
 * a false mask destroys a reference or an amount (a scored field), while the secrets here are
 * all checkable or strongly shaped. So:
 * - a card is 13–19 digits (contiguous, or grouped 4-4-4-4[-3], 4-6-5, 4-6-4 by one space or
 *   dash kind) with a card-scheme prefix and length AND a valid Luhn digit; ACH trace numbers,
 *   UETRs, UPI RRNs and other long ids fail one of these. Partly masked cards (4111XXXXXXXX1111,
 *   ****1111) are already safe and are left alone.
 * - an IBAN has a known country code, that country's exact length and a valid mod-97 check;
 *   SEPA creditor ids (DE98ZZZ09999999999) are party ids, not IBANs, and fail the length check.
 * - an e-mail needs a dotted domain. UPI VPAs (priya@oksbi, 98xxxxxx10@ybl) have none and are kept:
 *   a VPA is the counterparty's payment handle, which the extraction needs, not a private contact.
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

const CARD = /(?<![\p{L}\p{N}+]|\d-)(?:\d{13,19}|\d{4}([ -])(?:\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{6}\1\d{4,5}))(?![\p{L}\p{N}]|[-.,]\d)/gu;
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[A-Z0-9]{10,30}|(?: [A-Z0-9]{4}){2,8}(?: [A-Z0-9]{1,3})?)(?![\p{L}\p{N}])/gu;
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;
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
const NON_DIGITS = /\D/g;

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

/** ISO 7064 mod 97-10 over a compact IBAN: the first four characters moved to the end, letters as 10..35. */
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

function collectCards(text: string, spans: Span[]): void {
  CARD.lastIndex = 0;
  for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
    const digits = m[0].replace(NON_DIGITS, '');
    if (isCard(digits)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'CARD' });
    // "4111 1111 1111 1111 123 …": the trailing group may belong to the next token, not the card.
    else if (digits.length === 19 && m[1] !== undefined && isCard(digits.slice(0, 16))) {
      spans.push({ start: m.index, end: m.index + 19, kind: 'CARD' });
    }
  }
}

function isCard(digits: string): boolean {
  return hasCardShape(digits) && luhnValid(digits);
}

function collectIbans(text: string, spans: Span[]): void {
  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m !== null; m = IBAN.exec(text)) {
    const length = IBAN_LENGTHS.get(m[0].slice(0, 2));
    if (length === undefined) continue;
    // A spaced candidate may run into the next word ("BE68 5390 0754 7034 SEPA"): cut it at the
    // country's length, but only at a group boundary.
    const matchEnd = m.index + m[0].length;
    let end = m.index;
    let compact = '';
    while (compact.length < length && end < matchEnd) {
      if (text[end] !== ' ') compact += text[end];
      end++;
    }
    if (compact.length !== length || (end < matchEnd && text[end] !== ' ')) continue;
    if (ibanChecksumValid(compact)) spans.push({ start: m.index, end, kind: 'IBAN' });
  }
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
