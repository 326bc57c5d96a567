/**
 * IBANs: a known country code, that country's exact length and a valid mod-97 check, in any case,
 * in any script's digits, compact or grouped by single spaces or dashes. SEPA creditor ids
 * (DE98ZZZ09999999999) are party ids, not IBANs, and fail the length check.
 */
import { digitValue, isDigit } from './digits.ts';
import type { SecretPolicy, SecretSpan } from './policy.ts';

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
const SHORTEST_IBAN = Math.min(...IBAN_LENGTHS.values());

// An IBAN starts a word, or follows its label glued on ("IBANDE89…").
const IBAN_START = /(?:(?<![\p{L}\p{N}])|(?<=[Ii][Bb][Aa][Nn]))[A-Za-z]{2}\p{Nd}{2}/gu;
const DASH = /\p{Pd}/u;
const LETTER = /\p{L}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** ISO 7064 mod 97-10 over a compact upper-case IBAN: the first four characters moved to the end, letters as 10..35. */
export function ibanChecksumValid(compact: string): boolean {
  let rest = 0;
  for (let k = 0; k < compact.length; k++) {
    const c = compact.charCodeAt((k + 4) % compact.length);
    rest = c <= 57 ? (rest * 10 + c - 48) % 97 : (rest * 100 + c - 55) % 97;
  }
  return rest === 1;
}

/** Adds the IBANs of `text` to `spans`. */
export function findIbans(text: string, policy: SecretPolicy, spans: SecretSpan[]): void {
  if (text.length < SHORTEST_IBAN) return;
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
    if (!policy.glued && LETTER.test(text[m.index - 1] ?? '')) continue;
    const end = ibanEnd(text, m.index, policy.reading);
    if (end < 0 || !endsApart(text, end, policy.glued)) continue;
    spans.push({ start: m.index, end, kind: 'IBAN' });
    IBAN_START.lastIndex = end;
  }
}

/** An IBAN never ends before a digit, which makes it a longer number; unglued, never before a letter either. */
function endsApart(text: string, end: number, glued: boolean): boolean {
  if (end >= text.length) return true;
  const next = text.codePointAt(end)!;
  return glued ? !isDigit(next) : !LETTER_OR_NUMBER.test(String.fromCodePoint(next));
}

/**
 * Where the IBAN starting at `start` ends, or -1: read up to its country's length, compact or in
 * groups joined by single spaces or dashes, whatever follows it. Read strictly, the groups are
 * equal groups of 4–6 (the last maybe shorter), so a creditor id running on into words
 * ("CRED+DE44ZZZ07487052914 SVWZ+…") is not read as one.
 */
export function ibanEnd(text: string, start: number, reading: SecretPolicy['reading']): number {
  const length = IBAN_LENGTHS.get(text.slice(start, start + 2).toUpperCase());
  if (length === undefined) return -1;
  const strict = reading === 'strict';
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
      if (strict && (group !== width || width > 6)) return -1;
      group = 0;
    } else break;
    at += size;
  }
  if (compact.length !== length || (strict && width > 0 && group > width)) return -1;
  return ibanChecksumValid(compact) ? at : -1;
}

/** A letter or digit of an IBAN as its upper-case ASCII character; '' for anything else. */
function ibanCharacter(point: number): string {
  if ((point >= 48 && point <= 57) || (point >= 65 && point <= 90)) return String.fromCharCode(point);
  if (point >= 97 && point <= 122) return String.fromCharCode(point - 32);
  return point > 127 && isDigit(point) ? String(digitValue(point)) : '';
}

function isIbanSeparator(point: number): boolean {
  return point === 32 || point === 45 || (point > 127 && DASH.test(String.fromCodePoint(point)));
}
