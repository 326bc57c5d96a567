/**
 * Currency marks as printed next to amounts: ISO 4217 codes and symbols, with the codes each
 * mark can stand for ("$" is a dozen currencies; "€" is one) and each code's minor units.
 */
import { isLetter } from './letters.ts';

// Codes that have no minor unit in practice (amounts print without decimals).
// biome-ignore format: data laid out by hand as a table, to read down
const ZERO_DECIMAL = ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'PYG', 'XOF', 'XAF', 'RWF', 'KMF', 'GNF', 'VUV', 'XPF'];
// biome-ignore format: data laid out by hand as a table, to read down
const THREE_DECIMAL = ['BHD', 'KWD', 'OMR', 'JOD', 'TND', 'LYD', 'IQD'];
// biome-ignore format: data laid out by hand as a table, to read down
const TWO_DECIMAL = [
  'USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'CNY', 'HKD', 'SGD', 'INR', 'BRL', 'MXN', 'ARS', 'COP', 'PEN',
  'UYU', 'BOB', 'ZAR', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'HRK', 'RSD', 'TRY', 'RUB', 'UAH',
  'ILS', 'AED', 'SAR', 'QAR', 'EGP', 'MAD', 'NGN', 'KES', 'GHS', 'THB', 'MYR', 'IDR', 'PHP', 'TWD', 'PKR', 'BDT',
  'LKR', 'NPR', 'KZT', 'GEL', 'AMD', 'AZN', 'DOP', 'CRC', 'GTQ', 'JMD', 'TTD', 'BBD', 'BSD', 'BMD', 'KYD', 'XCD',
  'MUR', 'TZS', 'ZMW', 'BWP', 'NAD', 'MKD', 'ALL', 'BAM', 'MDL', 'BYN', 'UZS', 'MNT', 'MOP', 'FJD', 'PGK', 'ETB',
];

// biome-ignore format: data laid out by hand as a table, to read down
const MINOR_UNITS = new Map<string, number>([
  ...ZERO_DECIMAL.map((c) => [c, 0] as const),
  ...THREE_DECIMAL.map((c) => [c, 3] as const),
  ...TWO_DECIMAL.map((c) => [c, 2] as const),
]);

// Codes that are also everyday words; accepted next to an amount only in upper case.
// biome-ignore format: data laid out by hand as a table, to read down
const WORDLIKE_CODES = new Set(['ALL', 'MAD', 'TRY', 'BOB', 'TOP', 'CUP', 'MOP', 'AMD']);

export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/** Minor units of a code; 2 when the code is unknown, as for most currencies. */
export function minorUnits(code: string | null): number {
  return (code === null ? undefined : MINOR_UNITS.get(code)) ?? 2;
}

// biome-ignore format: data laid out by hand as a table, to read down
const DOLLARS = ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'ARS', 'CLP', 'COP', 'TWD'] as const;

// Longest first, so "US$" wins over "$" and "R$" is not read as dollars.
// biome-ignore format: data laid out by hand as a table, to read down
const SYMBOLS: readonly (readonly [string, readonly string[]])[] = [
  ['US$', ['USD']], ['CA$', ['CAD']], ['AU$', ['AUD']], ['NZ$', ['NZD']], ['HK$', ['HKD']], ['SG$', ['SGD']],
  ['MX$', ['MXN']], ['NT$', ['TWD']], ['SFr.', ['CHF']], ['Rs.', ['INR', 'PKR', 'LKR', 'NPR']],
  ['R$', ['BRL']], ['C$', ['CAD']], ['A$', ['AUD']], ['S$', ['SGD']], ['Fr.', ['CHF']], ['Rs', ['INR', 'PKR', 'LKR', 'NPR']],
  ['zł', ['PLN']], ['Kč', ['CZK']], ['kr.', ['DKK', 'SEK', 'NOK', 'ISK']], ['kr', ['SEK', 'NOK', 'DKK', 'ISK']],
  ['$', DOLLARS], ['€', ['EUR']], ['£', ['GBP']], ['¥', ['JPY', 'CNY']], ['₹', ['INR']], ['₩', ['KRW']],
  ['₽', ['RUB']], ['₺', ['TRY']], ['₪', ['ILS']], ['₫', ['VND']], ['฿', ['THB']], ['₱', ['PHP']], ['₴', ['UAH']],
];

type SymbolEntry = readonly [string, readonly string[]];

/** The symbols by one of their characters, in SYMBOLS' order: a mark ending at `end` ends with text[end - 1]. */
function byCharacter(at: (symbol: string) => string): ReadonlyMap<string, readonly SymbolEntry[]> {
  const index = new Map<string, SymbolEntry[]>();
  for (const entry of SYMBOLS) index.set(at(entry[0]), [...(index.get(at(entry[0])) ?? []), entry]);
  return index;
}

const SYMBOLS_BY_LAST = byCharacter((symbol) => symbol.at(-1)!);
const SYMBOLS_BY_FIRST = byCharacter((symbol) => symbol[0]!);

/** A currency mark in the text and the codes it can stand for. */
export type CurrencyMark = { text: string; codes: readonly string[]; start: number; end: number };

function codeAt(text: string, start: number): CurrencyMark | null {
  const word = text.slice(start, start + 3);
  if (word.length < 3 || isLetter(text[start - 1]) || isLetter(text[start + 3])) return null;
  const upper = word.toUpperCase();
  if (!MINOR_UNITS.has(upper)) return null;
  if (word !== upper && (WORDLIKE_CODES.has(upper) || word !== word.toLowerCase())) return null;
  return { text: word, codes: [upper], start, end: start + 3 };
}

/** The mark that ends exactly at `end` (e.g. "USD" or "$" right before an amount), if any. */
export function markEndingAt(text: string, end: number): CurrencyMark | null {
  for (const [symbol, codes] of SYMBOLS_BY_LAST.get(text[end - 1] ?? '') ?? []) {
    const start = end - symbol.length;
    if (start < 0 || !text.startsWith(symbol, start)) continue;
    // An alphabetic symbol glued to a word ("WORKS") is part of that word.
    if (isLetter(symbol[0]) && isLetter(text[start - 1])) continue;
    return { text: symbol, codes, start, end };
  }
  return end >= 3 ? codeAt(text, end - 3) : null;
}

/** The mark that starts exactly at `start` (e.g. "EUR" or "€" right after an amount), if any. */
export function markStartingAt(text: string, start: number): CurrencyMark | null {
  for (const [symbol, codes] of SYMBOLS_BY_FIRST.get(text[start] ?? '') ?? []) {
    if (!text.startsWith(symbol, start)) continue;
    if (isLetter(symbol.at(-1)) && isLetter(text[start + symbol.length])) continue;
    // "Rs"/"kr" after an amount must stand alone, not open a word like "Rsvp".
    return { text: symbol, codes, start, end: start + symbol.length };
  }
  return codeAt(text, start);
}

const CODE_OR_SYMBOL_RE = /(?<!\p{L})[A-Z]{3}(?!\p{L})|US\$|R\$|[$€£¥₹₩₽₺₪₫฿₱₴]/gu;
// A mark counts only beside a number ("EUR 46.00", "46,00EUR", "$-5"): "CAD SOFTWARE" or
// "PEN DRIVE" name no currency.
const NUMBER_AFTER_RE = /^[ (]?[-−]?\d/;
const NUMBER_BEFORE_RE = /\d[-)]?[ ]?$/;

/** Every currency mark beside a number, left to right: upper-case codes and the common symbols. */
export function allMarks(text: string): CurrencyMark[] {
  const marks: CurrencyMark[] = [];
  CODE_OR_SYMBOL_RE.lastIndex = 0;
  for (let m = CODE_OR_SYMBOL_RE.exec(text); m; m = CODE_OR_SYMBOL_RE.exec(text)) {
    const end = m.index + m[0].length;
    const besideNumber =
      NUMBER_AFTER_RE.test(text.slice(end, end + 3)) || NUMBER_BEFORE_RE.test(text.slice(Math.max(0, m.index - 3), m.index));
    if (!besideNumber) continue;
    const mark = m[0].length === 3 && !m[0].includes('$') ? codeAt(text, m.index) : markStartingAt(text, m.index);
    if (mark) marks.push(mark);
  }
  return marks;
}
