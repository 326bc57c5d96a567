/**
 * Sends records to one model tier through the providers' Batch APIs (half price, answers within a
 * day): the tier's packs as one batch to the first endpoint whose provider has a batch adapter,
 * looked at every `pollEveryMs` until it ends, each pack's answer read by position as in real time
 * and billed at the batch discount. What a batch leaves unanswered (a request's error, a line
 * missing or unreadable, the whole batch expired, an entry of a pack malformed) goes in the next
 * batch, up to `maxRounds` batches; what is left then goes in real time (dispatchToTier).
 *
 * An answered request is never sent again, so nothing is paid twice, with one exception the
 * providers leave no way around: a result line that cannot be read was billed and is sent again.
 * A batch the provider says is not there (expired and deleted, or another account's) is never waited
 * on for ever: a journaled one is forgotten and its requests submitted again; one of this round's
 * own leaves its records to real time.
 */
import type { Clock } from '../common/clock.ts';
import { priceOf } from '../pricing/price-table.ts';
import { shareCall } from '../pricing/record-cost.ts';
import type { BatchEnd, BatchProvider, BatchRequest, BatchStatus } from '../providers/batch-provider.ts';
import type { ModelEndpoint } from '../providers/model-endpoint.ts';
import { ProviderError } from '../providers/provider-error.ts';
import { type BatchJournal, batchKey, type PendingBatch } from './batch-journal.ts';
import { RESERVATION_HOLD_MS } from './budget-guard.ts';
import {
  chargeShares,
  chunk,
  type DispatchDeps,
  dispatchToTier,
  packCall,
  reservedCost,
  type TierDispatch,
  type TierInput,
  type TierResult,
  takeAnswers,
} from './dispatch-tier.ts';
import type { ModelTier } from './model-tier.ts';

export type BatchEvent =
  | {
      /** resumed: the journal held this very batch, submitted before a restart or a rebalance; it is polled, not sent again. */
      kind: 'submitted' | 'resumed';
      tier: string;
      provider: string;
      model: string;
      batchId: string;
      requests: number;
      records: number;
    }
  | {
      kind: 'ended';
      tier: string;
      provider: string;
      model: string;
      batchId: string;
      status: BatchEnd;
      /** Records answered by this batch, and those it left for the next round or real time. */
      answered: number;
      retried: number;
      unknownIds: number;
      unreadableLines: number;
    }
  | {
      /** The provider says the batch is not there to look at (a 404 polling it); a resumed one is then submitted again. */
      kind: 'lost';
      tier: string;
      provider: string;
      model: string;
      batchId: string;
      reason: string;
      records: number;
    };

export type BatchDispatchDeps = DispatchDeps & {
  /** The batch adapter of each provider that has one, by provider name. */
  batchProviders: ReadonlyMap<string, BatchProvider>;
  clock: Clock;
  pollEveryMs: number;
  /** Batches tried before what is left goes in real time. */
  maxRounds: number;
  /** Told when a batch is submitted, resumed and when it ends: logs, metrics. */
  onBatch?: (event: BatchEvent) => void;
  /** Where batches in flight are recorded, so whoever takes the same records up next polls them instead of paying again. */
  journal?: BatchJournal;
  /** The journal could not record a batch (it runs on, unprotected against a crash). */
  onJournalError?: (error: unknown) => void;
};

/** The cascade's tier dispatch through the Batch APIs (CascadeDeps.dispatch), for `extract --batch-api` and the benchmarks alike. */
export function batchDispatch(options: Omit<BatchDispatchDeps, keyof DispatchDeps>): TierDispatch {
  return (tier, inputs, deps) => dispatchToTierInBatches(tier, inputs, { ...options, ...deps });
}

export async function dispatchToTierInBatches(tier: ModelTier, inputs: readonly TierInput[], deps: BatchDispatchDeps): Promise<TierResult> {
  const result: TierResult = { answers: new Map(), failures: new Map(), shares: new Map() };
  let pending = [...inputs];
  for (let round = 0; round < deps.maxRounds && pending.length > 0; round++) {
    const endpoint = tier.endpoints.find((e) => deps.batchProviders.has(e.provider.name));
    if (!endpoint) break;
    const left = await batchRound(tier, endpoint, deps.batchProviders.get(endpoint.provider.name)!, pending, round, result, deps);
    if (left === null) break;
    pending = left;
  }
  if (pending.length === 0) return result;
  const realTime = await dispatchToTier(tier, pending, deps);
  for (const [key, answer] of realTime.answers) result.answers.set(key, answer);
  for (const [key, reason] of realTime.failures) result.failures.set(key, reason);
  for (const [key, shares] of realTime.shares) result.shares.set(key, [...(result.shares.get(key) ?? []), ...shares]);
  return result;
}

/** One batch of the pending inputs; returns the inputs it left unanswered, or null when it could not run. */
async function batchRound(
  tier: ModelTier,
  endpoint: ModelEndpoint,
  provider: BatchProvider,
  pending: readonly TierInput[],
  round: number,
  result: TierResult,
  deps: BatchDispatchDeps,
): Promise<TierInput[] | null> {
  const packs = chunk(pending, tier.packSize).map((pack, i) => {
    const { call, ...reading } = packCall(tier, pack);
    return { pack, customId: `${tier.name}-${round}-${i}`, ...reading, call: endpoint.ask(call) };
  });
  const requests: BatchRequest[] = packs.map((p) => ({ customId: p.customId, call: p.call }));
  const names = { tier: tier.name, provider: provider.name, model: endpoint.model };
  const startedAt = deps.clock.now();
  const price = priceOf(deps.prices, endpoint.provider.name, endpoint.model);
  const estimate = packs.reduce((sum, p) => sum + reservedCost(price, p.call, { batch: true }), 0);
  const reservation = await deps.budget?.reserve(estimate, deps.signal, RESERVATION_HOLD_MS.batch);
  let charged = 0;
  const key = batchKey(provider.name, endpoint.model, requests);
  let batchId = '';
  let status: Ended | undefined;
  // A journaled batch the provider cannot show (expired, deleted, another account's) is forgotten and sent again, once.
  for (let resumable = true; status === undefined; resumable = false) {
    let resumed: boolean;
    try {
      // A journal that cannot be read fails the window (it is handed back and tried again): submitting blind might pay twice.
      const journaled = resumable ? await deps.journal?.find(key) : null;
      resumed = journaled !== null && journaled !== undefined;
      batchId = journaled?.batchId ?? (await provider.submit(requests, deps.signal));
      deps.onBatch?.({ kind: resumed ? 'resumed' : 'submitted', ...names, batchId, requests: requests.length, records: pending.length });
      if (!resumed) await recordPending(deps, { key, provider: provider.name, model: endpoint.model, batchId, submittedAt: startedAt });
    } catch (error) {
      await reservation?.settle(0);
      for (const input of pending) result.failures.set(input.key, `batch not submitted to ${provider.name}: ${(error as Error).message}`);
      return null;
    }
    let polled: Polled;
    try {
      polled = await waitForEnd(provider, batchId, new Set(requests.map((r) => r.customId)), deps);
    } catch (error) {
      // Aborted while the batch runs: it may still be billed, so the reservation stays spent.
      await reservation?.settle(estimate);
      throw error;
    }
    if (polled.state === 'ended') {
      status = polled;
      continue;
    }
    await deps.journal?.forget(key).catch(() => undefined);
    deps.onBatch?.({ kind: 'lost', ...names, batchId, reason: polled.reason, records: pending.length });
    if (!resumed) {
      // Taken by the provider, then unreadable: it may have been billed, so the reservation stays spent.
      await reservation?.settle(estimate);
      for (const input of pending) result.failures.set(input.key, `batch ${batchId} of ${provider.name} cannot be read: ${polled.reason}`);
      return null;
    }
  }
  const left: TierInput[] = [];
  for (const { pack, customId, weights, read } of packs) {
    const answer = status.answers.get(customId);
    if (!answer) {
      left.push(...pack);
      continue;
    }
    const usage = answer.ok ? answer.result.usage : answer.error.usage;
    const requestId = answer.ok ? answer.result.requestId : answer.error.requestId;
    if (usage) {
      const call = { tier: tier.name, provider: endpoint.provider.name, model: endpoint.model, usage, batch: true, requestId };
      const shares = shareCall(call, weights, deps.prices);
      charged += shares.reduce((sum, share) => sum + share.nanoUsd, 0);
      chargeShares(result, pack, shares);
      deps.onCall?.({
        provider: endpoint.provider.name,
        model: endpoint.model,
        usage,
        requestId,
        latencyMs: deps.clock.now() - startedAt,
        tier: tier.name,
      });
    }
    if (answer.ok) left.push(...takeAnswers(pack, read(answer.result.answer), endpoint, result));
    else left.push(...pack);
  }
  await reservation?.settle(charged);
  await deps.journal?.forget(key).catch(() => undefined);
  deps.onBatch?.({
    kind: 'ended',
    ...names,
    batchId,
    status: status.status,
    answered: pending.length - left.length,
    retried: left.length,
    unknownIds: status.unknownIds.length,
    unreadableLines: status.unreadableLines,
  });
  return left;
}

/**
 * A batch the provider took is recorded before it is waited on. Should the journal refuse, the
 * batch is still waited on here: only a crash before its end would then submit it again.
 */
async function recordPending(deps: BatchDispatchDeps, batch: PendingBatch): Promise<void> {
  try {
    await deps.journal?.record(batch);
  } catch (error) {
    deps.onJournalError?.(error);
  }
}

type Ended = Extract<BatchStatus, { state: 'ended' }>;
type Polled = Ended | { state: 'lost'; reason: string };

/**
 * Looks at the batch every pollEveryMs until it has ended. A look that failed is tried again at
 * the next, unless the provider says the batch is not there to look at (404: no such batch or
 * results file; another 4xx but 401/403/408/429: an id it cannot take). A key refused (401, 403)
 * is waited out: the batch may still run, and a restart with a good key finds it in the journal.
 */
async function waitForEnd(
  provider: BatchProvider,
  batchId: string,
  customIds: ReadonlySet<string>,
  deps: BatchDispatchDeps,
): Promise<Polled> {
  for (;;) {
    try {
      const status = await provider.status(batchId, customIds, deps.signal);
      if (status.state === 'ended') return status;
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      if (error instanceof ProviderError && error.code === 'BAD_REQUEST') return { state: 'lost', reason: error.message };
    }
    await deps.clock.sleep(deps.pollEveryMs, deps.signal);
  }
}
