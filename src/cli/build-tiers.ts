/**
 * Builds the cascade's model tiers from configuration: one endpoint per configured model whose
 * provider can be reached (a key is set, or the simulator stands in for every provider).
 */
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import { DEFAULT_RETRY_POLICY } from '../common/resilience/retry.ts';
import type { Config } from '../config/config.ts';
import type { ModelSpec } from '../config/tier-specs.ts';
import type { BatchJournal } from '../dispatch/batch-journal.ts';
import { BudgetGuard } from '../dispatch/budget-guard.ts';
import type { BudgetLedger } from '../dispatch/budget-ledger.ts';
import { batchDispatch } from '../dispatch/dispatch-batch.ts';
import type { TierDispatch } from '../dispatch/dispatch-tier.ts';
import type { ModelTier } from '../dispatch/model-tier.ts';
import { loadPriceTable, type PriceTable, withSelfHostedModels } from '../pricing/price-table.ts';
import { createAnthropicBatchProvider } from '../providers/anthropic-batch.ts';
import { createAnthropicProvider } from '../providers/anthropic-provider.ts';
import type { BatchProvider } from '../providers/batch-provider.ts';
import { ModelEndpoint } from '../providers/model-endpoint.ts';
import type { ModelProvider } from '../providers/model-provider.ts';
import { createOpenAiBatchProvider } from '../providers/openai-batch.ts';
import { createOpenAiProvider } from '../providers/openai-provider.ts';
import { relaxationAt } from '../routing/budget-relaxation.ts';
import type { runnerSettings } from '../runner/window-runner.ts';

const UNLIMITED = { requestsPerMinute: 1e9, tokensPerMinute: 1e12 };

export type SimulatorUrls = { openaiBaseUrl: string; anthropicBaseUrl: string };

export function buildTiers(options: {
  config: Config;
  env: Record<string, string | undefined>;
  clock: Clock;
  logger: Logger;
  /** When set, every provider is the simulator and outputs say so. */
  simulator?: SimulatorUrls;
}): ModelTier[] {
  const providers = new Map<string, ModelProvider | null>();
  const providerFor = (spec: ModelSpec) => {
    const key = `${spec.provider}|${spec.baseUrl ?? ''}`;
    if (!providers.has(key)) providers.set(key, createProvider(spec, options));
    return providers.get(key)!;
  };
  const tiers: ModelTier[] = [];
  for (const spec of options.config.tiers) {
    const endpoints = spec.models.flatMap((model) => {
      const provider = providerFor(model);
      if (!provider) return [];
      return [
        new ModelEndpoint({
          provider,
          model: model.model,
          clock: options.clock,
          timeoutMs: model.timeoutMs,
          retry: DEFAULT_RETRY_POLICY,
          // The simulator enforces no limits; the configured ones belong to the real providers.
          limits: options.simulator ? UNLIMITED : { requestsPerMinute: model.requestsPerMinute, tokensPerMinute: model.tokensPerMinute },
          circuit: { failureThreshold: 5, cooldownMs: 30_000 },
          reasoning: {
            ...(model.reasoningEffort ? { effort: model.reasoningEffort } : {}),
            tokensPerCall: model.reasoningTokensPerCall,
          },
        }),
      ];
    });
    if (endpoints.length === 0) {
      options.logger.warn(
        `tier ${spec.name} has no reachable model (no API key for ${spec.models.map((m) => m.provider).join(', ')}); it is skipped`,
      );
      continue;
    }
    tiers.push({ ...spec, endpoints });
  }
  return tiers;
}

type ProviderOptions = { config: Config; env: Record<string, string | undefined>; clock: Clock; simulator?: SimulatorUrls };

/** Where a provider of OpenAI or Anthropic is reached, and with what key: the simulator, or the configured one (null: no key). */
function reach(kind: 'openai' | 'anthropic', options: ProviderOptions) {
  const { simulator } = options;
  if (simulator)
    return { apiKey: 'simulated', baseURL: kind === 'openai' ? simulator.openaiBaseUrl : simulator.anthropicBaseUrl, simulated: true };
  const configured = options.config.providers[kind];
  if (!configured.apiKey) return null;
  return { apiKey: configured.apiKey, ...(configured.baseUrl ? { baseURL: configured.baseUrl } : {}), simulated: false };
}

function createProvider(spec: ModelSpec, options: ProviderOptions): ModelProvider | null {
  const { clock, simulator } = options;
  if (spec.provider === 'anthropic' || spec.provider === 'openai') {
    const at = reach(spec.provider, options);
    if (!at) return null;
    const create = spec.provider === 'anthropic' ? createAnthropicProvider : createOpenAiProvider;
    return create({ name: spec.provider, ...at, clock });
  }
  // An OpenAI-compatible server: self-hosted ones often need no key.
  const apiKey = (spec.apiKeyEnv ? options.env[spec.apiKeyEnv] : undefined) ?? 'none';
  const baseURL = simulator ? simulator.openaiBaseUrl : spec.baseUrl!;
  return createOpenAiProvider({ name: spec.provider, apiKey, baseURL, compatible: true, simulated: Boolean(simulator), clock });
}

/**
 * The Batch API adapters of the providers the tiers use and can reach, by provider name: OpenAI's
 * and Anthropic's (OpenAI-compatible servers have none; their records go in real time).
 */
export function buildBatchProviders(options: ProviderOptions): Map<string, BatchProvider> {
  const providers = new Map<string, BatchProvider>();
  for (const kind of ['openai', 'anthropic'] as const) {
    if (!options.config.tiers.some((t) => t.models.some((m) => m.provider === kind))) continue;
    const at = reach(kind, options);
    if (!at) continue;
    const create = kind === 'openai' ? createOpenAiBatchProvider : createAnthropicBatchProvider;
    providers.set(kind, create({ name: kind, ...at, clock: options.clock }));
  }
  return providers;
}

/** The price table the configured tiers are costed with: the listed prices, and zero for self-hosted models. */
export function pricesFor(config: Pick<Config, 'tiers'>): PriceTable {
  return withSelfHostedModels(
    loadPriceTable(),
    config.tiers.flatMap((tier) => tier.models.filter((m) => m.selfHosted)),
  );
}

/**
 * The spending limits every model call reserves against, or undefined when none is configured;
 * `ledger` says whose spend they count (this process's by default; `run` passes the group's).
 * Spend, reservations, waits and an unreachable ledger go to the metrics and the log.
 */
export function buildBudget(options: {
  config: Pick<Config, 'budget'>;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  ledger?: BudgetLedger;
}): BudgetGuard | undefined {
  const { usdPerHour, usdPerDay } = options.config.budget;
  if (usdPerHour === undefined && usdPerDay === undefined) return undefined;
  const { metrics, logger } = options;
  if (usdPerHour !== undefined) metrics.budgetLimitUsd.set({ window: 'hour' }, usdPerHour);
  if (usdPerDay !== undefined) metrics.budgetLimitUsd.set({ window: 'day' }, usdPerDay);
  let unreachableSince: number | undefined;
  return new BudgetGuard({
    limits: { usdPerHour, usdPerDay },
    clock: options.clock,
    ...(options.ledger ? { ledger: options.ledger } : {}),
    observer: {
      spend: (window, spentNano, reservedNano) => {
        if (unreachableSince !== undefined) logger.info('the budget ledger answers again: model calls go on');
        unreachableSince = undefined;
        metrics.budgetSpentUsd.set({ window }, spentNano / 1e9);
        metrics.budgetReservedUsd.set(reservedNano / 1e9);
      },
      waited: (ms) => metrics.budgetWaitSeconds.inc(ms / 1000),
      pressure: (ratio) => metrics.budgetPressure.set(ratio),
      unreachable: (error) => {
        metrics.budgetLedgerErrors.inc();
        if (unreachableSince !== undefined) return;
        unreachableSince = options.clock.now();
        logger.error('the budget ledger cannot be reached: model calls wait until it answers', { error });
      },
    },
  });
}

/**
 * What the router gives way near the budget's limit, read per window from the guard's pressure;
 * said once when it starts and once when it ends, and metered.
 */
export function budgetRelaxation(options: {
  guard: BudgetGuard;
  config: Pick<Config, 'budget'>;
  metrics: Metrics;
  logger: Logger;
}): () => number {
  const { guard, config, metrics, logger } = options;
  let relaxing = false;
  return () => {
    const relax = relaxationAt(guard.pressure, config.budget);
    metrics.routerRelaxation.set(relax);
    if (relax > 0 !== relaxing) {
      relaxing = relax > 0;
      if (relaxing)
        logger.warn('the budget is nearly spent: the router gives way on accuracy, toward cheaper tiers and fewer escalations', {
          pressure: Number(guard.pressure.toFixed(3)),
          relaxFrom: config.budget.relaxFrom,
          mostRelaxation: config.budget.relaxBy,
        });
      else logger.info('the budget has room again: the router keeps its accuracy target');
    }
    return relax;
  };
}

/**
 * Through the Batch APIs, windows this large (bounded by stream.maxInFlightRecords): one batch per
 * tier per window, so a file or a backfill goes in a handful of batches rather than one per 256
 * records.
 */
export const BATCH_WINDOW_RECORDS = 5_000;
/** How often a batch is looked at: providers take minutes to hours; the in-process simulator, a second or so. */
const BATCH_POLL_MS = { provider: 30_000, simulator: 100 };

/** The cascade's tier dispatch through the Batch APIs of the providers the tiers use; its batches are logged. */
export function batchApiDispatch(options: ProviderOptions & { logger: Logger; journal?: BatchJournal }): TierDispatch {
  const batchProviders = buildBatchProviders(options);
  const { logger } = options;
  return batchDispatch({
    batchProviders,
    maxRounds: options.config.batchApi.rounds,
    clock: options.clock,
    pollEveryMs: options.simulator ? BATCH_POLL_MS.simulator : BATCH_POLL_MS.provider,
    onBatch: (event) => logger[event.kind === 'lost' ? 'warn' : 'info'](`batch ${event.kind}`, event),
    ...(options.journal
      ? {
          journal: options.journal,
          onJournalError: (error: unknown) =>
            logger.warn('a batch could not be recorded in the journal: should this process die before it ends, it is submitted again', {
              error,
            }),
        }
      : {}),
  });
}

/** The runner's bounds widened for batches: windows of BATCH_WINDOW_RECORDS, room for them in flight. */
export function batchWindowSettings(settings: ReturnType<typeof runnerSettings>, options: { maxWaitMs?: number } = {}) {
  return {
    ...settings,
    limits: {
      ...settings.limits,
      maxRecords: Math.min(BATCH_WINDOW_RECORDS, settings.maxInFlightRecords),
      maxBytes: 256 * 1024 * 1024,
      ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
    },
  };
}
