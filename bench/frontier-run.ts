/**
 * One configuration of the service over the whole frontier stream (bench/frontier.ts): a fresh
 * simulator, the configured tiers (all or some, at their pack size or one record a call), the
 * in-process template cache or none, the fixed cascade or a learned router starting cold, and
 * simulated downstream validation judging a share of every window's records once it is emitted,
 * its verdicts going where `parsimony extract --simulate` sends them (the cache, the router's
 * learner). Every retraining the learner does on its own schedule is captured with its outcome.
 */
import { createLocalEmbedder } from '../src/cache/local-embedder.ts';
import { MemoryTemplateStore } from '../src/cache/memory-store.ts';
import { createTemplateCache } from '../src/cli/build-cache.ts';
import { createRouterLearner, createRouterSlot } from '../src/cli/build-router.ts';
import { buildBatchProviders, buildTiers } from '../src/cli/build-tiers.ts';
import { type Clock, systemClock } from '../src/common/clock.ts';
import { createLogger, type Logger } from '../src/common/logger.ts';
import { createMetrics, type Metrics } from '../src/common/metrics.ts';
import type { Config } from '../src/config/config.ts';
import type { ExtractedFields, Extraction } from '../src/contract/records.ts';
import type { Generated } from '../src/dev/generator/generate.ts';
import { downstreamVerdicts } from '../src/dev/simulator/downstream-validation.ts';
import { type Simulator, startSimulator } from '../src/dev/simulator/simulator.ts';
import { batchDispatch } from '../src/dispatch/dispatch-batch.ts';
import { dispatchToTier, type TierDispatch, type TierInput } from '../src/dispatch/dispatch-tier.ts';
import type { ModelTier } from '../src/dispatch/model-tier.ts';
import { applyFeedback } from '../src/feedback/feedback.ts';
import { type CascadeDeps, mergeWithRules, runCascade, type WindowItem } from '../src/pipeline/cascade.ts';
import { prepare } from '../src/prepare/prepare.ts';
import type { PriceTable } from '../src/pricing/price-table.ts';
import { learnedRouter } from '../src/routing/learned-router.ts';
import type { RouteEntry } from '../src/routing/route-entry.ts';
import { MemoryRouteLog } from '../src/routing/route-log.ts';
import type { RouterLearner, TrainingOutcome } from '../src/routing/router-learner.ts';
import type { RouterModel } from '../src/routing/router-model.ts';
import type { RouterSlot } from '../src/routing/router-slot.ts';
import { SkeletonSightings } from '../src/routing/skeleton-sightings.ts';
import { applyRules, rulesInputOf } from '../src/rules/apply-rules.ts';
import { groundedOnly } from '../src/validate/grounding.ts';

export type Setup = {
  /** The configured tiers this setup keeps, in their configured order. */
  tiers: readonly string[];
  /** 'one': every tier sends one record a call; 'configured': each tier's own packSize. */
  packing: 'one' | 'configured';
  router: 'cascade' | 'learned';
  cache: boolean;
  /** Whether the verdicts reach the cache (as `parsimony extract` wires them); the router's learner always gets them. */
  cacheVerdicts: boolean;
  /**
   * Also send each record the rules tier answered alone to the setup's single tier, as its other
   * records are sent, and bill it: what sending every record to that model costs.
   */
  sendRulesAnswered: boolean;
  /**
   * Learned setups only: the router first learns from a stream of its own (StreamSettings.warmUp,
   * another seed of the generator), as a service that has been running does; its route log, model
   * and verdict counts carry over, the cache and the simulator start afresh on the measured stream.
   */
  warm?: boolean;
  /** The model tiers' records go through the simulator's Batch APIs (extract --batch-api), real time for what they leave. */
  batchApi?: boolean;
};

export type StreamSettings = {
  config: Config;
  prices: PriceTable;
  generated: readonly Generated[];
  truth: ReadonlyMap<string, ExtractedFields>;
  feedbackRate: number;
  validationSeed: number;
  /** The stream a warm setup's router learns from first. */
  warmUp?: { generated: readonly Generated[]; truth: ReadonlyMap<string, ExtractedFields> };
};

/** What the model said to a record the rules had answered alone, as the cascade would have judged it. */
export type RulesAnsweredResend = { nanoUsd: number; fields: ExtractedFields };

/**
 * One retraining of the learner, as it happened in the stream. `afterRecords`: records routed
 * before it (whole windows: a window's routes and verdicts come at its end); `candidateStarts`:
 * where the candidate would start the records logged so far.
 */
export type Retraining = {
  afterRecords: number;
  outcome: TrainingOutcome;
  installedVersion: string | null;
  candidateStarts: Record<string, number> | null;
};

export type RunResult = {
  extractions: Extraction[];
  /** Per record_id, for `sendRulesAnswered` setups only. */
  resent: Map<string, RulesAnsweredResend>;
  retrainings: Retraining[];
  /** Warm setups: the router version installed when the measured stream began, and the trainings before it. */
  warmUp: { installedVersion: string | null; retrainings: number } | null;
  /** Learned setups: the route log as the run left it (the warm-up's entries included). */
  routes: RouteEntry[];
  seconds: number;
};

export async function runSetup(setup: Setup, stream: StreamSettings): Promise<RunResult> {
  const started = performance.now();
  const { config } = stream;
  const metrics = createMetrics();
  const logger = createLogger({ level: 'error' });
  const result: RunResult = { extractions: [], resent: new Map(), retrainings: [], warmUp: null, routes: [], seconds: 0 };
  const tierNames = config.tiers.filter((t) => setup.tiers.includes(t.name)).map((t) => t.name);
  let routedRecords = 0;
  const learning =
    setup.router === 'learned'
      ? learningRouter(
          { config, tierNames, metrics, logger },
          { routedSoFar: () => routedRecords, retrained: (retraining) => result.retrainings.push(retraining) },
        )
      : undefined;
  if (setup.warm) {
    if (!learning || !stream.warmUp) throw new Error('a warm setup needs a learned router and a warm-up stream');
    await runStream(setup, { ...stream, ...stream.warmUp }, { metrics, logger, learning, routed: () => {} }, null);
    result.warmUp = { installedVersion: learning.slot.version, retrainings: result.retrainings.length };
    result.retrainings = [];
  }
  await runStream(setup, stream, { metrics, logger, learning, routed: (n) => (routedRecords += n) }, result);
  result.routes = learning ? [...learning.log.entries()] : [];
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** One stream through the setup: a fresh simulator and cache; the learned router, if any, as it is. */
async function runStream(
  setup: Setup,
  stream: StreamSettings,
  deps: {
    metrics: Metrics;
    logger: Logger;
    learning: { slot: RouterSlot; learner: RouterLearner } | undefined;
    routed: (n: number) => void;
  },
  into: RunResult | null,
): Promise<void> {
  const { config, prices, generated } = stream;
  const { metrics, logger, learning } = deps;
  const clock = systemClock;
  const simulator = await startSimulator({
    truth: generated.map((g) => ({ text: prepare(g.record).masked, fields: g.fields })),
    timeScale: 0,
  });
  const tierSpecs = config.tiers
    .filter((t) => setup.tiers.includes(t.name))
    .map((t) => (setup.packing === 'one' ? { ...t, packSize: 1 } : t));
  const tiers = buildTiers({ config: { ...config, tiers: tierSpecs }, env: {}, clock, logger, simulator });
  const cache = setup.cache ? inProcessCache({ config, clock, metrics, logger, prices }) : undefined;
  const cascade: CascadeDeps = {
    tiers,
    prices,
    now: clock.now,
    sightings: new SkeletonSightings(),
    ...(cache ? { cache } : {}),
    ...(learning ? { router: learning.slot, routes: learning.learner } : {}),
    ...(setup.batchApi ? { dispatch: simulatorBatches(simulator, clock, config) } : {}),
  };
  const windowRecords = config.batch.maxRecords;
  try {
    for (let i = 0; i < generated.length; i += windowRecords) {
      const window: WindowItem[] = generated.slice(i, i + windowRecords).map((g) => ({ prepared: prepare(g.record), intakeAt: 0 }));
      deps.routed(window.length);
      const extractions = await runCascade(window, cascade);
      if (into && setup.sendRulesAnswered) await resendRulesAnswered(window, extractions, tiers[0]!, prices, into.resent);
      into?.extractions.push(...extractions);
      const verdicts = downstreamVerdicts(extractions, {
        truth: stream.truth,
        rate: stream.feedbackRate,
        seed: stream.validationSeed,
        at: clock.now(),
      });
      await applyFeedback(
        verdicts.map((value) => ({ value, where: 'simulated downstream validation' })),
        { cache: setup.cacheVerdicts ? cache : undefined, learner: learning?.learner, metrics, logger },
      );
    }
    // As extract does: a training under way finishes (and publishes) before the figures are read.
    await learning?.learner.settled();
  } finally {
    await simulator.close();
  }
}

/** Dispatch through the simulator's Batch APIs, as `extract --batch-api` does. */
function simulatorBatches(simulator: Simulator, clock: Clock, config: Config): TierDispatch {
  return batchDispatch({
    batchProviders: buildBatchProviders({ config, env: {}, clock, simulator }),
    clock,
    pollEveryMs: 1,
    maxRounds: config.batchApi.rounds,
  });
}

/** The template cache free-answers measures: in memory, the local embedder, the configured policy. */
function inProcessCache(deps: Omit<Parameters<typeof createTemplateCache>[0], 'store' | 'embedder'>) {
  return createTemplateCache({ ...deps, store: new MemoryTemplateStore(), embedder: createLocalEmbedder(deps.config.cache.dimensions) });
}

/**
 * The router and learner `parsimony extract` builds, its model published straight into the slot
 * (no file), every retraining reported with the outcome the learner itself acted on.
 */
function learningRouter(
  deps: {
    config: Config;
    tierNames: readonly string[];
    metrics: Metrics;
    logger: Logger;
  },
  observe: { routedSoFar: () => number; retrained: (retraining: Retraining) => void },
): { slot: RouterSlot; learner: RouterLearner; log: MemoryRouteLog } {
  const routerDeps = { ...deps, clock: systemClock };
  const slot = createRouterSlot(routerDeps);
  const publish = async (model: RouterModel) => {
    slot.install(model, 'frontier benchmark');
  };
  const log = new MemoryRouteLog({ limit: 50_000 });
  const learner = createRouterLearner({ ...routerDeps, slot, log, publish });
  // The learner starts each training through its own retrain(), beside the windows that follow;
  // one training is a single promise however often it is asked for while it runs.
  const seen = new WeakSet<Promise<TrainingOutcome>>();
  const retrain = learner.retrain.bind(learner);
  learner.retrain = () => {
    const training = retrain();
    if (seen.has(training)) return training;
    seen.add(training);
    const afterRecords = observe.routedSoFar();
    return training.then((outcome) => {
      const candidateStarts = outcome.model ? startsOf(outcome.model, [...log.entries()], deps) : null;
      observe.retrained({ afterRecords, outcome, installedVersion: slot.version, candidateStarts });
      return outcome;
    });
  };
  return { slot, learner, log };
}

/** How many of the entries a model's policy would start at each tier (no exploration: its predictions alone). */
function startsOf(model: RouterModel, entries: readonly RouteEntry[], deps: { config: Config; tierNames: readonly string[] }) {
  const router = learnedRouter(model, { tierNames: deps.tierNames, accuracyTarget: deps.config.router.accuracyTarget, explore: 0 });
  const starts: Record<string, number> = {};
  for (const entry of entries) {
    const first = router.plan(Float64Array.from(entry.features), entry.record_id).tiers[0]!;
    starts[first] = (starts[first] ?? 0) + 1;
  }
  return starts;
}

/**
 * Sends the records the rules answered alone to `tier` with the prompt the cascade gives any
 * record (the rules' readings as hints), and judges the answer as the cascade does: the rules'
 * confident readings win over one model's answer, then grounding. With every field confident
 * that is the rules' answer again; what changes is the bill.
 */
async function resendRulesAnswered(
  window: readonly WindowItem[],
  extractions: readonly Extraction[],
  tier: ModelTier,
  prices: PriceTable,
  into: Map<string, RulesAnsweredResend>,
): Promise<void> {
  const answeredAlone = window.flatMap((item, key) => (extractions[key]!.provenance.tier === 'rules' ? [{ item, key }] : []));
  if (answeredAlone.length === 0) return;
  const inputs: TierInput[] = answeredAlone.map(({ item, key }) => {
    const { record } = item.prepared;
    const hints = Object.fromEntries(Object.entries(extractions[key]!.fields).filter(([, value]) => value !== null));
    return {
      key,
      prompt: {
        text: item.prepared.masked,
        ...(record.locale ? { locale: record.locale } : {}),
        ...(record.statement_date ? { statement_date: record.statement_date } : {}),
        ...(record.currency_hint ? { currency_hint: record.currency_hint } : {}),
        ...(Object.keys(hints).length > 0 ? { hints } : {}),
      },
    };
  });
  const sent = await dispatchToTier(tier, inputs, { prices });
  for (const { item, key } of answeredAlone) {
    const nanoUsd = (sent.shares.get(key) ?? []).reduce((sum, share) => sum + share.nanoUsd, 0);
    const answer = sent.answers.get(key);
    const rules = applyRules(rulesInputOf(item.prepared));
    const fields = answer
      ? groundedOnly(mergeWithRules(answer.fields, rules, []), {
          text: item.prepared.masked,
          currencyHint: item.prepared.record.currency_hint,
        }).fields
      : extractions[key]!.fields;
    into.set(item.prepared.record.record_id, { nanoUsd, fields });
  }
}
