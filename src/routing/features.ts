/**
 * What the router knows about a record before any model sees it, as one numeric vector: the same
 * function builds it when the record is routed and when feedback on it becomes a training
 * example, so a model is never trained on features it will not be given.
 *
 * Every feature is cheap and general: sizes and shapes of the text, the rail the rules
 * recognised, which fields they read confidently, what the cache found and why it did not serve,
 * and the source's recent error rate. None names a bank or a layout, so the model carries over to
 * narratives it was not trained on.
 */
import { CACHE_MISS_KINDS, type CacheMiss } from '../cache/cache-miss.ts';
import type { PreparedRecord } from '../prepare/prepared-record.ts';
import { CONFIDENT, type FieldName, type RulesResult } from '../rules/rules-result.ts';

export type FeatureInput = {
  prepared: PreparedRecord;
  rules: RulesResult;
  cache: CacheMiss;
  /** The source's share of wrong answers in recent feedback (smoothed; the all-source rate for a new source). */
  sourceErrorRate: number;
  /** How often this record's skeleton was seen recently (0: never): a new layout is harder. */
  skeletonSeen: number;
};

const RAIL_FAMILIES: Readonly<Record<string, string>> = {
  card: 'card',
  sepa: 'sepa',
  swift: 'swift',
  fedwire: 'wire',
  ach: 'ach',
  upi: 'upi',
  pix: 'pix',
  neft: 'india',
  rtgs: 'india',
  imps: 'india',
  fps: 'uk',
  bacs: 'uk',
  'uk-direct-debit': 'uk',
  zelle: 'p2p',
  bizum: 'p2p',
  interac: 'p2p',
};
const FAMILIES = ['card', 'sepa', 'swift', 'wire', 'ach', 'upi', 'pix', 'india', 'uk', 'p2p'] as const;
const LANGUAGES = ['en', 'de', 'fr', 'es', 'nl', 'pt', 'it', 'hi'] as const;
const FIELDS: readonly FieldName[] = [
  'transaction_date',
  'amount',
  'currency',
  'counterparty',
  'reference',
  'transaction_type',
  'category',
  'direction',
];

/** The features' names, in the order of every vector and of every tier's coefficients. */
export const FEATURE_NAMES: readonly string[] = [
  'log_chars',
  'token_estimate',
  'words',
  'digit_groups',
  'non_ascii_share',
  'slots',
  'masked_secrets',
  'instructions_removed',
  'no_locale',
  ...LANGUAGES.map((language) => `language_${language}`),
  'no_currency_hint',
  'no_statement_date',
  'no_rail',
  ...FAMILIES.map((family) => `rail_${family}`),
  ...FIELDS.map((field) => `rules_confident_${field}`),
  'rules_confident_fields',
  'cache_similarity',
  ...CACHE_MISS_KINDS.map((kind) => `cache_${kind}`),
  'skeleton_novel',
  'log_skeleton_seen',
  'source_error_rate',
];

const DIGIT_GROUP = /\p{Nd}+/gu;
const WORD = /\S+/g;

/** The feature vector of a record, in FEATURE_NAMES order. */
export function routeFeatures(input: FeatureInput): Float64Array {
  const { prepared, rules, cache } = input;
  const text = prepared.masked;
  const { locale, currency_hint: currencyHint, statement_date: statementDate } = prepared.record;
  const language = locale?.slice(0, 2).toLowerCase() ?? null;
  const family = rules.rail === null ? null : (RAIL_FAMILIES[rules.rail] ?? null);
  const confident = FIELDS.map((field) => (rules.fields[field].confidence >= CONFIDENT ? 1 : 0));
  const values = [
    Math.log1p(text.length),
    Math.ceil(text.length / 4),
    count(text, WORD),
    count(text, DIGIT_GROUP),
    nonAsciiShare(text),
    prepared.slots.length,
    prepared.secrets.length,
    prepared.instructionsRemoved > 0 ? 1 : 0,
    locale === null ? 1 : 0,
    ...LANGUAGES.map((l) => (language === l ? 1 : 0)),
    currencyHint === null ? 1 : 0,
    statementDate === null ? 1 : 0,
    family === null ? 1 : 0,
    ...FAMILIES.map((f) => (family === f ? 1 : 0)),
    ...confident,
    confident.reduce((a: number, b) => a + b, 0),
    cache.similarity,
    ...CACHE_MISS_KINDS.map((kind) => (cache.kind === kind ? 1 : 0)),
    input.skeletonSeen === 0 ? 1 : 0,
    Math.log1p(input.skeletonSeen),
    input.sourceErrorRate,
  ];
  return Float64Array.from(values);
}

function count(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

function nonAsciiShare(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) n++;
  return text.length === 0 ? 0 : n / text.length;
}
