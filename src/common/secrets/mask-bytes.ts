/**
 * Bytes that are not text (Avro, or not valid UTF-8) with each secret overwritten by '*' in place:
 * nothing moves, so a length-prefixed format still parses. Without text there are no word
 * boundaries to trust (an Avro length byte may be a digit or a letter glued to the value), so
 * - every 13–19 digit window of a run of ASCII digits is tried as a card number;
 * - an IBAN may start anywhere and end anywhere; its country code is kept;
 * - an e-mail address keeps its first character, which may be such a length byte.
 * A stray mask in a dead letter's bytes is cheap; a card left in them is not. The checks are the
 * text's (card-number.ts, iban.ts); only where a secret may sit differs.
 */
import { isCardNumber } from './card-number.ts';
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
      for (const p of positions.slice(k, k + length)) out[p] = STAR;
      k += length;
    }
    i = j;
  }
}
