/**
 * The currency of the posted amount, ISO 4217.
 *
 * Evidence, strongest first: a code or single-currency symbol beside the posted amount; a
 * many-currency symbol ("$", "¥", "kr") settled by the account currency or the locale; the
 * account currency (currency_hint) when the line prints no currency at all. That last case is
 * confident on purpose: an account posts in its own currency, and a line that names no other
 * moved money in it; the residual risk (a foreign amount printed bare) is why it scores below a
 * printed code. A hint contradicted by a currency printed elsewhere in the line is doubtful.
 */
import type { AmountCandidate } from './amount-candidates.ts';
import { allMarks, isCurrencyCode } from './currency-codes.ts';
import { localeRegion } from './locale-conventions.ts';
import type { FieldReading, RulesInput } from './rules-result.ts';

const REGION_CURRENCY: Readonly<Record<string, string>> = {
  US: 'USD',
  GB: 'GBP',
  IN: 'INR',
  BR: 'BRL',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  JP: 'JPY',
  CN: 'CNY',
  HK: 'HKD',
  SG: 'SGD',
  MX: 'MXN',
  CH: 'CHF',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  PL: 'PLN',
  CZ: 'CZK',
  ZA: 'ZAR',
  KR: 'KRW',
  DE: 'EUR',
  FR: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  NL: 'EUR',
  BE: 'EUR',
  AT: 'EUR',
  PT: 'EUR',
  IE: 'EUR',
  FI: 'EUR',
  GR: 'EUR',
  LU: 'EUR',
  SK: 'EUR',
  SI: 'EUR',
  EE: 'EUR',
  LV: 'EUR',
  LT: 'EUR',
  HR: 'EUR',
  MT: 'EUR',
  CY: 'EUR',
};

type Reading = FieldReading<'currency'>;

function fromCodes(codes: readonly string[], input: RulesInput): Reading {
  const hint = input.currencyHint;
  if (codes.length === 1) {
    const code = codes[0]!;
    // A printed code that is not the account's may still be right (a foreign-currency account
    // line), but it is also what an unconverted original amount looks like.
    return hint === null || hint === code
      ? { value: code, confidence: 0.98, rule: 'currency:printed' }
      : { value: code, confidence: 0.85, rule: 'currency:printed-not-account' };
  }
  if (hint !== null && codes.includes(hint)) return { value: hint, confidence: 0.97, rule: 'currency:symbol+account' };
  const regional = REGION_CURRENCY[localeRegion(input.locale) ?? ''];
  if (regional && codes.includes(regional)) return { value: regional, confidence: 0.85, rule: 'currency:symbol+locale' };
  return { value: codes[0]!, confidence: 0.6, rule: 'currency:symbol-default' };
}

function fromContext(input: RulesInput): Reading {
  const hint = input.currencyHint !== null && isCurrencyCode(input.currencyHint) ? input.currencyHint : null;
  const printed = new Set(allMarks(input.text).flatMap((m) => (m.codes.length === 1 ? m.codes : [])));
  if (hint !== null) {
    const others = [...printed].filter((c) => c !== hint);
    return others.length === 0
      ? { value: hint, confidence: printed.size > 0 ? 0.97 : 0.95, rule: 'currency:account' }
      : { value: hint, confidence: 0.7, rule: 'currency:account-but-other-printed' };
  }
  if (printed.size === 1) return { value: [...printed][0]!, confidence: 0.8, rule: 'currency:printed-elsewhere' };
  const regional = REGION_CURRENCY[localeRegion(input.locale) ?? ''];
  return regional
    ? { value: regional, confidence: 0.5, rule: 'currency:locale-guess' }
    : { value: null, confidence: 0.3, rule: 'currency:unknown' };
}

export function readCurrency(input: RulesInput, posted: AmountCandidate | null): Reading {
  if (posted?.mark) return fromCodes(posted.mark.codes, input);
  return fromContext(input);
}
