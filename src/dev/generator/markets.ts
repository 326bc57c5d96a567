/**
 * The countries the generator writes for: locale, account currency, language and the way their
 * banks print amounts. Rails and sources name a market instead of repeating these.
 */
import type { Language } from './memos.ts';
import { AMOUNT_STYLES, type AmountStyle, MONTHS, type MonthNames } from './printing.ts';

export const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'NL', 'IN', 'BR', 'CA'] as const;
export type Country = (typeof COUNTRIES)[number];

export type Market = {
  country: Country;
  /** BCP-47, the record's `locale`. */
  locale: string;
  /** ISO 4217 of accounts held there, the record's `currency_hint`. */
  currency: string;
  /** How the market's banks usually print an amount. */
  amount: AmountStyle;
  months: MonthNames;
  /** The language of free text: memos, direction words. */
  language: Language;
};

export const MARKETS: Readonly<Record<Country, Market>> = {
  US: { country: 'US', locale: 'en-US', currency: 'USD', amount: AMOUNT_STYLES.us, months: MONTHS.en, language: 'en' },
  GB: { country: 'GB', locale: 'en-GB', currency: 'GBP', amount: AMOUNT_STYLES.us, months: MONTHS.en, language: 'en' },
  DE: { country: 'DE', locale: 'de-DE', currency: 'EUR', amount: AMOUNT_STYLES.eu, months: MONTHS.de, language: 'de' },
  FR: { country: 'FR', locale: 'fr-FR', currency: 'EUR', amount: AMOUNT_STYLES.fr, months: MONTHS.fr, language: 'fr' },
  ES: { country: 'ES', locale: 'es-ES', currency: 'EUR', amount: AMOUNT_STYLES.eu, months: MONTHS.es, language: 'es' },
  NL: { country: 'NL', locale: 'nl-NL', currency: 'EUR', amount: AMOUNT_STYLES.euPlain, months: MONTHS.en, language: 'nl' },
  IN: { country: 'IN', locale: 'en-IN', currency: 'INR', amount: AMOUNT_STYLES.lakh, months: MONTHS.en, language: 'en' },
  BR: { country: 'BR', locale: 'pt-BR', currency: 'BRL', amount: AMOUNT_STYLES.eu, months: MONTHS.pt, language: 'pt' },
  CA: { country: 'CA', locale: 'en-CA', currency: 'CAD', amount: AMOUNT_STYLES.us, months: MONTHS.en, language: 'en' },
};
