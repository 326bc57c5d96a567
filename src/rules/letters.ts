/**
 * Whether one character of a text (a UTF-16 unit, as `text[i]` gives it) is a letter. The rules
 * ask this of the characters around every number and currency mark; ASCII, nearly all of them, is
 * told without the Unicode tables.
 */
const LETTER = /\p{L}/u;

export function isLetter(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER.test(ch);
}
