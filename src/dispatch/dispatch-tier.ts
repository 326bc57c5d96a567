/**
 * Sends records to one model tier: packs them under the fixed instruction prefix, calls the
 * tier's endpoints in fallback order, reads the answer by position, and retries alone any record
 * whose entry was missing or malformed. Every paid attempt is split over the records it carried.
 */
import { runBounded } from '../common/concurrency.ts';
import type { FieldName } from '../contract/field-match.ts';
import { FIELD_NAMES } from '../contract/records.ts';
import { callCost, type ModelPrice, type PriceTable, priceOf } from '../pricing/price-table.ts';
import { type CallShare, shareCall } from '../pricing/record-cost.ts';
import { NO_USAGE } from '../pricing/usage.ts';
import {
  buildCompactUserMessage,
  COMPACT_ANSWER_JSON_SCHEMA,
  COMPACT_INSTRUCTIONS,
  parseCompactAnswer,
} from '../providers/compact-prompt.ts';
import {
  ANSWER_JSON_SCHEMA,
  ANSWER_NAME,
  buildUserMessage,
  EXTRACTION_INSTRUCTIONS,
  type PromptRecord,
  parseAnswer,
  type RecordAnswer,
} from '../providers/extraction-prompt.ts';
import type { CallAttempt } from '../providers/model-endpoint.ts';
import type { ModelCall } from '../providers/model-provider.ts';
import type { BudgetGuard } from './budget-guard.ts';
import type { ModelTier } from './model-tier.ts';

export type TierInput = {
  key: number;
  prompt: Omit<PromptRecord, 'i'>;
  /** The fields a compact-format tier asks for: those the rules did not read confidently. Every field when absent. */
  ask?: readonly FieldName[];
};

export type TierAnswer = RecordAnswer & { provider: string; model: string; simulated: boolean };

/** Told of every call attempt, for metrics: its tier, usage and error, if any. */
export type CallObserver = (attempt: CallAttempt & { tier: string }) => void;

export type DispatchDeps = {
  prices: PriceTable;
  signal?: AbortSignal;
  onCall?: CallObserver;
  /** Spending limits: every call reserves its cost before it is sent, and may wait for room. */
  budget?: BudgetGuard;
};

/** How a tier's records are sent: dispatchToTier in real time, or through the Batch APIs (dispatch-batch.ts). */
export type TierDispatch = (tier: ModelTier, inputs: readonly TierInput[], deps: DispatchDeps) => Promise<TierResult>;

export type TierResult = {
  answers: Map<number, TierAnswer>;
  /** Why a record got no answer from this tier. */
  failures: Map<number, string>;
  shares: Map<number, CallShare[]>;
};

const CHARS_PER_TOKEN = 4;

/** The input tokens a call's prompt is reckoned at before it is sent (rate limits, budget reservations). */
export const promptTokens = (call: Pick<ModelCall, 'system' | 'user'>) =>
  Math.ceil(call.system.length / CHARS_PER_TOKEN) + Math.ceil(call.user.length / CHARS_PER_TOKEN);

/**
 * What a budget reserves for a call before it is sent: its prompt and its most output at the model's
 * price; the most output of a call as its endpoint asks it (ModelEndpoint.ask) includes the room
 * for reasoning.
 */
export const reservedCost = (price: ModelPrice, call: Omit<ModelCall, 'model'>, options: { batch: boolean }) =>
  callCost(price, { ...NO_USAGE, inputTokens: promptTokens(call), outputTokens: call.maxOutputTokens }, options);

export async function dispatchToTier(tier: ModelTier, inputs: readonly TierInput[], deps: DispatchDeps): Promise<TierResult> {
  const result: TierResult = { answers: new Map(), failures: new Map(), shares: new Map() };
  const packs = chunk(inputs, tier.packSize);
  const retryAlone: TierInput[] = [];
  await runBounded(packs, tier.concurrency, async (pack) => {
    const missing = await callPack(tier, pack, result, deps);
    if (pack.length > 1) retryAlone.push(...missing);
    else for (const input of missing) result.failures.set(input.key, result.failures.get(input.key) ?? 'no well-formed answer');
  });
  await runBounded(
    retryAlone.map((input) => [input]),
    tier.concurrency,
    async (pack) => {
      for (const input of await callPack(tier, pack, result, deps)) {
        if (!result.failures.has(input.key)) result.failures.set(input.key, 'no well-formed answer, also when asked alone');
      }
    },
  );
  return result;
}

/** Calls the endpoints in order until one answers; returns the inputs left without an answer. */
async function callPack(tier: ModelTier, pack: TierInput[], result: TierResult, deps: DispatchDeps): Promise<TierInput[]> {
  const { call, weights, read } = packCall(tier, pack);
  const reasons: string[] = [];
  for (const endpoint of tier.endpoints) {
    const price = priceOf(deps.prices, endpoint.provider.name, endpoint.model);
    // Each model is asked its own way: its reasoning effort, and room for its reasoning in the output limit.
    const asked = endpoint.ask(call);
    // Retries inside the endpoint may bill the call more than once: the reservation is for one.
    const reservation = await deps.budget?.reserve(reservedCost(price, asked, { batch: false }), deps.signal);
    const outcome = await endpoint.call({
      ...asked,
      estimatedTokens: promptTokens(asked) + asked.maxOutputTokens,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    await reservation?.settle(outcome.attempts.reduce((sum, a) => sum + (a.usage ? callCost(price, a.usage, { batch: false }) : 0), 0));
    chargeAttempts(tier, outcome.attempts, pack, weights, result, deps.prices);
    for (const attempt of outcome.attempts) deps.onCall?.({ ...attempt, tier: tier.name });
    // A billed answer that is not JSON is the model's slip, not the endpoint's: its records are retried alone.
    if (!outcome.ok && outcome.error.code === 'MALFORMED_ANSWER') return [...pack];
    if (!outcome.ok) {
      reasons.push(`${endpoint.provider.name}/${endpoint.model}: ${outcome.error.code} ${outcome.error.message}`);
      continue;
    }
    return takeAnswers(pack, read(outcome.result.answer), endpoint, result);
  }
  for (const input of pack) result.failures.set(input.key, `every endpoint of tier ${tier.name} failed: ${reasons.join('; ')}`);
  return [];
}

/**
 * What one call carrying `pack` asks in the tier's answer format (the fixed prefix, the pack by
 * position), each record's share of it, and how its answer is read.
 */
export function packCall(
  tier: ModelTier,
  pack: readonly TierInput[],
): { call: Omit<ModelCall, 'model'>; weights: number[]; read: (answer: unknown) => Map<number, RecordAnswer> } {
  const weights = pack.map((input) => input.prompt.text.length + 40);
  const maxOutputTokens = tier.outputTokensPerRecord * pack.length + 32;
  if (tier.answerFormat === 'compact') {
    const asks = pack.map((input) => input.ask ?? FIELD_NAMES);
    return {
      call: {
        system: COMPACT_INSTRUCTIONS,
        user: buildCompactUserMessage(pack.map((input, i) => ({ ...input.prompt, i, ask: asks[i]! }))),
        schema: { name: ANSWER_NAME, schema: COMPACT_ANSWER_JSON_SCHEMA as unknown as Record<string, unknown> },
        maxOutputTokens,
      },
      weights,
      read: (answer) => parseCompactAnswer(answer, asks),
    };
  }
  return {
    call: {
      system: EXTRACTION_INSTRUCTIONS,
      user: buildUserMessage(pack.map((input, i) => ({ ...input.prompt, i }))),
      schema: { name: ANSWER_NAME, schema: ANSWER_JSON_SCHEMA as unknown as Record<string, unknown> },
      maxOutputTokens,
    },
    weights,
    read: (answer) => parseAnswer(answer, pack.length),
  };
}

/** Reads a pack's answer by position into `result`; returns the inputs it left without one. */
export function takeAnswers(
  pack: readonly TierInput[],
  answers: ReadonlyMap<number, RecordAnswer>,
  from: { provider: { name: string; simulated: boolean }; model: string },
  result: TierResult,
): TierInput[] {
  const missing: TierInput[] = [];
  pack.forEach((input, i) => {
    const one = answers.get(i);
    if (one) {
      result.answers.set(input.key, { ...one, provider: from.provider.name, model: from.model, simulated: from.provider.simulated });
      result.failures.delete(input.key);
    } else missing.push(input);
  });
  return missing;
}

/** Adds each record's share of a paid call to `result`. */
export function chargeShares(result: TierResult, pack: readonly TierInput[], shares: readonly CallShare[]): void {
  pack.forEach((input, i) => {
    const list = result.shares.get(input.key) ?? [];
    list.push(shares[i]!);
    result.shares.set(input.key, list);
  });
}

function chargeAttempts(
  tier: ModelTier,
  attempts: CallAttempt[],
  pack: TierInput[],
  weights: number[],
  result: TierResult,
  prices: PriceTable,
): void {
  for (const attempt of attempts) {
    if (!attempt.usage) continue;
    const shares = shareCall(
      {
        tier: tier.name,
        provider: attempt.provider,
        model: attempt.model,
        usage: attempt.usage,
        batch: false,
        requestId: attempt.requestId,
      },
      weights,
      prices,
    );
    chargeShares(result, pack, shares);
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
