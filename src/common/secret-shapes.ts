/**
 * Card numbers, IBANs and e-mail addresses found by their shape alone, wherever they sit: in an
 * identifier (which must never carry one out of the service) or in the bytes of a dead letter.
 * Unlike the narrative masker (prepare/mask-secrets.ts), which must not destroy a reference or an
 * amount and so only accepts the groupings banks print, this errs towards finding: a card's
 * digits may be split by any separators and written in any script's digits (４１１１ …), since a
 * wrong find here costs a dead letter or a masked byte of one, never an extracted field.
 *
 * Both agree on what a card number is: 13–19 digits with a card scheme's prefix and length and a
 * valid Luhn digit. The scheme check keeps millisecond timestamps (13 digits starting with 1) and
 * most numeric ids from passing as cards one time in ten.
 */

export type SecretShape = 'CARD' | 'IBAN' | 'EMAIL';
export type SecretSpan = { start: number; end: number; kind: SecretShape };

const MARKERS: Record<SecretShape, string> = { CARD: '[CARD]', IBAN: '[IBAN]', EMAIL: '[EMAIL]' };

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
      return n === 13 || n === 16 || n === 19;
    case '3':
      if (two === 34 || two === 37) return n === 15;
      if (two === 35) return n >= 16;
      return (two === 30 || two === 36 || two === 38 || two === 39) && n >= 14;
    case '5':
      return two >= 51 && two <= 55 ? n === 16 : n >= 13;
    case '6':
      return n >= 16;
    case '2':
      return (four >= 2221 && four <= 2720 && n === 16) || (four >= 2200 && four <= 2204 && n >= 16);
    default:
      return false;
  }
}

export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && hasCardShape(digits) && luhnValid(digits);
}

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

/** ISO 7064 mod 97-10 over a compact upper-case IBAN. */
export function ibanChecksumValid(compact: string): boolean {
  let rest = 0;
  for (let k = 0; k < compact.length; k++) {
    const c = compact.charCodeAt((k + 4) % compact.length);
    rest = c <= 57 ? (rest * 10 + c - 48) % 97 : (rest * 100 + c - 55) % 97;
  }
  return rest === 1;
}

const DIGIT = /\p{Nd}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Up to three characters of anything but letters and digits join two digit groups of one number.
const MAX_GAP = 3;

/** The value of a decimal digit of any script: Unicode encodes each script's 0–9 as one run of ten. */
function digitValue(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 48 && code <= 57) return code - 48;
  const point = text.codePointAt(index)!;
  let zero = point;
  while (zero > 0 && point - zero < 60 && DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return (point - zero) % 10;
}

type DigitGroup = { start: number; end: number; digits: string };

const DIGIT_RUN = /\p{Nd}+/gu;
const ASCII_DIGITS = /^[0-9]+$/;

/** The runs of digits of `text`, each with its ASCII digits. */
function digitGroups(text: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(text); m !== null; m = DIGIT_RUN.exec(text)) {
    let digits = m[0];
    if (!ASCII_DIGITS.test(digits)) {
      digits = '';
      for (let i = m.index; i < m.index + m[0].length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) digits += String(digitValue(text, i));
    }
    groups.push({ start: m.index, end: m.index + m[0].length, digits });
  }
  return groups;
}

/** Too few digits for a card number, checked cheaply: most identifiers stop here. */
function tooFewDigitsForACard(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return false;
    if (code >= 48 && code <= 57 && ++digits >= 13) return false;
  }
  return true;
}

/** Whether two neighbouring digit groups may be parts of one number: a short gap of separators. */
function joined(text: string, left: DigitGroup, right: DigitGroup): boolean {
  if (right.start - left.end > MAX_GAP) return false;
  for (let i = left.end; i < right.start; i++) if (LETTER_OR_DIGIT.test(text[i]!)) return false;
  return true;
}

/** Card numbers: whole digit groups, joined by separators, never a part of a group. */
function collectCards(text: string, spans: SecretSpan[]): void {
  if (tooFewDigitsForACard(text)) return;
  const groups = digitGroups(text);
  const isolated = (g: DigitGroup, edge: 'start' | 'end') =>
    edge === 'start'
      ? g.start === 0 || !LETTER_OR_DIGIT.test(text[g.start - 1]!)
      : g.end === text.length || !LETTER_OR_DIGIT.test(text[g.end]!);
  for (let i = 0; i < groups.length; i++) {
    if (!isolated(groups[i]!, 'start')) continue;
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 19; j++) {
      if (j > i && !joined(text, groups[j - 1]!, groups[j]!)) break;
      digits += groups[j]!.digits;
      if (isCardNumber(digits) && isolated(groups[j]!, 'end')) {
        spans.push({ start: groups[i]!.start, end: groups[j]!.end, kind: 'CARD' });
        i = j;
        break;
      }
    }
  }
}

const SHORTEST_IBAN = Math.min(...IBAN_LENGTHS.values());
const IBAN_START = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}/gu;
const ALPHANUMERIC = /[A-Za-z0-9]/;

/**
 * Where the IBAN starting at `start` ends, read as its country's number of letters and digits,
 * compact or grouped by single spaces or dashes; -1 when it is not one (too short, bad check digits).
 */
function ibanEnd(text: string, start: number): number {
  const length = IBAN_LENGTHS.get(text.slice(start, start + 2).toUpperCase());
  if (length === undefined) return -1;
  let compact = '';
  let end = start;
  while (end < text.length && compact.length < length) {
    const c = text[end]!;
    if (ALPHANUMERIC.test(c)) compact += c.toUpperCase();
    else if (!((c === ' ' || c === '-') && ALPHANUMERIC.test(text[end + 1] ?? ''))) break;
    end++;
  }
  return compact.length === length && ibanChecksumValid(compact) ? end : -1;
}

/** IBANs, compact or grouped, in either case, standing apart from the letters and digits around them. */
function collectIbans(text: string, spans: SecretSpan[]): void {
  if (text.length < SHORTEST_IBAN) return;
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
    const end = ibanEnd(text, m.index);
    if (end !== -1 && !LETTER_OR_DIGIT.test(text[end] ?? '')) {
      spans.push({ start: m.index, end, kind: 'IBAN' });
      IBAN_START.lastIndex = end;
    }
  }
}

// Starting only where a run of address characters starts keeps a long run without an address linear.
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,24}/gu;

function collectEmails(text: string, spans: SecretSpan[]): void {
  if (!text.includes('@')) return;
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text))
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'EMAIL' });
}

/** Every card number, IBAN and e-mail address of `text`, left to right, none overlapping. */
export function findSecretShapes(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  collectEmails(text, spans);
  collectIbans(text, spans);
  collectCards(text, spans);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretSpan[] = [];
  for (const span of spans) if (kept.length === 0 || span.start >= kept[kept.length - 1]!.end) kept.push(span);
  return kept;
}

/**
 * The kind of a secret `text` holds, or null. Identifiers are checked on every record, and almost
 * none has the digits, the @ or the length a secret needs: one pass over the characters tells.
 */
export function secretShapeIn(text: string): SecretShape | null {
  let digits = 0;
  let at = false;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 64) at = true;
    else if (code > 0x7f) ascii = false;
  }
  const spans: SecretSpan[] = [];
  if (digits >= 13 || !ascii) collectCards(text, spans);
  if (spans.length === 0 && digits >= 2 && text.length >= SHORTEST_IBAN) collectIbans(text, spans);
  if (spans.length === 0 && at) collectEmails(text, spans);
  return spans[0]?.kind ?? null;
}

/** `text` with each secret replaced by its marker: [CARD], [IBAN], [EMAIL]. */
export function maskSecretShapes(text: string): string {
  const spans = findSecretShapes(text);
  if (spans.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    out += text.slice(cursor, span.start) + MARKERS[span.kind];
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

const BINARY_IBAN_START = /[A-Za-z]{2}\d{2}/g;
const BINARY_EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}/g;

const CARD_LENGTHS = [19, 18, 17, 16, 15, 14, 13];

/**
 * Bytes that are not text (Avro, or not valid UTF-8) with each secret overwritten by '*' in place:
 * nothing moves, so a length-prefixed format still parses. Without text there are no word
 * boundaries to trust (an Avro length byte may be a digit or a letter glued to the value), so
 * - every 13–19 digit window of a run of ASCII digits is tried as a card number;
 * - an IBAN may start anywhere and end anywhere; its country code is kept;
 * - an e-mail address keeps its first character, which may be such a length byte.
 * A stray mask in a dead letter's bytes is cheap; a card left in them is not.
 */
export function maskSecretsInBytes(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes);
  const view = out.toString('latin1');
  const blank = (from: number, to: number) => out.fill(0x2a, from, to);
  maskCardWindows(out);
  BINARY_IBAN_START.lastIndex = 0;
  for (let m = BINARY_IBAN_START.exec(view); m !== null; m = BINARY_IBAN_START.exec(view)) {
    const end = ibanEnd(view, m.index);
    if (end !== -1) blank(m.index + 2, end);
    BINARY_IBAN_START.lastIndex = end !== -1 ? end : m.index + 1;
  }
  BINARY_EMAIL.lastIndex = 0;
  for (let m = BINARY_EMAIL.exec(view); m !== null; m = BINARY_EMAIL.exec(view)) blank(m.index + 1, m.index + m[0].length);
  return out;
}

/** Card numbers in runs of ASCII digits (single spaces, dashes or dots between digits allowed). */
function maskCardWindows(out: Buffer): void {
  const isDigit = (b: number | undefined) => b !== undefined && b >= 48 && b <= 57;
  const isSeparator = (b: number | undefined) => b === 0x20 || b === 0x2d || b === 0x2e;
  for (let i = 0; i < out.length; ) {
    if (!isDigit(out[i])) {
      i++;
      continue;
    }
    // positions[k] is the byte offset of the run's k-th digit.
    const positions: number[] = [];
    let j = i;
    while (isDigit(out[j]) || (isSeparator(out[j]) && isDigit(out[j - 1]) && isDigit(out[j + 1]))) {
      if (isDigit(out[j])) positions.push(j);
      j++;
    }
    const digits = positions.map((p) => String.fromCharCode(out[p]!)).join('');
    for (let k = 0; k + 13 <= digits.length; ) {
      const length = CARD_LENGTHS.find((n) => k + n <= digits.length && isCardNumber(digits.slice(k, k + n)));
      if (length === undefined) {
        k++;
        continue;
      }
      for (const p of positions.slice(k, k + length)) out[p] = 0x2a;
      k += length;
    }
    i = j;
  }
}
