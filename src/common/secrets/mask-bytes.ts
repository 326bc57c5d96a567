/**
 * Bytes that are not text (Avro, or not valid UTF-8) with each secret overwritten by '*' in place:
 * nothing moves, so a length-prefixed format still parses. Without text there are no word
 * boundaries to trust (an Avro length byte may be a digit or a letter glued to the value), so
 * - every 13–19 digit window of a run of digits is tried as a card number: ASCII digits, and the
 *   digits of other scripts in their UTF-8 bytes (full-width ４１１１…, Arabic-Indic ٤١١١…), which a
 *   record_id or narrative of an Avro value may be written in; each is overwritten byte for byte;
 * - an IBAN may start anywhere and end anywhere; its country code is kept;
 * - an e-mail address keeps its first character, which may be such a length byte.
 * A stray mask in a dead letter's bytes is cheap; a card left in them is not. The checks are the
 * text's (card-number.ts, iban.ts); only where a secret may sit differs.
 */
import { isCardNumber } from './card-number.ts';
import { digitValue, isDigit } from './digits.ts';
import { ibanEnd } from './iban.ts';

const IBAN_START = /[A-Za-z]{2}\d{2}/g;
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}/g;
const CARD_LENGTHS = [19, 18, 17, 16, 15, 14, 13];
const STAR = 0x2a;

export function maskSecretsInBytes(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes);
  const view = out.toString('latin1');
  maskCardWindows(out);
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(view); m !== null; m = IBAN_START.exec(view)) {
    const end = ibanEnd(view, m.index, 'broad');
    if (end !== -1) out.fill(STAR, m.index + 2, end);
    IBAN_START.lastIndex = end !== -1 ? end : m.index + 1;
  }
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(view); m !== null; m = EMAIL.exec(view)) out.fill(STAR, m.index + 1, m.index + m[0].length);
  return out;
}

/** A digit at byte `at`: ASCII, or a digit of another script as its UTF-8 bytes; its value and byte length. */
type Digit = { at: number; length: number; value: number };

function digitAt(bytes: Buffer, at: number): Digit | undefined {
  const b = bytes[at];
  if (b === undefined) return undefined;
  if (b >= 48 && b <= 57) return { at, length: 1, value: b - 48 };
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || at + length > bytes.length) return undefined;
  for (let k = 1; k < length; k++) if ((bytes[at + k]! & 0xc0) !== 0x80) return undefined;
  const point = bytes.toString('utf8', at, at + length).codePointAt(0)!;
  return isDigit(point) ? { at, length, value: digitValue(point) } : undefined;
}

/** Card numbers in runs of digits (single spaces, dashes or dots between digits allowed). */
function maskCardWindows(out: Buffer): void {
  const isSeparator = (b: number | undefined) => b === 0x20 || b === 0x2d || b === 0x2e;
  for (let i = 0; i < out.length; ) {
    let digit = digitAt(out, i);
    if (!digit) {
      i++;
      continue;
    }
    const run: Digit[] = [];
    let j = i;
    while (digit) {
      run.push(digit);
      j = digit.at + digit.length;
      digit = digitAt(out, j) ?? (isSeparator(out[j]) ? digitAt(out, j + 1) : undefined);
    }
    const digits = run.map((d) => String(d.value)).join('');
    for (let k = 0; k + 13 <= digits.length; ) {
      const length = CARD_LENGTHS.find((n) => k + n <= digits.length && isCardNumber(digits.slice(k, k + n)));
      if (length === undefined) {
        k++;
        continue;
      }
      for (const d of run.slice(k, k + length)) out.fill(STAR, d.at, d.at + d.length);
      k += length;
    }
    i = j;
  }
}
