/**
 * The money shapes the skeleton cuts out: 1,234.56  1.234,56  1 234,56  1'234.50  1,18,500.00
 * 6.75  $6.75  R$ 1.250,00  45,80 €  (23.99)  12.00-  -200.00  EUR12,50  and 2,845.33CR (the CR
 * stays outside). Which amount a line posts is not decided here. A code glued after a SWIFT tag
 * (":33B:EUR12,50") is left to SWIFT_AMOUNT_FIELD, which labels the amount with its tag.
 */

// ISO 4217 codes common in bank feeds; a plain integer beside one of them is an amount ("250 GBP").
const CURRENCIES: ReadonlySet<string> = new Set(
  (
    'USD EUR GBP INR BRL JPY CNY CHF CAD AUD NZD MXN SEK NOK DKK PLN CZK HUF RON BGN ZAR SGD HKD AED SAR ' +
    'TRY RUB KRW ILS ARS CLP COP PEN PHP THB IDR MYR VND NGN KES EGP MAD PKR BDT LKR QAR KWD BHD OMR'
  ).split(' '),
);

/**
 * AMOUNT's capture groups, in order: a currency symbol before the number, an ISO code before it,
 * the number, its thousands mark (4, matched again as `\4`), a symbol after it. Numbered, not
 * named: named groups gave every match an object of its groups, ~770 bytes of garbage a line.
 */
export const AMOUNT_GROUP = { pre: 1, iso: 2, num: 3, post: 5 } as const;

const NUMBER =
  String.raw`(\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{2})?` + // Indian lakh grouping
  String.raw`|\d{1,3}([,.'’])\d{3}(?:\4\d{3})*(?:(?!\4)[.,]\d{2})?` + // one thousands mark, other decimal mark
  String.raw`|\d{1,3}(?: \d{3})+[.,]\d{2}` + // space-grouped only with decimals, so "PARIS 15 045" is not money
  String.raw`|\d+(?:[.,]\d{2})?)(?![.,]?\d)`;

/**
 * One amount, with its sign, parentheses and glued or spaced currency symbol. Plain integers match
 * too and are kept only beside a currency (see isPlainInteger, hasCurrencyAround).
 */
export const AMOUNT = new RegExp(
  // Not right after a date's "/" either: in "02/11 174,94" the amount is 174,94, not 11 174,94.
  String.raw`(?<![\p{L}\p{N}/]|\d[.,])\(?[-+−]?(?:(R\$|US\$|[CA]\$|[$€£¥₹]|Rs\.?) ?|(?<!:)([A-Z]{3}))?` +
    NUMBER +
    String.raw`(?:-(?![\p{L}\p{N}]))?(?: ?([€$£]))?\)?` +
    String.raw`(?=$|[^\p{L}\p{N}]|(?:CR|DR|Cr|Dr)(?![\p{L}\p{N}]))`,
  'gu',
);

/**
 * A SWIFT MT amount field, where date, currency and amount are glued: ":32A:261105USD15000,00",
 * ":33B:EUR12,50", ":71F:EUR5,". Groups: tag, YYMMDD (32A only), currency, amount.
 */
export const SWIFT_AMOUNT_FIELD = /(?<![\p{L}\p{N}]):(3[23][A-Z]|71[FG]):(\d{6})?([A-Z]{3})(\d+,\d{0,2})(?![\p{L}\p{N}])/gu;

/** Whether an AMOUNT match's number has no separators and no decimals, e.g. "250". */
export function isPlainInteger(number: string): boolean {
  for (let i = 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether a glued ISO prefix ("EUR12,50") is a currency code; absent is fine. */
export function knownCurrency(code: string | undefined): boolean {
  return code === undefined || CURRENCIES.has(code);
}

export type Span = { start: number; end: number };

/** Whether an ISO currency code stands one space before or after the span: "INR 18500", "250 GBP". */
export function hasCurrencyAround(text: string, { start, end }: Span): boolean {
  if (text[end] === ' ' && CURRENCIES.has(text.slice(end + 1, end + 4)) && !isWordChar(text, end + 4)) return true;
  return text[start - 1] === ' ' && CURRENCIES.has(text.slice(start - 4, start - 1)) && !isWordChar(text, start - 5);
}

/** Drops a lone "(" or ")" that the optional parentheses picked up: "(PAID 12.00)" → "12.00)" → "12.00". */
export function trimUnbalancedParens(text: string, span: Span): Span {
  const open = text[span.start] === '(';
  const close = text[span.end - 1] === ')';
  if (open && !close) return { start: span.start + 1, end: span.end };
  if (close && !open) return { start: span.start, end: span.end - 1 };
  return span;
}

function isWordChar(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
