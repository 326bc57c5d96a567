/**
 * A trained router as it travels: published on router.models.v1 (Avro schema RouterModel), kept
 * in .parsimony/router.json by the embedded default, and installed by every consumer. A model is
 * checked before it is installed: one trained on other features or other tiers than this build's
 * would predict nonsense, so it is refused and the current one stays.
 */
import type { LogisticModel } from './logistic.ts';
import type { VerdictTally } from './stream-accuracy.ts';

/** Predicted against observed chance of a correct answer, for one band of predictions. */
export type CalibrationBin = { from: number; to: number; count: number; mean_predicted: number; observed: number };

export type Acceptance = LogisticModel & { bar: number };

export type TierModel = LogisticModel & {
  tier: string;
  examples: number;
  /** Share of this tier's held-out answers that were correct. */
  measured_accuracy: number | null;
  /** The tier's own reported confidence at or above which its answers met the accuracy target on held-out data; null: the tier's configured bar. */
  escalation_threshold: number | null;
  /** Held-out predictions of this model by decile, after calibration. */
  calibration: CalibrationBin[] | null;
  /**
   * The chance this tier's clean answer is right given the record's features and the tier's own
   * confidence (coefficients: the features', then the confidence's), calibrated, and the chance an
   * answer must reach to be kept: a per-record bar on the confidence. Null for the last tier, and
   * until it keeps accuracy at a lower cost than the configured bar on held-out answers.
   */
  acceptance: Acceptance | null;
  /** Mean nano-USD per record the tier cost in training. */
  mean_nano_usd: number | null;
  /** Share of its wrong answers the cascade sent on to the next tier; of its right ones (false alarms). */
  detection_rate: number | null;
  false_alarm_rate: number | null;
};

export type RouterModel = {
  name: string;
  version: string;
  trained_at: number;
  training_examples: number;
  accuracy_target: number;
  feature_names: string[];
  tiers: TierModel[];
  /** Recent share of wrong answers per source (smoothed toward default_error_rate). */
  source_error_rates: Record<string, number> | null;
  /** The error rate of a source without feedback of its own. */
  default_error_rate: number | null;
  /** Expected cost per correct extraction of this model's policy on held-out examples, when measured. */
  expected_cpe_usd: number | null;
  /** The verdicts the learners had counted when it was trained (stream-accuracy.ts). */
  stream_verdicts: VerdictTally | null;
};

/** Why a model cannot be installed in this build, or null when it can. */
export function modelProblem(model: RouterModel, featureNames: readonly string[], tierNames: readonly string[]): string | null {
  if (model.feature_names.length !== featureNames.length || model.feature_names.some((name, i) => name !== featureNames[i]))
    return `its features (${model.feature_names.length}) are not this build's (${featureNames.length}): ${firstDifference(model.feature_names, featureNames)}`;
  for (const tier of model.tiers) {
    if (!tierNames.includes(tier.tier)) return `it has a model of tier ${tier.tier}, which is not configured (${tierNames.join(', ')})`;
    if (tier.coefficients.length !== featureNames.length)
      return `tier ${tier.tier} has ${tier.coefficients.length} coefficients for ${featureNames.length} features`;
    if (![tier.intercept, ...tier.coefficients].every(Number.isFinite))
      return `tier ${tier.tier} has a coefficient that is not a finite number`;
    const { acceptance } = tier;
    if (
      acceptance &&
      (acceptance.coefficients.length !== featureNames.length + 1 ||
        ![acceptance.intercept, acceptance.bar, ...acceptance.coefficients].every(Number.isFinite))
    )
      return `tier ${tier.tier} has an acceptance model that does not fit ${featureNames.length} features and a confidence`;
  }
  if (!(model.accuracy_target > 0 && model.accuracy_target < 1)) return `its accuracy target ${model.accuracy_target} is not within (0, 1)`;
  return null;
}

function firstDifference(theirs: readonly string[], ours: readonly string[]): string {
  const at = theirs.findIndex((name, i) => name !== ours[i]);
  const i = at === -1 ? Math.min(theirs.length, ours.length) : at;
  return `at ${i} it has ${theirs[i] ?? 'nothing'}, this build ${ours[i] ?? 'nothing'}`;
}

/** A model read from JSON (a file or a decoded record), or a reason it is not one. */
export function readRouterModel(value: unknown): RouterModel | { error: string } {
  const v = value as Partial<RouterModel> | null;
  if (typeof v !== 'object' || v === null) return { error: 'not an object' };
  if (typeof v.name !== 'string' || typeof v.version !== 'string') return { error: 'name or version missing' };
  if (!Array.isArray(v.feature_names) || !v.feature_names.every((n) => typeof n === 'string')) return { error: 'feature_names missing' };
  if (!Array.isArray(v.tiers)) return { error: 'tiers missing' };
  for (const tier of v.tiers) {
    if (typeof tier?.tier !== 'string' || typeof tier.intercept !== 'number' || !Array.isArray(tier.coefficients))
      return { error: 'a tier lacks its name, intercept or coefficients' };
  }
  return {
    name: v.name,
    version: v.version,
    trained_at: Number(v.trained_at ?? 0),
    training_examples: Number(v.training_examples ?? 0),
    accuracy_target: Number(v.accuracy_target),
    feature_names: v.feature_names,
    tiers: v.tiers.map((t) => ({
      tier: t.tier,
      intercept: t.intercept,
      coefficients: t.coefficients.map(Number),
      examples: Number(t.examples ?? 0),
      measured_accuracy: t.measured_accuracy ?? null,
      escalation_threshold: t.escalation_threshold ?? null,
      calibration: t.calibration ?? null,
      acceptance: t.acceptance ?? null,
      mean_nano_usd: t.mean_nano_usd ?? null,
      detection_rate: t.detection_rate ?? null,
      false_alarm_rate: t.false_alarm_rate ?? null,
    })),
    source_error_rates: v.source_error_rates ?? null,
    default_error_rate: v.default_error_rate ?? null,
    expected_cpe_usd: v.expected_cpe_usd ?? null,
    stream_verdicts: tallyOf(v.stream_verdicts),
  };
}

function tallyOf(value: unknown): VerdictTally | null {
  const t = value as Partial<VerdictTally> | null | undefined;
  const counts = [t?.routed, t?.routed_correct, t?.other, t?.other_correct];
  if (!counts.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return null;
  return { routed: t!.routed!, routed_correct: t!.routed_correct!, other: t!.other!, other_correct: t!.other_correct! };
}
