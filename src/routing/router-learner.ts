/**
 * The router's feedback loop, the same for the Kafka service and the embedded default: routed
 * records go to the route log; verdicts label them; every `retrainEvery` new labelled examples a
 * candidate model is trained, compared with the current policy on held-out entries (expected cost
 * per correct extraction at the accuracy target, isBetter), and published only when it is better.
 * Publishing is the caller's: a compacted topic every instance reads, or a file beside the templates.
 */
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { ExtractedFields } from '../contract/records.ts';
import { evaluatePolicy, type PolicyFigures, type ReplayedPolicy, tierStats } from './evaluate.ts';
import { examplesOf } from './examples.ts';
import { learnedRouter } from './learned-router.ts';
import type { RouteEntry, RouteLog, RouteVerdict } from './route-log.ts';
import type { RouterModel } from './router-model.ts';
import type { RouterSlot } from './router-slot.ts';
import { splitOf, type TrainOptions, trainRouter } from './train.ts';

export type FeedbackVerdict = { recordId: string; correct: boolean; correctedFields: ExtractedFields | null; at: number };

export type FeedbackOutcome = { labelled: number; unknown: number; duplicate: number };

export type TrainingOutcome = {
  published: boolean;
  reason: string;
  candidate: PolicyFigures | null;
  current: PolicyFigures | null;
  model: RouterModel | null;
};

export type RouterLearnerOptions = {
  log: RouteLog;
  slot: RouterSlot;
  publish: (model: RouterModel) => Promise<void>;
  training: Omit<TrainOptions, 'now'>;
  retrainEvery: number;
  /** The most recent labelled entries a training reads. */
  trainingWindow?: number;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
};

// A candidate may lose this much expected accuracy against the current policy and still win on cost.
const ACCURACY_TOLERANCE = 0.002;

export class RouterLearner {
  readonly #o: RouterLearnerOptions;
  #sinceTraining = 0;
  #training: Promise<TrainingOutcome> | null = null;
  /** The training started by labels, its failure handled. */
  #background: Promise<void> | null = null;

  constructor(options: RouterLearnerOptions) {
    this.#o = options;
  }

  /**
   * Records the routes of a window; answers of two tiers to one record are labels already. A log
   * that cannot be written costs those routes' lessons, never the window: it is logged and counted.
   */
  async routed(entries: readonly RouteEntry[]): Promise<void> {
    if (entries.length === 0) return;
    for (const entry of entries)
      this.#o.metrics.routerRoutes.inc({ start: entry.attempts[0]?.tier ?? 'none', explored: String(entry.explored) });
    try {
      await this.#o.log.record(entries);
    } catch (error) {
      this.#o.metrics.routerExamples.inc({ origin: 'lost_route_log_unavailable' }, entries.length);
      this.#o.logger.warn('route log unavailable: these routes will teach the router nothing', { routes: entries.length, error });
      return;
    }
    const examples = entries.flatMap(examplesOf);
    this.#o.metrics.routerExamples.inc({ origin: 'agreement' }, examples.length);
    this.#sinceTraining += examples.length;
    await this.#maybeRetrain();
  }

  /** Labels the routes the verdicts are about; verdicts on unknown records or given twice are counted and skipped. */
  async feedback(verdicts: readonly FeedbackVerdict[]): Promise<FeedbackOutcome> {
    const known = await this.#o.log.find(verdicts.map((v) => v.recordId));
    const fresh = new Map<string, RouteVerdict>();
    let unknown = 0;
    let duplicate = 0;
    for (const v of verdicts) {
      const entry = known.get(v.recordId);
      if (!entry) unknown += 1;
      else if (fresh.has(v.recordId) || (entry.verdict !== null && entry.verdict.at >= v.at)) duplicate += 1;
      else fresh.set(v.recordId, { correct: v.correct, corrected_fields: v.correctedFields, at: v.at });
    }
    const labelled = await this.#o.log.label(fresh);
    const examples = labelled.flatMap(examplesOf).length;
    this.#o.metrics.routerExamples.inc({ origin: 'feedback' }, examples);
    if (unknown > 0) this.#o.metrics.routerExamples.inc({ origin: 'skipped_unknown_record' }, unknown);
    if (duplicate > 0) this.#o.metrics.routerExamples.inc({ origin: 'skipped_duplicate' }, duplicate);
    this.#sinceTraining += examples;
    await this.#maybeRetrain();
    return { labelled: labelled.length, unknown, duplicate };
  }

  /** Trains a candidate now and publishes it when it beats the current policy. */
  retrain(): Promise<TrainingOutcome> {
    this.#training ??= this.#retrain().finally(() => {
      this.#training = null;
    });
    return this.#training;
  }

  /** Resolves once no training is running: before a file is saved, or a test reads the outcome. */
  async settled(): Promise<void> {
    while (this.#background) await this.#background;
  }

  /**
   * Every retrainEvery labels a training starts beside the window that brought them, which never
   * waits for it; one that fails (the log cannot be read, the model cannot be published) costs
   * that model only, and the next one tries again.
   */
  async #maybeRetrain(): Promise<void> {
    if (this.#sinceTraining < this.#o.retrainEvery || this.#background) return;
    this.#sinceTraining = 0;
    this.#background = this.retrain()
      .then(
        () => {},
        (error: unknown) => {
          this.#o.metrics.routerTrainings.inc({ outcome: 'failed' });
          this.#o.logger.warn('router training failed; the current model stays, the next training tries again', { error });
        },
      )
      .finally(() => {
        this.#background = null;
      });
  }

  async #retrain(): Promise<TrainingOutcome> {
    const { training, clock, logger, metrics } = this.#o;
    const entries = await this.#o.log.labelled(this.#o.trainingWindow ?? 50_000);
    const model = trainRouter(entries, { ...training, now: clock.now() });
    if (!model) return this.#kept('too few labelled examples for any tier', null, null, null);
    // Entries labelled by agreement alone are the doubted ones, where an acceptance model decides
    // otherwise than the tier's bar; both policies are replayed on the same entries.
    const heldOut = entries.filter((e) => splitOf(e.record_id, training.heldOutShare) === 'evaluate');
    const stats = tierStats(heldOut, training.tierNames);
    const candidate = evaluatePolicy(heldOut, replayed(model, training), training.tierNames, stats);
    const installed = this.#o.slot.model;
    const current = evaluatePolicy(heldOut, replayed(installed, training), training.tierNames, stats);
    if (!isBetter(candidate, current, training.accuracyTarget))
      return this.#kept('not better than the current policy on held-out examples', model, candidate, current);
    const published: RouterModel = { ...model, expected_cpe_usd: candidate.cpeUsd };
    await this.#o.publish(published);
    metrics.routerTrainings.inc({ outcome: 'published' });
    logger.info('router model published', {
      version: published.version,
      examples: published.training_examples,
      heldOut: heldOut.length,
      expectedCpeUsd: candidate.cpeUsd,
      currentCpeUsd: current.cpeUsd,
      expectedAccuracy: round(candidate.accuracy),
      currentAccuracy: round(current.accuracy),
    });
    return { published: true, reason: 'better on held-out examples', candidate, current, model: published };
  }

  #kept(reason: string, model: RouterModel | null, candidate: PolicyFigures | null, current: PolicyFigures | null): TrainingOutcome {
    this.#o.metrics.routerTrainings.inc({ outcome: 'kept' });
    this.#o.logger.info('router candidate kept back', {
      reason,
      expectedCpeUsd: candidate?.cpeUsd ?? null,
      currentCpeUsd: current?.cpeUsd ?? null,
    });
    return { published: false, reason, candidate, current, model };
  }
}

/**
 * Expected cost per correct extraction at the accuracy target: a policy that reaches the target
 * beats one that does not; between two that both reach it, or both fall short, the lower CPE wins,
 * unless it buys that by a lower accuracy than the current policy's.
 */
export function isBetter(candidate: PolicyFigures, current: PolicyFigures, target: number): boolean {
  if (candidate.cpeUsd === null) return false;
  const candidateMeets = candidate.accuracy >= target;
  const currentMeets = current.accuracy >= target;
  if (candidateMeets !== currentMeets) return candidateMeets;
  if (current.cpeUsd === null) return true;
  return candidate.cpeUsd < current.cpeUsd && (candidateMeets || candidate.accuracy >= current.accuracy - ACCURACY_TOLERANCE);
}

/**
 * A model's policy as the evaluation replays it, or the fixed cascade's for none: where it starts
 * an entry (no exploration: the comparison is of the predictions) and which answers it keeps.
 */
function replayed(model: RouterModel | null, training: Omit<TrainOptions, 'now'>): ReplayedPolicy {
  const configured = (tier: string) => training.tierBars[tier] ?? 1;
  if (!model) return { start: () => 0, bar: configured };
  const router = learnedRouter(model, { tierNames: training.tierNames, accuracyTarget: training.accuracyTarget, explore: 0 });
  return {
    start: (entry) => training.tierNames.length - router.plan(Float64Array.from(entry.features), entry.record_id).tiers.length,
    bar: (tier, features) => router.escalationThreshold(tier, features) ?? configured(tier),
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
