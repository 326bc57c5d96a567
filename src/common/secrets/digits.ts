/**
 * Digits of any script read by their value: a card or an IBAN may be printed in full-width,
 * Arabic-Indic, Devanagari or mathematical digits (٤١١١…, ४१११…, 𝟒𝟏𝟏𝟏…) and is the same number.
 */

const ND = /^\p{Nd}$/u;
const ASCII_DIGITS = /^[0-9]+$/;

/** Whether a code point is a decimal digit (\p{Nd}) of any script. */
export function isDigit(codePoint: number): boolean {
  if (codePoint <= 127) return codePoint >= 48 && codePoint <= 57;
  return ND.test(String.fromCodePoint(codePoint));
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
export function digitValue(codePoint: number): number {
  if (codePoint <= 57) return codePoint - 48;
  let start = codePoint;
  while (ND.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/** Where the run of digits of any script starting at `at` ends (`at` itself when none starts there). */
export function digitsEnd(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c >= 48 && c <= 57) at++;
    else if (c > 127 && ND.test(String.fromCodePoint(text.codePointAt(at)!))) at += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    else break;
  }
  return at;
}
