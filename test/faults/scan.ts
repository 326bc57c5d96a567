/**
 * The secret scan: does a text hold one of the secrets that went in? A card is looked for as its
 * digits, whatever separates them and in whatever script they are written; an IBAN as its letters
 * and digits in any case; an e-mail address folded (NFKC, lower case). The secrets are those the
 * suite planted and the card numbers the generator printed (printedCards, checked by the project's
 * own card check).
 */
import { isCardNumber } from '#src/common/secrets/card-number.ts';
import { asciiDigits } from '#src/common/secrets/digits.ts';
import type { Secret } from './corpus.ts';

/** Characters that print as nothing: they may sit between the digits of a card without showing. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const DIGIT_RUN = /\p{Nd}+/gu;
/** \uXXXX and \xNN as JSON and the logger (common/printable.ts) write characters they escape. */
const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/g;

/** The text with escaped characters written out again, invisible ones removed, NFKC. */
function unescaped(text: string): string {
  return text
    .replace(ESCAPE, (_, u: string | undefined, x: string | undefined) => String.fromCharCode(Number.parseInt(u ?? x!, 16)))
    .replace(INVISIBLE, '')
    .normalize('NFKC');
}

/** A text as the scan reads it: every digit of any script as ASCII, the rest folded. */
export type Scannable = { digits: string; alphanumeric: string; folded: string };

export function scannable(text: string): Scannable {
  const folded = unescaped(text);
  const ascii = folded.replace(DIGIT_RUN, (run) => asciiDigits(run));
  return {
    digits: ascii.replace(/[^0-9]/g, ''),
    alphanumeric: ascii.replace(/[^0-9A-Za-z]/g, '').toUpperCase(),
    folded: ascii.toLowerCase(),
  };
}

/** The planted secrets `text` still holds. */
export function secretsIn(text: string, secrets: readonly Secret[]): Secret[] {
  if (secrets.length === 0) return [];
  const read = scannable(text);
  return secrets.filter((secret) =>
    secret.kind === 'CARD'
      ? read.digits.includes(secret.value)
      : secret.kind === 'IBAN'
        ? read.alphanumeric.includes(secret.value)
        : read.folded.includes(secret.value),
  );
}

// As the generator's card trap prints a card: 4-4-4-4 (or Amex 4-6-5) by spaces or dashes, or all
// digits in a row; standing apart from letters and digits.
const PRINTED_CARD = /(?<![\p{L}\p{N}-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}|\d{4}([ -])\d{6}\2\d{5}|\d{13,19})(?![\p{L}\p{N}]|-\d)/gu;

/**
 * The card numbers printed in `text` as the generator's card trap prints them, checked as the
 * project checks a card (scheme prefix and length, Luhn). Wider readings take other numbers for
 * cards: an amount beside a date (451.91 21/04/2027), a sort code before an account number.
 */
export function printedCards(text: string): string[] {
  return [...text.matchAll(PRINTED_CARD)].map((m) => m[0].replace(/[ -]/g, '')).filter(isCardNumber);
}

export type Leak = { where: string; secret: Secret };

/**
 * Every planted secret found in any of the texts, with where. `texts` yields each text once
 * (outputs, dead letters, cache documents, log lines, provider requests).
 */
export function scanForLeaks(texts: Iterable<{ where: string; text: string }>, secrets: readonly Secret[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { where, text } of texts) for (const secret of secretsIn(text, secrets)) leaks.push({ where, secret });
  return leaks;
}
