/**
 * Turns a call's normalised usage into money with the pricing table (prices.json), and splits
 * a call's cost over the records it carried.
 *
 * Money is an integer count of nano-dollars (1e-9 USD) inside the service: a record's share of a
 * cheap packed call is a fraction of a micro-dollar, and integers keep every sum exact. Decimal
 * USD appears only on the wire and in reports.
 */
import { readFileSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import type { Usage } from './usage.ts';

export type NanoUsd = number;

export type ModelPrice = {
  provider: string;
  model: string;
  /** USD per million tokens. */
  input: number;
  cachedInput: number;
  /** Anthropic's cache writes; the input price when absent. */
  cacheWrite?: number;
  output: number;
  /** Share taken off by the provider's Batch API, e.g. 0.5. */
  batchDiscount: number;
  /**
   * True when the provider no longer recommends the model (superseded, deprecated or retired). It
   * stays priced so a pinned deployment keeps working; configuring it earns a warning at start.
   */
  legacy?: boolean;
  /** The day the figures were read at `source`, YYYY-MM-DD. Every model of prices.json has one. */
  readOn?: string;
  /** Where the figures were read: the provider's price page or model page. Every model of prices.json has one. */
  source?: string;
  /** A model on the user's own server, free by declaration; never a price for another provider's model. */
  selfHosted?: true;
};

/** `readOn`: the latest of the models' dates, so the table says how fresh its newest reading is. */
export type PriceTable = { readOn: string; models: ModelPrice[] };

export const PRICES_PATH = new URL('./prices.json', import.meta.url).pathname;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day written YYYY-MM-DD (2026-02-30 is not one). */
function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

export function loadPriceTable(path: string = PRICES_PATH): PriceTable {
  const table = JSON.parse(readFileSync(path, 'utf8')) as PriceTable;
  const invalid = (message: string) => new ParsimonyError('CONFIG_INVALID', `${path}: ${message}`);
  if (!Array.isArray(table.models)) throw invalid('models must be an array');
  for (const m of table.models) {
    const name = `${m.provider}/${m.model}`;
    if (typeof m.provider !== 'string' || typeof m.model !== 'string') throw invalid(`${name}: provider and model must be strings`);
    for (const key of ['input', 'cachedInput', 'output', 'batchDiscount'] as const) {
      if (typeof m[key] !== 'number' || m[key] < 0) throw invalid(`${name}.${key} must be a number ≥ 0`);
    }
    if (m.cacheWrite !== undefined && (typeof m.cacheWrite !== 'number' || m.cacheWrite < 0)) {
      throw invalid(`${name}.cacheWrite must be a number ≥ 0 when present`);
    }
    if (m.legacy !== undefined && typeof m.legacy !== 'boolean') throw invalid(`${name}.legacy must be true or false when present`);
    if (!isDay(m.readOn)) throw invalid(`${name}.readOn must be the day its figures were read, YYYY-MM-DD`);
    if (typeof m.source !== 'string' || !/^https:\/\/\S+$/.test(m.source)) {
      throw invalid(`${name}.source must be the https URL its figures were read at`);
    }
  }
  const dates = table.models.map((m) => m.readOn!).sort();
  const latest = dates.at(-1) ?? '';
  if (!isDay(table.readOn) || (latest !== '' && table.readOn !== latest)) {
    throw invalid(`readOn must be the latest of the models' readOn dates (${latest || 'none'}), YYYY-MM-DD`);
  }
  return table;
}

/**
 * The listed price of a model, or undefined. A provider not named in the table (an
 * OpenAI-compatible proxy) that serves a listed model pays that model's price.
 */
export function findPrice(table: PriceTable, provider: string, model: string): ModelPrice | undefined {
  return (
    table.models.find((m) => m.provider === provider && m.model === model) ?? table.models.find((m) => m.model === model && !m.selfHosted)
  );
}

/**
 * The table with an explicit zero price for each model the configuration runs on its own server
 * (`selfHosted: true`): free on purpose, which is different from a price nobody wrote down.
 */
export function withSelfHostedModels(table: PriceTable, models: readonly { provider: string; model: string }[]): PriceTable {
  return { ...table, models: [...table.models, ...models.map((m) => ({ ...zeroPrice(m.provider, m.model), selfHosted: true as const }))] };
}

export function zeroPrice(provider: string, model: string): ModelPrice {
  return { provider, model, input: 0, cachedInput: 0, output: 0, batchDiscount: 0 };
}

/**
 * The price of a call's model, exactly by provider first (a self-hosted model's zero entry).
 * An unlisted model throws: pricing it at 0 would hide what it costs. Configuration loading
 * refuses such models first; this is the guard behind it.
 */
export function priceOf(table: PriceTable, provider: string, model: string): ModelPrice {
  const price = findPrice(table, provider, model);
  if (!price) {
    throw new ParsimonyError(
      'CONFIG_INVALID',
      `${provider}/${model} has no price: add it to src/pricing/prices.json (or, for a model on your own OpenAI-compatible server, set selfHosted: true in its tier)`,
    );
  }
  return price;
}

/** nano-USD per token = USD per million tokens × 1e9 / 1e6. */
const NANO_PER_TOKEN_PER_USD_PER_MTOK = 1_000;

export function callCost(price: ModelPrice, usage: Usage, options: { batch: boolean }): NanoUsd {
  const exact =
    (usage.inputTokens ?? 0) * price.input +
    (usage.cachedInputTokens ?? 0) * price.cachedInput +
    (usage.cacheWriteInputTokens ?? 0) * (price.cacheWrite ?? price.input) +
    (usage.outputTokens ?? 0) * price.output;
  const discount = options.batch ? 1 - price.batchDiscount : 1;
  return Math.round(exact * NANO_PER_TOKEN_PER_USD_PER_MTOK * discount);
}

/**
 * Splits an integer total over weights so that the parts are integers summing exactly to the
 * total (largest remainder): the per-record costs of a call add up to what the call cost.
 */
export function splitByWeight(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, w) => a + w, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((a, p) => a + p, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    parts[i]! += 1;
    rest -= 1;
  }
  return parts;
}

/** Decimal USD for the wire: "0.000125", "12.5", "0". */
export function formatUsd(nano: NanoUsd): string {
  const sign = nano < 0 ? '-' : '';
  const abs = Math.abs(Math.round(nano));
  const whole = Math.floor(abs / 1e9);
  const fraction = String(abs % 1e9)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
