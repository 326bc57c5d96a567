/**
 * Training a router model from the route log: per tier, a logistic model of P(correct | features)
 * fitted on most entries, calibrated (Platt, folded into the coefficients) on a held-out part,
 * and its escalation bar set on that part from the tier's own reported confidence; the rest is
 * kept apart to compare the candidate with the current policy (evaluate.ts) and to show its
 * calibration by decile. Which part an entry falls in depends on its record_id only, so a
 * retraining never evaluates on what it trained on.
 *
 * The chance of a correct answer is learnt from feedback labels only. Feedback judges a random
 * share of the emitted records; two tiers' answers exist only where the first was doubted, so
 * agreement labels would teach that the small tier is mostly wrong. They still teach the
 * escalation bar, which is read against the tier's own confidence, where that selection is
 * the very thing measured.
 *
 * A tier with fewer than minExamples labelled examples gets no model: the policy then tries it as
 * the cascade would (learned-router.ts), which is the cold start.
 */
import { fitPlatt, foldPlatt, reliability } from './calibration.ts';
import { type TierStats, tierStats } from './evaluate.ts';
import { examplesOf, type LabelledExample, type TrainingEntry } from './examples.ts';
import { unitHash } from './learned-router.ts';
import { fitLogistic, linearScore, predict } from './logistic.ts';
import type { Acceptance, RouterModel, TierModel } from './router-model.ts';
import { routedLossBudget, streamAccuracy, type VerdictTally } from './stream-accuracy.ts';
import { confidenceThreshold, ONE_SIDED_95, wilsonLowerBound } from './threshold.ts';

export type TrainOptions = {
  name: string;
  tierNames: readonly string[];
  featureNames: readonly string[];
  accuracyTarget: number;
  minExamples: number;
  /** Share of entries held out: half calibrates, half evaluates. */
  heldOutShare: number;
  /** Each tier's configured minConfidence: the bar an acceptance model must do better than. */
  tierBars: Readonly<Record<string, number>>;
  now: number;
  /** The verdicts counted so far: the stream's accuracy, against the target (stream-accuracy.ts). */
  verdicts: VerdictTally;
};

export type Split = 'train' | 'calibrate' | 'evaluate';

const MIN_CALIBRATION_EXAMPLES = 30;
// A source's error rate is pulled toward the all-source rate as if it had this many verdicts more.
const SOURCE_PRIOR_WEIGHT = 20;

export function splitOf(recordId: string, heldOutShare: number): Split {
  const u = unitHash(`${recordId}\u0000split`);
  return u >= heldOutShare ? 'train' : u < heldOutShare / 2 ? 'calibrate' : 'evaluate';
}

/** A model from the entries, or null when no tier has enough examples yet. */
export function trainRouter(entries: readonly TrainingEntry[], options: TrainOptions): RouterModel | null {
  const parts: Record<Split, LabelledExample[]> = { train: [], calibrate: [], evaluate: [] };
  for (const entry of entries) parts[splitOf(entry.record_id, options.heldOutShare)].push(...examplesOf(entry));
  const stats = tierStats(
    entries.filter((e) => splitOf(e.record_id, options.heldOutShare) === 'train'),
    options.tierNames,
  );
  const fromFeedback = (examples: readonly LabelledExample[]) => examples.filter((e) => e.origin === 'feedback');
  const lossBudget = routedLossBudget(streamAccuracy(options.verdicts), options.accuracyTarget);
  const judged = entries.filter((e) => e.verdict !== null);
  const tiers: TierModel[] = [];
  for (const [i, tier] of options.tierNames.entries()) {
    const of = (split: Split) => parts[split].filter((e) => e.tier === tier);
    const model = trainTier(tier, fromFeedback(of('train')), of('calibrate'), fromFeedback(of('evaluate')), options);
    const s = stats.get(tier)!;
    const next = stats.get(options.tierNames[i + 1] ?? '');
    const configuredBar = options.tierBars[tier] ?? 1;
    // Clean answers the configured bar sends on: agreement labels are plentiful exactly there.
    const doubted = (split: Split) => of(split).filter((e) => e.clean && e.confidence < configuredBar);
    const acceptance = next
      ? trainAcceptance(doubted('train'), doubted('calibrate'), {
          minExamples: options.minExamples,
          next,
          doubtedShare: doubtedShare(judged, tier, configuredBar),
          lossBudget,
        })
      : null;
    if (model)
      tiers.push({
        ...model,
        // With an acceptance model, an answer at the configured bar is still kept as before.
        ...(acceptance ? { escalation_threshold: configuredBar } : {}),
        acceptance,
        mean_nano_usd: s.meanNanoUsd,
        detection_rate: s.detection,
        false_alarm_rate: s.falseAlarm,
      });
  }
  if (tiers.length === 0) return null;
  const rates = sourceErrorRates(entries);
  return {
    name: options.name,
    version: `${options.name}-${options.now.toString(36)}`,
    trained_at: options.now,
    training_examples: tiers.reduce((n, t) => n + t.examples, 0),
    accuracy_target: options.accuracyTarget,
    feature_names: [...options.featureNames],
    tiers,
    source_error_rates: rates.bySource,
    default_error_rate: rates.overall,
    expected_cpe_usd: null,
    stream_verdicts: options.verdicts,
  };
}

/** Among routed records with a verdict (a random share of them), those whose answer at `tier` was clean and below `bar`. */
function doubtedShare(judged: readonly TrainingEntry[], tier: string, bar: number): number {
  if (judged.length === 0) return 0;
  const doubted = judged.filter((e) => e.attempts.some((a) => a.tier === tier && a.clean && a.confidence < bar)).length;
  return doubted / judged.length;
}

function trainTier(
  tier: string,
  train: readonly LabelledExample[],
  calibrate: readonly LabelledExample[],
  evaluate: readonly LabelledExample[],
  options: TrainOptions,
): Omit<TierModel, 'acceptance' | 'mean_nano_usd' | 'detection_rate' | 'false_alarm_rate'> | null {
  if (train.length < MIN_CALIBRATION_EXAMPLES) return null;
  // Too few to learn from the features: the tier's own (smoothed) accuracy, the same for every record.
  const raw =
    train.length < options.minExamples
      ? {
          intercept: logit((train.filter((e) => e.correct).length + 1) / (train.length + 2)),
          coefficients: options.featureNames.map(() => 0),
        }
      : fitLogistic(train.map((e) => ({ x: e.features, y: e.correct ? 1 : 0, weight: e.weight })));
  const platt = calibrate.filter((e) => e.origin === 'feedback');
  const calibrated =
    platt.length >= MIN_CALIBRATION_EXAMPLES && train.length >= options.minExamples
      ? foldPlatt(
          raw,
          fitPlatt(
            platt.map((e) => linearScore(raw, e.features)),
            platt.map((e) => (e.correct ? 1 : 0)),
          ),
        )
      : raw;
  const heldOut = [...platt, ...evaluate];
  const threshold = confidenceThreshold(
    calibrate.map((e) => ({ confidence: e.confidence, correct: e.correct })),
    options.accuracyTarget,
  );
  return {
    tier,
    ...calibrated,
    examples: train.length,
    measured_accuracy: heldOut.length === 0 ? null : heldOut.filter((e) => e.correct).length / heldOut.length,
    escalation_threshold: threshold,
    calibration:
      evaluate.length === 0
        ? null
        : reliability(
            evaluate.map((e) => predict(calibrated, e.features)),
            evaluate.map((e) => (e.correct ? 1 : 0)),
          ).map((bin) => ({
            from: bin.from,
            to: bin.to,
            count: bin.count,
            mean_predicted: bin.count === 0 ? 0 : bin.meanPredicted,
            observed: bin.count === 0 ? 0 : bin.observed,
          })),
  };
}

const logit = (p: number) => Math.log(p / (1 - p));

type Scored = { p: number; confidence: number; correct: boolean };

/**
 * The acceptance model of a tier that has a next one, learnt from the clean answers its configured
 * confidence bar sends on: the chance such an answer is right from the record's features and the
 * tier's own confidence, and the least chance at which an answer is kept, chosen on held-out
 * answers as the bar that keeps the most of them while either
 * - the kept ones are surely right as often as the next tier would be (its accuracy on the answers
 *   sent to it, which the log measures), so keeping them costs no accuracy; or
 * - the accuracy they cost, spread over every routed record, stays within `lossBudget`: what the
 *   stream's measured accuracy has above router.accuracyTarget (stream-accuracy.ts). A service
 *   doing better than its target is paying for accuracy nobody asked for, and the answers the
 *   large tier would change least are the cheapest place to stop paying.
 * It only ever keeps more: an answer at the configured bar is kept as before. Null when it keeps
 * nothing more, or the examples are too few.
 *
 * Agreement labels teach it as well as verdicts: the answers it decides on are those a second tier
 * answered, and a verdict-only model would wait for one verdict in twenty of one record in five.
 */
export function trainAcceptance(
  train: readonly LabelledExample[],
  calibrate: readonly LabelledExample[],
  context: AcceptanceContext,
): Acceptance | null {
  if (train.length < context.minExamples || calibrate.length < MIN_CALIBRATION_EXAMPLES) return null;
  if (train.every((e) => e.correct === train[0]!.correct)) return null;
  const x = (e: LabelledExample) => [...e.features, e.confidence];
  const raw = fitLogistic(train.map((e) => ({ x: x(e), y: e.correct ? 1 : 0, weight: e.weight })));
  const model = foldPlatt(
    raw,
    fitPlatt(
      calibrate.map((e) => linearScore(raw, x(e))),
      calibrate.map((e) => (e.correct ? 1 : 0)),
    ),
  );
  const scored: Scored[] = calibrate.map((e) => ({ p: predict(model, x(e)), confidence: e.confidence, correct: e.correct }));
  // Every one of these answers is sent on today; each stands for 1 / doubtedShare routed records.
  const lossPerAnswer = context.doubtedShare / calibrate.length;
  const bar = cheapestKeepingAccuracy(scored, Number.POSITIVE_INFINITY, context.next.accuracy, {
    lossPerAnswer,
    lossBudget: context.lossBudget,
  });
  return bar === null ? null : { ...model, bar };
}

export type AcceptanceContext = {
  minExamples: number;
  next: TierStats;
  /** Share of the routed records whose answer at this tier is clean and below its configured bar. */
  doubtedShare: number;
  /** Accuracy each routed record may lose on average (stream-accuracy.ts, routedLossBudget). */
  lossBudget: number;
};

/**
 * The bar on p that sends fewest answers on while keeping only what `confidence >= configuredBar`
 * would keep, or answers that are surely no worse than the next tier (the ones it keeps beyond the
 * configured bar's are right at a rate whose Wilson lower bound, 95 % one-sided, reaches the next
 * tier's accuracy, over at least MIN_CALIBRATION_EXAMPLES of them), or answers whose expected
 * loss against the next tier (its accuracy less theirs, each weighing `lossPerAnswer` of a routed
 * record) fits `lossBudget`. Null when none sends fewer.
 */
export function cheapestKeepingAccuracy(
  scored: readonly Scored[],
  configuredBar: number,
  nextAccuracy: number,
  budget: { lossPerAnswer: number; lossBudget: number } = { lossPerAnswer: 0, lossBudget: 0 },
): number | null {
  const configuredSentOn = scored.filter((s) => s.confidence < configuredBar).length;
  let best: { bar: number; sentOn: number } | null = null;
  for (const bar of [...new Set(scored.map((s) => s.p))].sort((a, b) => a - b)) {
    const extra = scored.filter((s) => s.p >= bar && s.confidence < configuredBar);
    const sentOn = scored.filter((s) => s.p < bar && s.confidence < configuredBar).length;
    const right = extra.filter((s) => s.correct).length;
    const sure = extra.length >= MIN_CALIBRATION_EXAMPLES && wilsonLowerBound(right, extra.length, ONE_SIDED_95) >= nextAccuracy;
    const loss = (extra.length * nextAccuracy - right) * budget.lossPerAnswer;
    const affordable = budget.lossBudget > 0 && loss <= budget.lossBudget;
    if ((sure || affordable) && sentOn < (best?.sentOn ?? configuredSentOn)) best = { bar, sentOn };
  }
  return best?.bar ?? null;
}

/** Per source, the share of wrong emitted answers in the verdicts, smoothed toward the all-source share. */
export function sourceErrorRates(entries: readonly TrainingEntry[]): { bySource: Record<string, number>; overall: number } {
  const counts = new Map<string, { wrong: number; all: number }>();
  let wrong = 0;
  let all = 0;
  for (const entry of entries) {
    if (entry.verdict === null) continue;
    const c = counts.get(entry.source_id) ?? { wrong: 0, all: 0 };
    c.all += 1;
    all += 1;
    if (!entry.verdict) {
      c.wrong += 1;
      wrong += 1;
    }
    counts.set(entry.source_id, c);
  }
  const overall = all === 0 ? 0 : wrong / all;
  const bySource: Record<string, number> = {};
  for (const [source, c] of counts) bySource[source] = (c.wrong + overall * SOURCE_PRIOR_WEIGHT) / (c.all + SOURCE_PRIOR_WEIGHT);
  return { bySource, overall };
}
