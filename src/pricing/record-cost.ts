/**
 * What a record owes: its share of every paid call that carried it. A call's cost and tokens are
 * split over its records by weight (their share of the prompt), in integers that sum exactly to
 * the call's figures.
 */
import { callCost, type NanoUsd, type PriceTable, priceOf, splitByWeight } from './price-table.ts';
import type { Usage } from './usage.ts';

export type CallShare = {
  tier: string;
  provider: string;
  model: string;
  recordsInCall: number;
  nanoUsd: NanoUsd;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  batch: boolean;
  /** The provider's id of the call, when it gave one: every share of one call names the same. */
  requestId: string | null;
};

export type PaidCall = { tier: string; provider: string; model: string; usage: Usage; batch: boolean; requestId?: string | undefined };

/** One share per weight, in the weights' order. Throws for a model with no price (see priceOf). */
export function shareCall(call: PaidCall, weights: readonly number[], prices: PriceTable): CallShare[] {
  const total = callCost(priceOf(prices, call.provider, call.model), call.usage, { batch: call.batch });
  const money = splitByWeight(total, weights);
  const input = splitByWeight((call.usage.inputTokens ?? 0) + (call.usage.cacheWriteInputTokens ?? 0), weights);
  const cached = splitByWeight(call.usage.cachedInputTokens ?? 0, weights);
  const output = splitByWeight(call.usage.outputTokens ?? 0, weights);
  return weights.map((_, i) => ({
    tier: call.tier,
    provider: call.provider,
    model: call.model,
    recordsInCall: weights.length,
    batch: call.batch,
    requestId: call.requestId ?? null,
    nanoUsd: money[i]!,
    inputTokens: input[i]!,
    cachedInputTokens: cached[i]!,
    outputTokens: output[i]!,
  }));
}

export type CostTotals = { nanoUsd: NanoUsd; inputTokens: number; cachedInputTokens: number; outputTokens: number };

export function sumShares(shares: readonly CallShare[]): CostTotals {
  return shares.reduce(
    (t, s) => ({
      nanoUsd: t.nanoUsd + s.nanoUsd,
      inputTokens: t.inputTokens + s.inputTokens,
      cachedInputTokens: t.cachedInputTokens + s.cachedInputTokens,
      outputTokens: t.outputTokens + s.outputTokens,
    }),
    { nanoUsd: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 },
  );
}
