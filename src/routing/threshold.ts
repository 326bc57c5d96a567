/**
 * Where a tier's own confidence can be trusted. A tier's answer escalates when its reported
 * confidence falls below a threshold; rather than a constant, the threshold is read off held-out
 * answers whose correctness feedback settled: the loosest cut whose accepted answers are right
 * often enough, judged by a lower confidence bound so that a lucky handful does not set it.
 */

/** One held-out answer of a tier: the confidence it reported and whether it proved correct. */
export type ConfidencePoint = { confidence: number; correct: boolean };

export type ThresholdOptions = {
  /** Fewest answers a threshold must accept to be considered. Default 30. */
  minAccepted?: number;
};

/** z for a one-sided 95 % bound: what a claim that something surely holds is held to. */
export const ONE_SIDED_95 = 1.645;

/** z for a two-sided 95 % interval, whose lower end is a one-sided 97.5 % bound. */
const Z_95 = 1.959963984540054;

/** The lower end of the Wilson score interval for `correct` successes in `total` trials. */
export function wilsonLowerBound(correct: number, total: number, z = Z_95): number {
  if (!(total > 0 && correct >= 0 && correct <= total)) throw new RangeError(`no Wilson bound for ${correct} of ${total}`);
  const rate = correct / total;
  const z2 = z * z;
  const centre = rate + z2 / (2 * total);
  const spread = z * Math.sqrt((rate * (1 - rate)) / total + z2 / (4 * total * total));
  return Math.max(0, (centre - spread) / (1 + z2 / total));
}

/**
 * The lowest threshold t such that the answers with confidence ≥ t number at least `minAccepted`
 * and the Wilson 95 % lower bound of their accuracy reaches `target`; null when none does.
 * t is always one of the confidences seen (any lower value would accept the same answers only
 * down to the next one). A stricter cut that fails does not stop a looser one that passes.
 */
export function confidenceThreshold(points: readonly ConfidencePoint[], target: number, options: ThresholdOptions = {}): number | null {
  const { minAccepted = 30 } = options;
  if (!(target > 0 && target <= 1)) throw new RangeError(`target must be in (0, 1], not ${target}`);
  if (!(Number.isInteger(minAccepted) && minAccepted >= 1))
    throw new RangeError(`minAccepted must be a positive integer, not ${minAccepted}`);
  for (const { confidence } of points) if (!Number.isFinite(confidence)) throw new RangeError(`confidence ${confidence} is not a number`);
  let best: number | null = null;
  for (const { threshold, accepted, correct } of cutsFromTheTop(points)) {
    if (accepted >= minAccepted && wilsonLowerBound(correct, accepted) >= target) best = threshold;
  }
  return best;
}

/** For each distinct confidence, from the highest down: how many answers it accepts and how many of them were correct. */
function cutsFromTheTop(points: readonly ConfidencePoint[]): { threshold: number; accepted: number; correct: number }[] {
  const sorted = [...points].sort((p, q) => q.confidence - p.confidence);
  const cuts: { threshold: number; accepted: number; correct: number }[] = [];
  let correct = 0;
  sorted.forEach((point, i) => {
    correct += point.correct ? 1 : 0;
    // Ties are accepted together: a cut sits only below the last answer of a confidence.
    if (sorted[i + 1]?.confidence !== point.confidence) cuts.push({ threshold: point.confidence, accepted: i + 1, correct });
  });
  return cuts;
}
