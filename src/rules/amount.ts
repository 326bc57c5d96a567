/**
 * The posted amount of a narrative: the amount that moved in the account, in contract form
 * (absolute value, "." decimal mark, no grouping, the fraction padded to the currency's minor
 * units: "18,500.00" → "18500.00", "$200" → "200.00", "¥1,200" → "1200").
 *
 * Which amount is posted, in order: the SWIFT :32A: settlement amount; a labelled one (AMT,
 * BETRAG, VALOR, ...); on a foreign-currency line the one in the account currency (or the one
 * after "="); the only money-shaped number; else the last (card lines print it last). Balances,
 * original amounts, :33B: and exchange rates are never posted.
 */
import { type AmountCandidate, findAmounts, looksLikeMoney, type Span } from './amount-candidates.ts';
import { minorUnits } from './currency-codes.ts';
import { findDates } from './date-candidates.ts';
import { decimalMark } from './locale-conventions.ts';
import { formatAmount, parseNumber } from './number-format.ts';
import type { FieldReading, RulesInput } from './rules-result.ts';

export type AmountReading = {
  reading: FieldReading<'amount'>;
  /** The candidate read as posted, for the currency and direction rules; null when none. */
  posted: AmountCandidate | null;
};

type Choice = { candidate: AmountCandidate; confidence: number; rule: string };

const SWIFT_32A_RE = /:32A:\s?\d{6}([A-Z]{3})(\d{1,15}(?:,\d{0,3})?)/;

function swift32aAmount(text: string): Choice | null {
  const m = SWIFT_32A_RE.exec(text);
  if (!m) return null;
  const parsed = parseNumber(m[2]!.replace(/,$/, ''), ',');
  if (!parsed) return null;
  const start = m.index + m[0].length - m[2]!.length;
  const mark = { text: m[1]!, codes: [m[1]!], start: start - 3, end: start };
  const candidate: AmountCandidate = {
    token: m[2]!,
    start: mark.start,
    end: start + m[2]!.length,
    parsed,
    mark,
    sign: null,
    label: 'posted',
  };
  return { candidate, confidence: 0.99, rule: 'amount:swift-32a' };
}

const codeOf = (c: AmountCandidate) => (c.mark && c.mark.codes.length === 1 ? c.mark.codes[0]! : null);
const decimalOf = (c: AmountCandidate) => `${c.parsed.integer}.${c.parsed.fraction.padEnd(2, '0')}`;

function foreignCurrencyChoice(money: AmountCandidate[], hint: string | null): Choice | null {
  const codes = new Set(money.map(codeOf).filter((c) => c !== null));
  // "GBP 16.35 ... 20.46" on a USD account: the marked amount is the original, the bare one posted.
  const bare = money.filter((c) => c.mark === null);
  if (hint !== null && codes.size > 0 && !codes.has(hint) && bare.length > 0) {
    return { candidate: bare.at(-1)!, confidence: 0.9, rule: 'amount:unmarked-beside-foreign' };
  }
  if (codes.size < 2) return null;
  const inAccountCurrency = money.filter((c) => hint !== null && c.mark?.codes.includes(hint));
  if (inAccountCurrency.length === 1) return { candidate: inAccountCurrency[0]!, confidence: 0.96, rule: 'amount:account-currency' };
  const converted = money.filter((c) => c.label === 'converted').at(-1);
  if (converted) return { candidate: converted, confidence: 0.9, rule: 'amount:converted' };
  return { candidate: money.at(-1)!, confidence: 0.6, rule: 'amount:last-of-several-currencies' };
}

function choose(candidates: AmountCandidate[], hint: string | null): Choice | null {
  const eligible = candidates.filter((c) => c.label !== 'excluded');
  const money = eligible.filter(looksLikeMoney);
  const choice = chooseAmong(money, hint, eligible);
  if (!choice || !conflictsWith(choice.candidate, hint)) return choice;
  // An amount printed in another currency than the account's is an original amount or one a memo
  // names: beside amounts that do not conflict it is not the posted one, and alone it is doubtful.
  const agreeing = money.filter((c) => !conflictsWith(c, hint));
  const instead = agreeing.length > 0 ? chooseAmong(agreeing, hint, agreeing) : null;
  if (instead) return { ...instead, confidence: Math.min(instead.confidence, 0.9), rule: `${instead.rule}+not-foreign` };
  return { ...choice, confidence: Math.min(choice.confidence, 0.7), rule: `${choice.rule}+currency-conflict` };
}

function chooseAmong(money: AmountCandidate[], hint: string | null, eligible: AmountCandidate[]): Choice | null {
  const labelled = money.filter((c) => c.label === 'posted');
  if (labelled.length > 0) {
    const sameValue = labelled.every((c) => decimalOf(c) === decimalOf(labelled[0]!));
    return { candidate: labelled.at(-1)!, confidence: sameValue ? 0.98 : 0.7, rule: 'amount:label' };
  }
  const foreign = foreignCurrencyChoice(money, hint);
  if (foreign) return foreign;
  if (money.length > 0) {
    const last = money.at(-1)!;
    if (money.every((c) => decimalOf(c) === decimalOf(last))) return { candidate: last, confidence: 0.97, rule: 'amount:single' };
    const converted = money.filter((c) => c.label === 'converted').at(-1);
    if (converted) return { candidate: converted, confidence: 0.9, rule: 'amount:converted' };
    return { candidate: last, confidence: 0.8, rule: 'amount:last' };
  }
  // "12.5" or "1.5000" printed with an unusual number of decimals: maybe an amount, maybe not.
  const decimals = eligible.filter((c) => c.parsed.fraction.length > 0).at(-1);
  return decimals ? { candidate: decimals, confidence: 0.5, rule: 'amount:odd-decimals' } : null;
}

const conflictsWith = (c: AmountCandidate, hint: string | null) => hint !== null && codeOf(c) !== null && codeOf(c) !== hint;

/**
 * "1,234" means 1234 or 1.234. A reading with more decimals than the currency has is impossible
 * (1.234 USD), so for most currencies the grouping reading is the only one; it is sure when the
 * locale agrees and the currency prints no decimals anyway (¥1,200), and doubtful when the locale
 * would have printed it otherwise (de-DE writes 1.234). For three-decimal currencies (KWD) both
 * readings exist and the locale decides, never confidently.
 */
function settleAmbiguity(choice: Choice, input: RulesInput): { choice: Choice; currency: string | null } {
  const { candidate } = choice;
  const currency = codeOf(candidate) ?? input.currencyHint;
  if (!candidate.parsed.ambiguous) return { choice, currency };
  const mark = decimalMark(input.locale);
  const minor = minorUnits(currency);
  const separator = candidate.token.includes(',') ? ',' : '.';
  let parsed = candidate.parsed;
  let confidence: number;
  if (minor >= 3) confidence = mark === null ? 0.6 : 0.8;
  else {
    parsed = parseNumber(candidate.token, null) ?? parsed; // null mark: the grouping reading
    const localeAgrees = mark !== null && mark !== separator;
    confidence = mark === null ? 0.75 : !localeAgrees ? 0.6 : minor === 0 ? 0.97 : 0.9;
  }
  confidence = Math.min(choice.confidence, confidence);
  return { choice: { candidate: { ...candidate, parsed }, confidence, rule: `${choice.rule}+ambiguous-separator` }, currency };
}

/** `dates`: the spans of printed dates, whose digits are never amounts (found here when not given). */
export function readAmount(input: RulesInput, dates: readonly Span[] = findDates(input.text)): AmountReading {
  const candidates = findAmounts(input.text, decimalMark(input.locale), dates);
  const chosen = swift32aAmount(input.text) ?? choose(candidates, input.currencyHint);
  if (!chosen) {
    // Bare integers ("7-ELEVEN 123 MAIN") may still hide an amount; text without any is sure.
    const sure = candidates.length === 0 && !/\d/.test(input.text.replace(/\[[A-Z]+\]/g, ''));
    return {
      reading: { value: null, confidence: sure ? 0.95 : 0.5, rule: sure ? 'amount:no-digits' : 'amount:none-money-shaped' },
      posted: null,
    };
  }
  const { choice, currency } = settleAmbiguity(chosen, input);
  const value = formatAmount(choice.candidate.parsed, minorUnits(currency));
  return { reading: { value, confidence: choice.confidence, rule: choice.rule }, posted: choice.candidate };
}
