/**
 * The secret scan: does a text hold one of the secrets that went in? A card is looked for as its
 * digits, whatever separates them and in whatever script they are written; an IBAN as its letters
 * and digits in any case; an e-mail address folded (NFKC, lower case). Besides the planted
 * secrets, the project's own detector (common/secrets) reads each text broadly, so that a card
 * number the suite did not plant but that came in with the input is caught as well.
 */
import { asciiDigits } from '#src/common/secrets/digits.ts';
import { findSecrets } from '#src/common/secrets/find-secrets.ts';
import { IN_DEAD_LETTERS } from '#src/common/secrets/policy.ts';
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

/** The card numbers the project's detector finds in `text` (broadly, as it reads dead letters), as ASCII digits. */
export function cardsIn(text: string): string[] {
  const folded = unescaped(text);
  return findSecrets(folded, IN_DEAD_LETTERS)
    .filter((span) => span.kind === 'CARD')
    .map((span) => asciiDigits(folded.slice(span.start, span.end).replace(/[^\p{Nd}]/gu, '')));
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
