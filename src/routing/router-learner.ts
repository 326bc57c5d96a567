/**
 * The router's feedback loop, the same for the Kafka service and the embedded default: routed
 * records go to the route log; verdicts label them; every `retrainEvery` new labelled examples a
 * candidate model is trained, compared with the current policy on held-out entries (expected cost
 * per correct extraction at the accuracy target, isBetter), and published only when it is better.
 * Publishing is the caller's: a compacted topic every instance reads, or a file beside the templates.
 *
 * The accuracy target is the stream's (stream-accuracy.ts): every verdict is counted, on a routed
 * record or on one the rules or the cache answered, and the counts travel with the published model.
 */
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { ExtractedFields } from '../contract/records.ts';
import { evaluatePolicy, type PolicyFigures, type ReplayedPolicy, routedWeights, tierStats } from './evaluate.ts';
import { tierLabels } from './examples.ts';
import { learnedRouter } from './learned-router.ts';
import type { RouteEntry, RouteVerdict } from './route-entry.ts';
import type { RouteLog } from './route-log.ts';
import type { RouterModel } from './router-model.ts';
import type { RouterSlot } from './router-slot.ts';
import { addTallies, NO_VERDICTS, type StreamAccuracy, streamAccuracy, subtractTallies, type VerdictTally } from './stream-accuracy.ts';
import { splitOf, type TrainOptions, trainRouter } from './train.ts';

export type FeedbackVerdict = { recordId: string; correct: boolean; correctedFields: ExtractedFields | null; at: number };

export type FeedbackOutcome = { labelled: number; unknown: number; duplicate: number };

/**
 * A policy's expected figures on the routed records and, when the verdicts tell it, the stream's
 * accuracy under it (lower bound) and whether the stream is surely below the target under it.
 */
export type ComparedPolicy = PolicyFigures & { streamAccuracy: number | null; surelyBelowTarget: boolean | null };

export type TrainingOutcome = {
  published: boolean;
  reason: string;
  candidate: ComparedPolicy | null;
  current: ComparedPolicy | null;
  model: RouterModel | null;
};

export type RouterLearnerOptions = {
  log: RouteLog;
  slot: RouterSlot;
  publish: (model: RouterModel) => Promise<void>;
  training: Omit<TrainOptions, 'now' | 'verdicts'>;
  retrainEvery: number;
  /** The most recent labelled entries a training reads (TRAINING_WINDOW by default). */
  trainingWindow?: number;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
};

/**
 * Labelled entries a training reads by default: as many as a file run's route log keeps. A
 * training holds them all at once, in the compact form it reads them in (examples.ts: 20,000
 * synthetic entries held 8.7 MiB so, 17.4 MiB whole). Read whole, 10,000 entries of a 1M-record backlog's
 * route log took 18 MiB, and their training allocated 34 MiB more; a window of 50,000 would hold
 * five times that at once.
 */
export const TRAINING_WINDOW = 20_000;

// A candidate may lose this much expected accuracy against the current policy and still win on cost.
const ACCURACY_TOLERANCE = 0.002;

export class RouterLearner {
  readonly #o: RouterLearnerOptions;
  #sinceTraining = 0;
  #training: Promise<TrainingOutcome> | null = null;
  /** The training started by labels, its failure handled. */
  #background: Promise<void> | null = null;
  /** Verdicts counted here that no model this learner published carries yet. */
  #uncounted: VerdictTally = NO_VERDICTS;

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
    const examples = labelsIn(entries);
    this.#o.metrics.routerExamples.inc({ origin: 'agreement' }, examples);
    this.#sinceTraining += examples;
    await this.#maybeRetrain();
  }

  /** Labels the routes the verdicts are about; verdicts on unknown records or given twice are counted and skipped. */
  async feedback(verdicts: readonly FeedbackVerdict[]): Promise<FeedbackOutcome> {
    const known = await this.#o.log.find(verdicts.map((v) => v.recordId));
    const fresh = new Map<string, RouteVerdict>();
    let unknown = 0;
    let duplicate = 0;
    const counted = { ...NO_VERDICTS };
    for (const v of verdicts) {
      const entry = known.get(v.recordId);
      if (!entry) {
        // Not routed: answered by the rules or the cache (or older than the log keeps); it still
        // measures the stream's accuracy, though it teaches the router nothing.
        unknown += 1;
        counted.other += 1;
        if (v.correct) counted.other_correct += 1;
      } else if (fresh.has(v.recordId) || (entry.verdict !== null && entry.verdict.at >= v.at)) duplicate += 1;
      else {
        fresh.set(v.recordId, { correct: v.correct, corrected_fields: v.correctedFields, at: v.at });
        counted.routed += 1;
        if (v.correct) counted.routed_correct += 1;
      }
    }
    this.#uncounted = addTallies(this.#uncounted, counted);
    const labelled = await this.#o.log.label(fresh);
    const examples = labelsIn(labelled);
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

  /**
   * Every verdict counted so far: the installed model's count (every instance's up to it) and this
   * learner's since it last published. A model of another instance trained before it installed
   * this one's loses this one's last count: the tally then counts fewer verdicts, never one twice.
   */
  verdicts(): VerdictTally {
    return addTallies(this.#o.slot.model?.stream_verdicts ?? NO_VERDICTS, this.#uncounted);
  }

  async #retrain(): Promise<TrainingOutcome> {
    const { training, clock, logger, metrics } = this.#o;
    const entries = await this.#o.log.labelled(this.#o.trainingWindow ?? TRAINING_WINDOW);
    const uncounted = this.#uncounted;
    const verdicts = this.verdicts();
    const model = trainRouter(entries, { ...training, now: clock.now(), verdicts });
    if (!model) return this.#kept('too few labelled examples for any tier', null, null, null);
    // Entries labelled by agreement alone are the doubted ones, where an acceptance model decides
    // otherwise than the tier's bar; both policies are replayed on the same entries.
    const heldOut = entries.filter((e) => splitOf(e.record_id, training.heldOutShare) === 'evaluate');
    const stats = tierStats(heldOut, training.tierNames);
    const weights = routedWeights(heldOut, entries);
    const installed = this.#o.slot.model;
    const current = evaluatePolicy(heldOut, replayed(installed, training), training.tierNames, stats, weights);
    const candidate = evaluatePolicy(heldOut, replayed(model, training), training.tierNames, stats, weights);
    const [candidateFigures, currentFigures] = onTheStream(candidate, current, streamAccuracy(verdicts), training.accuracyTarget);
    if (!isBetter(candidateFigures, currentFigures, training.accuracyTarget))
      return this.#kept('not better than the current policy on held-out examples', model, candidateFigures, currentFigures);
    const published: RouterModel = { ...model, expected_cpe_usd: candidate.cpeUsd };
    await this.#o.publish(published);
    // The model carries them now; those counted while it trained stay to be carried by the next.
    this.#uncounted = subtractTallies(this.#uncounted, uncounted);
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
    return {
      published: true,
      reason: 'better on held-out examples',
      candidate: candidateFigures,
      current: currentFigures,
      model: published,
    };
  }

  #kept(reason: string, model: RouterModel | null, candidate: ComparedPolicy | null, current: ComparedPolicy | null): TrainingOutcome {
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
 * Both policies' figures with the stream's accuracy under each: the measured one (its bounds)
 * under the current policy, moved by the routed records' share of the stream times the change the
 * candidate makes on them. Without enough verdicts the stream's accuracy is not known.
 */
export function onTheStream(
  candidate: PolicyFigures,
  current: PolicyFigures,
  stream: StreamAccuracy | null,
  target: number,
): [ComparedPolicy, ComparedPolicy] {
  if (!stream)
    return [
      { ...candidate, streamAccuracy: null, surelyBelowTarget: null },
      { ...current, streamAccuracy: null, surelyBelowTarget: null },
    ];
  const moved = stream.routedShare * (candidate.accuracy - current.accuracy);
  return [
    { ...candidate, streamAccuracy: stream.accuracy + moved, surelyBelowTarget: stream.upper + moved < target },
    { ...current, streamAccuracy: stream.accuracy, surelyBelowTarget: stream.upper < target },
  ];
}

/**
 * Expected cost per correct extraction at the accuracy target. When the verdicts tell the
 * stream's accuracy, each way of moving it needs evidence: a candidate may lower it only while it
 * stays surely at the target (lower bound), and is let cost more per correct answer only to lift a
 * stream surely below it (upper bound) by a higher accuracy; else the lower CPE wins at no lower
 * accuracy. Without them, the routed records' accuracy stands in: a policy that reaches the target
 * beats one that does not; between two that both reach it, or both fall short, the lower CPE wins,
 * unless it buys that by a lower accuracy than the current policy's.
 */
export function isBetter(candidate: ComparedPolicy, current: ComparedPolicy, target: number): boolean {
  if (candidate.cpeUsd === null) return false;
  if (current.cpeUsd === null) return true;
  const cheaper = candidate.cpeUsd < current.cpeUsd;
  const noLessAccurate = candidate.accuracy >= current.accuracy - ACCURACY_TOLERANCE;
  if (candidate.streamAccuracy !== null && current.surelyBelowTarget !== null) {
    if (current.surelyBelowTarget) return candidate.accuracy > current.accuracy + ACCURACY_TOLERANCE || (cheaper && noLessAccurate);
    return cheaper && (candidate.streamAccuracy >= target || noLessAccurate);
  }
  const candidateMeets = candidate.accuracy >= target;
  const currentMeets = current.accuracy >= target;
  if (candidateMeets !== currentMeets) return candidateMeets;
  return cheaper && (candidateMeets || noLessAccurate);
}

/**
 * A model's policy as the evaluation replays it, or the fixed cascade's for none: where it starts
 * an entry (no exploration: the comparison is of the predictions) and which answers it keeps.
 */
function replayed(model: RouterModel | null, training: Omit<TrainOptions, 'now' | 'verdicts'>): ReplayedPolicy {
  const configured = (tier: string) => training.tierBars[tier] ?? 1;
  if (!model) return { start: () => 0, bar: configured };
  const router = learnedRouter(model, { tierNames: training.tierNames, accuracyTarget: training.accuracyTarget, explore: 0 });
  return {
    start: (entry) => training.tierNames.length - router.plan(entry.features, entry.record_id).tiers.length,
    bar: (tier, features) => router.escalationThreshold(tier, features) ?? configured(tier),
  };
}

/** The training examples the entries give: one per tier whose answer they label. */
const labelsIn = (entries: readonly RouteEntry[]) => entries.reduce((n, entry) => n + tierLabels(entry).size, 0);

const round = (x: number) => Math.round(x * 10_000) / 10_000;
