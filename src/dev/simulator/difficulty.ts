/**
 * How hard a narrative is for a model, from 0 (short, ASCII, English, a known rail keyword) to 1.
 * The simulated error probability grows with it, so the router's cheap features (length,
 * language, structure) genuinely predict which tier gets a line right.
 */

/** Words that name a rail or a transaction kind; their absence leaves a model to guess the type. */
const RAIL_KEYWORDS = [
  'SEPA',
  'LASTSCHRIFT',
  'UEBERWEISUNG',
  'ACH',
  'PPD',
  'CCD',
  'UPI',
  'PIX',
  'FPS',
  'FASTER',
  'BACS',
  'CHAPS',
  'FEDWIRE',
  'SWIFT',
  'WIRE',
  'RTGS',
  'NEFT',
  'IMPS',
  'ZELLE',
  'BIZUM',
  'ATM',
  'POS',
  'CARD',
  'CB',
  'SQ',
  'PAYPAL',
  'CHECK',
  'CHEQUE',
  'PAYROLL',
  'SALARY',
  'INTEREST',
  'FEE',
  'REFUND',
  'DIRECT',
  'DEBIT',
  'CREDIT',
  'TRANSFER',
  'VIREMENT',
  'PRELEVEMENT',
  'TRANSFERENCIA',
  'RECIBO',
];
const KEYWORD_PATTERN = new RegExp(`(^|[^A-Z])(${RAIL_KEYWORDS.join('|')})([^A-Z]|$)`, 'i');

/** The weight of each signal; they sum to 1. */
const WEIGHTS = { length: 0.25, nonAscii: 0.15, digitGroups: 0.2, noKeyword: 0.2, locale: 0.2 } as const;

export type DifficultyInput = { text: string; locale?: string | undefined };

export function difficulty({ text, locale }: DifficultyInput): number {
  const length = Math.min(1, text.length / 200);
  const nonAsciiShare = text.length === 0 ? 0 : [...text].filter((char) => char.charCodeAt(0) > 127).length / text.length;
  const nonAscii = Math.min(1, nonAsciiShare * 5);
  // Two digit groups (a date and an amount) are normal; each one past that is a candidate to confuse.
  const groups = text.match(/\d+/g)?.length ?? 0;
  const digitGroups = Math.min(1, Math.max(0, groups - 2) / 6);
  const noKeyword = KEYWORD_PATTERN.test(text) ? 0 : 1;
  const nonEnglish = locale !== undefined && locale !== '' && !/^en\b/i.test(locale) ? 1 : 0;
  return (
    WEIGHTS.length * length +
    WEIGHTS.nonAscii * nonAscii +
    WEIGHTS.digitGroups * digitGroups +
    WEIGHTS.noKeyword * noKeyword +
    WEIGHTS.locale * nonEnglish
  );
}
