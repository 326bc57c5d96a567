/**
 * Grounding: every value a model gives must be readable in the record's own text. A value that
 * is not there — an invented reference, an amount from an instruction planted in the narrative,
 * another record's date — makes the answer doubtful, and the record escalates.
 */
import type { ExtractedFields } from '../contract/records.ts';

const NUMBER_TOKEN = /\d(?:[\d.,' ]*\d)?/g;

/** Every numeric value a token of the text can mean, whichever separator is the decimal one. */
export function numericReadings(text: string): number[] {
  const readings: number[] = [];
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    const token = match[0].replace(/ /g, ' ');
    for (const part of [token, ...token.split(' ')]) {
      const digits = part.replace(/[^\d]/g, '');
      if (digits === '') continue;
      readings.push(Number(digits));
      const decimal = /[.,](\d{1,3})$/.exec(part);
      if (decimal) readings.push(Number(`${part.slice(0, decimal.index).replace(/[^\d]/g, '')}.${decimal[1]}`));
    }
  }
  return readings;
}

export function amountIsGrounded(amount: string, text: string): boolean {
  const value = Number(amount);
  if (!Number.isFinite(value)) return false;
  return numericReadings(text).some((reading) => Math.abs(reading - value) < 0.005);
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const compact = (s: string) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');

export function referenceIsGrounded(reference: string, text: string): boolean {
  const wanted = compact(reference);
  return wanted.length > 0 && compact(text).includes(wanted);
}

/**
 * A counterparty is named as a person would name it, so it need not be printed letter for
 * letter: one of its words (3+ letters), the whole name without punctuation (AT&T → ATT), its
 * initials (Albert Heijn → AH) or a word without its vowels (Amazon → AMZN) must be there.
 */
export function counterpartyIsGrounded(counterparty: string, text: string): boolean {
  const haystack = compact(text);
  const words = fold(counterparty)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  const textTokens = new Set(fold(text).split(/[^\p{L}\p{N}]+/u));
  const initials = words.length >= 2 ? words.map((w) => w[0]).join('') : '';
  return (
    words.some((w) => w.length >= 3 && (haystack.includes(w) || haystack.includes(withoutVowels(w)))) ||
    (compact(counterparty).length >= 3 && haystack.includes(compact(counterparty))) ||
    (initials !== '' && textTokens.has(initials))
  );
}

/** First letter kept: "amazon" → "amzn". */
function withoutVowels(word: string): string {
  return word[0] + word.slice(1).replace(/[aeiouy]/g, '');
}

/** The day of a date must be printed; the month as a number or a name is checked by the rules tier. */
export function dateIsGrounded(isoDate: string, text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return false;
  const day = Number(match[3]);
  const numbers = text.match(/\d+/g) ?? [];
  return numbers.some((n) => Number(n) === day || n.includes(match[3]!) || (n.length >= 4 && n.includes(String(day))));
}

const CURRENCY_SYMBOLS: Record<string, string[]> = {
  USD: ['$', 'US$'],
  EUR: ['€'],
  GBP: ['£'],
  INR: ['₹', 'RS', 'RS.'],
  BRL: ['R$'],
  JPY: ['¥'],
  CAD: ['$', 'C$'],
  AUD: ['$', 'A$'],
};

export function currencyIsGrounded(currency: string, text: string, hint: string | null): boolean {
  if (hint === currency) return true;
  const upper = text.toUpperCase();
  return upper.includes(currency) || (CURRENCY_SYMBOLS[currency] ?? []).some((s) => upper.includes(s));
}

type GroundingContext = { text: string; currencyHint: string | null };

/** The fields checked against the text, each with how it is read there and how a miss is named. */
const CHECKS: readonly {
  name: 'amount' | 'reference' | 'transaction_date' | 'currency';
  label: string;
  grounded: (value: string, context: GroundingContext) => boolean;
}[] = [
  { name: 'amount', label: 'amount', grounded: (v, c) => amountIsGrounded(v, c.text) },
  { name: 'reference', label: 'reference', grounded: (v, c) => referenceIsGrounded(v, c.text) },
  { name: 'transaction_date', label: 'date', grounded: (v, c) => dateIsGrounded(v, c.text) },
  { name: 'currency', label: 'currency', grounded: (v, c) => currencyIsGrounded(v, c.text, c.currencyHint) },
];

/**
 * The answer with every value that is not in the text taken out (null), and why: a value the text
 * does not print is a guess, and not even a doubtful output carries one. The counterparty is
 * checked apart (counterpartyIsGrounded): a name a person would use may rightly differ from the
 * print, so its absence only lowers confidence.
 */
export function groundedOnly(fields: ExtractedFields, context: GroundingContext): { fields: ExtractedFields; problems: string[] } {
  const kept: ExtractedFields = { ...fields };
  const problems: string[] = [];
  for (const { name, label, grounded } of CHECKS) {
    const value = fields[name];
    if (value === null || grounded(value, context)) continue;
    kept[name] = null;
    problems.push(`${label} ${value} is not in the text`);
  }
  return problems.length === 0 ? { fields, problems } : { fields: kept, problems };
}

/** The grounding problems of an answer, one line each; empty when every value is in the text. */
export function groundingProblems(fields: ExtractedFields, context: GroundingContext): string[] {
  return groundedOnly(fields, context).problems;
}
