/**
 * The service's Prometheus metrics, in one registry per process (or per test).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Extraction } from '../contract/records.ts';

export type Metrics = ReturnType<typeof createMetrics>;

/** What metrics read of one provider call attempt (the providers' CallAttempt has this shape). */
export type ObservedCall = {
  provider: string;
  model: string;
  latencyMs: number;
  usage: { inputTokens?: number; cachedInputTokens?: number; cacheWriteInputTokens?: number; outputTokens?: number } | undefined;
  error?: { code: string };
};

/** A circuit's state as a number, for alerting on `> 0`. */
const CIRCUIT_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  const circuits = new Map<string, () => keyof typeof CIRCUIT_STATE_VALUE>();
  const rateLimitWaits = new Map<string, { waitedMs: () => number; counted: number }>();
  let templateCount: (() => Promise<number>) | undefined;
  // Under their usual names (process_*, nodejs_*), which stock Node.js dashboards query.
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics = {
    registry,
    records: new Counter({
      name: 'parsimony_records_total',
      help: 'Records extracted, by answering tier and status.',
      labelNames: ['tier', 'status'],
      registers,
    }),
    circuitState: new Gauge({
      name: 'parsimony_circuit_state',
      help: 'Circuit breakers, read when scraped: 0 closed, 1 half-open (one trial call), 2 open (calls refused). circuit: provider/model, or cache.',
      labelNames: ['circuit'],
      registers,
      collect() {
        for (const [circuit, state] of circuits) this.set({ circuit }, CIRCUIT_STATE_VALUE[state()]);
      },
    }),
    rateLimitWaitSeconds: new Counter({
      name: 'parsimony_rate_limit_wait_seconds_total',
      help: "Seconds model calls waited for this instance's share of a model's rate limits, by provider/model.",
      labelNames: ['model'],
      registers,
      collect() {
        for (const [model, wait] of rateLimitWaits) {
          const waited = wait.waitedMs();
          if (waited > wait.counted) this.inc({ model }, (waited - wait.counted) / 1000);
          wait.counted = waited;
        }
      },
    }),
    cacheTemplates: new Gauge({
      name: 'parsimony_cache_templates',
      help: 'Templates in the cache, counted when scraped.',
      registers,
      async collect() {
        if (templateCount) this.set(await templateCount().catch(() => Number.NaN));
      },
    }),
    escalations: new Counter({
      name: 'parsimony_escalations_total',
      help: 'Records answered by a later tier than the first one they were sent to, by the tier escalated from and the one that answered.',
      labelNames: ['from', 'to'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'parsimony_dead_letters_total',
      help: 'Records dead-lettered, by error code.',
      labelNames: ['code'],
      registers,
    }),
    usd: new Counter({
      name: 'parsimony_cost_usd_total',
      help: 'USD spent on model calls, by provider and model.',
      labelNames: ['provider', 'model'],
      registers,
    }),
    tokens: new Counter({
      name: 'parsimony_tokens_total',
      help: 'Tokens billed, by provider, model and kind (input, cached_input, output).',
      labelNames: ['provider', 'model', 'kind'],
      registers,
    }),
    providerErrors: new Counter({
      name: 'parsimony_provider_errors_total',
      help: 'Failed provider calls, by provider and error code.',
      labelNames: ['provider', 'code'],
      registers,
    }),
    batchRecords: new Histogram({
      name: 'parsimony_batch_records',
      help: 'Records per closed micro-batch window.',
      labelNames: ['reason'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers,
    }),
    batchWait: new Histogram({
      name: 'parsimony_batch_wait_seconds',
      help: 'Time a micro-batch window stayed open.',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),
    stageSeconds: new Histogram({
      name: 'parsimony_stage_seconds',
      help: 'Time per window spent in each stage.',
      labelNames: ['stage'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers,
    }),
    recordLatency: new Histogram({
      name: 'parsimony_record_latency_seconds',
      help: 'Intake to answer, per record.',
      labelNames: ['tier'],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 120],
      registers,
    }),
    cacheLookups: new Counter({
      name: 'parsimony_cache_lookups_total',
      help: 'Template cache lookups by result: hit, miss, stale (invalidated or decayed), reground_failed.',
      labelNames: ['result', 'match'],
      registers,
    }),
    cacheErrors: new Counter({
      name: 'parsimony_cache_errors_total',
      help: 'Template store calls that failed or timed out (the pipeline went on without the cache).',
      labelNames: ['operation'],
      registers,
    }),
    cacheAdmissions: new Counter({
      name: 'parsimony_cache_admissions_total',
      help: 'Answers offered to the cache, by outcome: admitted, or the reason they were not.',
      labelNames: ['outcome'],
      registers,
    }),
    cacheEvictions: new Counter({
      name: 'parsimony_cache_evictions_total',
      help: 'Templates evicted, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    routerModelTrainedAt: new Gauge({
      name: 'parsimony_router_model_trained_timestamp_seconds',
      help: 'When the installed router model was trained (Unix seconds); 0 while the fixed cascade routes.',
      registers,
    }),
    budgetLimitUsd: new Gauge({
      name: 'parsimony_budget_limit_usd',
      help: 'The configured budget by rolling window (hour, day); absent without one.',
      labelNames: ['window'],
      registers,
    }),
    routerModels: new Counter({
      name: 'parsimony_router_models_total',
      help: 'Router models offered to this instance, by outcome: installed, refused (they do not fit this build, or are older), or undecodable (not a router model).',
      labelNames: ['outcome'],
      registers,
    }),
    routerRoutes: new Counter({
      name: 'parsimony_router_routes_total',
      help: 'Records routed to the model tiers, by the tier they started at and whether they were sent there to explore.',
      labelNames: ['start', 'explored'],
      registers,
    }),
    routerExamples: new Counter({
      name: 'parsimony_router_examples_total',
      help: 'Labelled examples the router learnt from, by origin (feedback, agreement of two tiers), and feedback skipped, by reason.',
      labelNames: ['origin'],
      registers,
    }),
    routerTrainings: new Counter({
      name: 'parsimony_router_trainings_total',
      help: 'Candidate router models trained, by outcome: published (better than the current one on held-out examples), kept back, or failed (the route log could not be read, or the model not published).',
      labelNames: ['outcome'],
      registers,
    }),
    budgetSpentUsd: new Gauge({
      name: 'parsimony_budget_spent_usd',
      help: 'USD spent on model calls within the rolling budget window (hour, day) by everyone sharing the ledger (the consumer group under `run`: take the max across instances, not the sum), settled from reported usage.',
      labelNames: ['window'],
      registers,
    }),
    budgetReservedUsd: new Gauge({
      name: 'parsimony_budget_reserved_usd',
      help: 'USD reserved by model calls in flight, not yet settled, by everyone sharing the budget ledger.',
      registers,
    }),
    budgetLedgerErrors: new Counter({
      name: 'parsimony_budget_ledger_errors_total',
      help: 'Reads or writes of the shared budget ledger that failed (model calls wait meanwhile).',
      registers,
    }),
    deferred: new Counter({
      name: 'parsimony_deferred_records_total',
      help: 'Records set aside on the deferred topic for the Batch APIs (their latency budget allows it, and neither the rules nor the cache answered).',
      registers,
    }),
    routerRelaxation: new Gauge({
      name: 'parsimony_router_relaxation',
      help: "Points the router's accuracy target and the confidence bars give way for now, as the budget nears its limit (0: none).",
      registers,
    }),
    rateLimitShare: new Gauge({
      name: 'parsimony_rate_limit_share_ratio',
      help: "This instance's part of the providers' rate limits: its part of the input topic's partitions.",
      registers,
    }),
    budgetPressure: new Gauge({
      name: 'parsimony_budget_pressure_ratio',
      help: "The fullest budget window's spend and reservations over its limit (0 empty, 1 full), as this instance last saw it.",
      registers,
    }),
    budgetWaitSeconds: new Counter({
      name: 'parsimony_budget_wait_seconds_total',
      help: 'Seconds model calls waited for room under the budget (the consumer pauses meanwhile).',
      registers,
    }),
    pauses: new Counter({
      name: 'parsimony_consumer_pauses_total',
      help: 'Times the consumer paused its partitions because in-flight records reached the bound.',
      registers,
    }),
    callSeconds: new Histogram({
      name: 'parsimony_provider_call_seconds',
      help: 'Provider call latency, by provider and model.',
      labelNames: ['provider', 'model'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    memoryReclaims: new Counter({
      name: 'parsimony_memory_reclaims_total',
      help: 'Memory-reducing collections asked of V8 to hold the resident-memory ceiling (PARSIMONY_MEMORY_CEILING_MIB).',
      registers,
    }),
    memoryReclaimSeconds: new Counter({
      name: 'parsimony_memory_reclaim_seconds_total',
      help: 'Seconds the event loop spent in those collections.',
      registers,
    }),
    inFlight: new Gauge({ name: 'parsimony_in_flight_records', help: 'Records taken in and not yet emitted.', registers }),
    lag: new Gauge({
      name: 'parsimony_consumer_lag',
      help: 'Messages behind the partition end, by topic and partition.',
      labelNames: ['topic', 'partition'],
      registers,
    }),
    okUsd: new Gauge({
      name: 'parsimony_cost_per_ok_extraction_usd',
      help: 'USD spent per extraction with status OK since start (CPE before feedback says which are correct).',
      registers,
    }),
  };
  let spentUsd = 0;
  let okRecords = 0;
  return {
    ...metrics,
    /** Counts one provider call attempt: its tokens, and its error when it failed. */
    observeCall(call: ObservedCall): void {
      const labels = { provider: call.provider, model: call.model };
      if (call.usage) {
        metrics.tokens.inc({ ...labels, kind: 'input' }, (call.usage.inputTokens ?? 0) + (call.usage.cacheWriteInputTokens ?? 0));
        metrics.tokens.inc({ ...labels, kind: 'cached_input' }, call.usage.cachedInputTokens ?? 0);
        metrics.tokens.inc({ ...labels, kind: 'output' }, call.usage.outputTokens ?? 0);
      }
      if (call.error) metrics.providerErrors.inc({ provider: call.provider, code: call.error.code });
      metrics.callSeconds.observe(labels, call.latencyMs / 1000);
    },
    /** Counts what calls to `model` (provider/model) waited for its rate limits, on every scrape. */
    watchRateLimit(model: string, waitedMs: () => number): void {
      rateLimitWaits.set(model, { waitedMs, counted: 0 });
    },
    /** Counts the cache's templates on every scrape. */
    watchTemplates(count: () => Promise<number>): void {
      templateCount = count;
    },
    /** Reports the circuit's state on every scrape. */
    watchCircuit(circuit: string, state: () => keyof typeof CIRCUIT_STATE_VALUE): void {
      circuits.set(circuit, state);
    },
    /** Counts one emitted extraction: its tier and status, its escalation, and what its calls cost. */
    observeExtraction(extraction: Extraction): void {
      metrics.records.inc({ tier: extraction.provenance.tier, status: extraction.status });
      const from = extraction.provenance.escalated_from;
      if (from) metrics.escalations.inc({ from, to: extraction.provenance.tier });
      for (const call of extraction.cost.calls) {
        const usd = Number(call.usd);
        spentUsd += usd;
        metrics.usd.inc({ provider: call.provider, model: call.model }, usd);
      }
      if (extraction.status === 'OK') okRecords += 1;
      if (okRecords > 0) metrics.okUsd.set(spentUsd / okRecords);
    },
  };
}
