/**
 * Calibration: the router compares a tier's predicted chance of success with an accuracy target,
 * which means something only if a predicted 0.95 comes true 95 % of the time. Platt scaling on
 * held-out feedback corrects a model's over- or under-confidence and folds into the model itself,
 * so a RouterModel stores a calibrated tier in the shape of an uncalibrated one. The reliability
 * table and the scores tell whether a candidate model beats the current one.
 */
import { fitLogistic, type LogisticModel } from './logistic.ts';

/** Calibrated chance = sigmoid(a · score + b), for a model's linear score. */
export type Platt = { a: number; b: number };

/**
 * Platt scaling of linear scores against their labels. The targets are Platt's smoothed ones,
 * (n₊ + 1)/(n₊ + 2) for a positive and 1/(n₋ + 2) for a negative, so a small or separable
 * held-out set still gives a finite, modest correction. Scores that never vary say nothing: a = 0.
 */
export function fitPlatt(scores: readonly number[], labels: readonly (0 | 1)[]): Platt {
  checkPairs(scores, labels);
  const positives = labels.filter((y) => y === 1).length;
  const [high, low] = [(positives + 1) / (positives + 2), 1 / (labels.length - positives + 2)];
  // A soft target t is the same likelihood as a positive weighted t beside a negative weighted 1 − t.
  const examples = scores.flatMap((score, i) => {
    const target = labels[i] === 1 ? high : low;
    return [
      { x: [score], y: 1 as const, weight: target },
      { x: [score], y: 0 as const, weight: 1 - target },
    ];
  });
  const { intercept, coefficients } = fitLogistic(examples, { l2: 0 });
  return { a: coefficients[0]!, b: intercept };
}

/** The model whose prediction is the Platt-calibrated prediction of `model`. */
export function foldPlatt(model: LogisticModel, { a, b }: Platt): LogisticModel {
  return { intercept: a * model.intercept + b, coefficients: model.coefficients.map((c) => a * c) };
}

/** One bin of a reliability table: the predictions in [from, to) (the last bin includes 1). */
export type ReliabilityBin = {
  from: number;
  to: number;
  count: number;
  /** Mean prediction in the bin; NaN when the bin is empty. */
  meanPredicted: number;
  /** Share of positive labels in the bin; NaN when the bin is empty. */
  observed: number;
};

/** Predictions grouped in equal-width bins of probability, every bin listed, empty ones too. */
export function reliability(predicted: readonly number[], labels: readonly (0 | 1)[], bins = 10): ReliabilityBin[] {
  checkProbabilities(predicted, labels);
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`bins must be a positive integer, not ${bins}`);
  const sums = Array.from({ length: bins }, () => ({ count: 0, predicted: 0, positives: 0 }));
  predicted.forEach((p, i) => {
    const sum = sums[binOf(p, bins)]!;
    sum.count += 1;
    sum.predicted += p;
    sum.positives += labels[i]!;
  });
  return sums.map(({ count, predicted, positives }, k) => ({
    from: k / bins,
    to: (k + 1) / bins,
    count,
    meanPredicted: count === 0 ? Number.NaN : predicted / count,
    observed: count === 0 ? Number.NaN : positives / count,
  }));
}

/** The bin whose [k/bins, (k+1)/bins) holds p, judged against those very bounds (p·bins can round across one). */
function binOf(p: number, bins: number): number {
  let k = Math.min(Math.floor(p * bins), bins - 1);
  if (k > 0 && p < k / bins) k -= 1;
  else if (k < bins - 1 && p >= (k + 1) / bins) k += 1;
  return k;
}

/** The count-weighted mean gap between predicted and observed over the reliability bins. */
export function expectedCalibrationError(predicted: readonly number[], labels: readonly (0 | 1)[], bins = 10): number {
  const table = reliability(predicted, labels, bins);
  const gap = table.reduce((sum, bin) => (bin.count === 0 ? sum : sum + bin.count * Math.abs(bin.meanPredicted - bin.observed)), 0);
  return gap / predicted.length;
}

/** Mean squared gap between prediction and label; lower is better. */
export function brierScore(predicted: readonly number[], labels: readonly (0 | 1)[]): number {
  checkProbabilities(predicted, labels);
  return predicted.reduce((sum, p, i) => sum + (p - labels[i]!) ** 2, 0) / predicted.length;
}

/**
 * Mean negative log-likelihood of the labels; lower is better. Predictions are held within 1e-15
 * of 0 and 1, so one confident miss costs about 34.5 rather than making every model infinite.
 */
export function logLoss(predicted: readonly number[], labels: readonly (0 | 1)[]): number {
  checkProbabilities(predicted, labels);
  const total = predicted.reduce((sum, p, i) => {
    const held = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
    return sum - (labels[i] === 1 ? Math.log(held) : Math.log1p(-held));
  }, 0);
  return total / predicted.length;
}

function checkPairs(values: readonly number[], labels: readonly (0 | 1)[]): void {
  if (values.length === 0) throw new Error('calibration needs at least one labelled prediction');
  if (values.length !== labels.length) throw new RangeError(`${values.length} predictions but ${labels.length} labels`);
  labels.forEach((y, i) => {
    if (y !== 0 && y !== 1) throw new RangeError(`label ${i} is ${y}; labels are 0 or 1`);
    if (!Number.isFinite(values[i])) throw new RangeError(`prediction ${i} is ${values[i]}`);
  });
}

function checkProbabilities(predicted: readonly number[], labels: readonly (0 | 1)[]): void {
  checkPairs(predicted, labels);
  predicted.forEach((p, i) => {
    if (p < 0 || p > 1) throw new RangeError(`prediction ${i} is ${p}, not a probability`);
  });
}
