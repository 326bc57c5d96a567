import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '#src/dev/generator/random.ts';
import { brierScore, expectedCalibrationError, fitPlatt, foldPlatt, logLoss, reliability } from '#src/routing/calibration.ts';
import { linearScore, predict, sigmoid } from '#src/routing/logistic.ts';

const close = (actual: number, expected: number, tolerance: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
};

/** Outcomes drawn at a true log-odds, and the score of a model three times too sure of itself and biased upward. */
function overConfident(count: number, seed: number): { scores: number[]; labels: (0 | 1)[] } {
  const random = new Random(seed);
  const scores: number[] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < count; i++) {
    const truth = -3 + 6 * random.next();
    labels.push(random.chance(sigmoid(truth)) ? 1 : 0);
    scores.push(3 * truth + 1);
  }
  return { scores, labels };
}

test('Platt scaling makes an over-confident model honest: its reliability table lines up on fresh data', () => {
  const calibration = overConfident(50_000, 1);
  const fresh = overConfident(50_000, 2);
  const { a, b } = fitPlatt(calibration.scores, calibration.labels);
  close(a, 1 / 3, 0.02, 'a undoes the factor 3');
  close(b, -1 / 3, 0.05, 'b undoes the bias');
  const before = expectedCalibrationError(fresh.scores.map(sigmoid), fresh.labels);
  const after = expectedCalibrationError(
    fresh.scores.map((z) => sigmoid(a * z + b)),
    fresh.labels,
  );
  assert.ok(before > 0.1, `the uncalibrated model should be visibly off, ECE ${before}`);
  assert.ok(after < 0.02, `ECE after Platt scaling ${after}`);
});

test('a folded model predicts exactly what Platt scaling of its score gives', () => {
  const model = { intercept: -0.7, coefficients: [1.3, -0.02, 4] };
  const platt = { a: 0.45, b: 0.8 };
  const folded = foldPlatt(model, platt);
  const random = new Random(4);
  for (let i = 0; i < 100; i++) {
    const x = [random.next() * 10 - 5, random.next() * 300, random.int(0, 1)];
    close(predict(folded, x), sigmoid(platt.a * linearScore(model, x) + platt.b), 1e-12, `x = ${x}`);
  }
  assert.deepEqual(model, { intercept: -0.7, coefficients: [1.3, -0.02, 4] }, 'the model folded into is left as it was');
});

test("Platt's smoothed targets keep a tiny, separable held-out set from producing certainty", () => {
  const { a, b } = fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]);
  assert.ok(Number.isFinite(a) && Number.isFinite(b) && a > 0, `a = ${a}, b = ${b}`);
  // Targets 3/4 and 1/4: two positives seen do not make the top score a sure thing.
  const top = sigmoid(2 * a + b);
  assert.ok(top > 0.6 && top < 0.9, `P at the top score ${top}`);
});

test('scores that never vary say nothing: a = 0 and the calibrated chance is the smoothed base rate', () => {
  const labels: (0 | 1)[] = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
  const { a, b } = fitPlatt(new Array(10).fill(0.7), labels);
  assert.equal(a, 0);
  // Three positives with target 4/5, seven negatives with target 1/9.
  close(sigmoid(b), (3 * (4 / 5) + 7 * (1 / 9)) / 10, 1e-6, 'calibrated chance');
});

test('reliability: equal-width bins, every bin listed, each boundary belonging to the bin it starts', () => {
  const table = reliability([0.05, 0.05, 0.15, 0.3, 0.95, 1], [0, 1, 0, 1, 1, 1]);
  assert.equal(table.length, 10);
  assert.deepEqual(
    table.map((bin) => [bin.from, bin.to, bin.count]),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [k / 10, (k + 1) / 10, [2, 1, 0, 1, 0, 0, 0, 0, 0, 2][k]]),
  );
  assert.deepEqual(table[0], { from: 0, to: 0.1, count: 2, meanPredicted: 0.05, observed: 0.5 });
  assert.deepEqual(table[3], { from: 0.3, to: 0.4, count: 1, meanPredicted: 0.3, observed: 1 });
  assert.deepEqual(table[9], { from: 0.9, to: 1, count: 2, meanPredicted: 0.975, observed: 1 });
  assert.ok(Number.isNaN(table[5]!.meanPredicted) && Number.isNaN(table[5]!.observed), 'an empty bin has no mean');
  // p · bins can round across a boundary either way (0.9 less an ulp, times 10, is 9), so every boundary is tried.
  const binOf = (p: number, bins: number) => reliability([p], [1], bins).findIndex((bin) => bin.count === 1);
  for (const bins of [3, 7, 10, 49, 100]) {
    for (let k = 1; k < bins; k++) {
      assert.equal(binOf(k / bins, bins), k, `${k}/${bins} opens bin ${k}`);
      assert.equal(binOf(justBelow(k / bins), bins), k - 1, `just below ${k}/${bins} closes bin ${k - 1}`);
    }
  }
});

/** The largest double below a positive x. */
function justBelow(x: number): number {
  const bits = new BigUint64Array(new Float64Array([x]).buffer);
  bits[0]! -= 1n;
  return new Float64Array(bits.buffer)[0]!;
}

test('expected calibration error is the count-weighted gap between predicted and observed', () => {
  // Bin [0, 0.1): 2 predictions at 0.05, half right → gap 0.45. Bin [0.9, 1]: 0.9 and 1, both right → gap 0.05.
  close(expectedCalibrationError([0.05, 0.05, 0.9, 1], [0, 1, 1, 1]), (2 * 0.45 + 2 * 0.05) / 4, 1e-12, 'ECE');
  assert.equal(expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0]), 0);
});

test('Brier score and log loss: known values, a perfect model scores 0, a confident miss stays finite', () => {
  close(brierScore([0.8, 0.3], [1, 0]), (0.04 + 0.09) / 2, 1e-15, 'Brier');
  close(logLoss([0.8, 0.3], [1, 0]), -(Math.log(0.8) + Math.log(0.7)) / 2, 1e-15, 'log loss');
  assert.equal(brierScore([1, 0], [1, 0]), 0);
  close(logLoss([1, 0], [1, 0]), 0, 1e-14, 'log loss of a perfect model');
  const miss = logLoss([0], [1]);
  assert.ok(Number.isFinite(miss) && miss > 30, `a confident miss costs ${miss}`);
  assert.ok(logLoss([0.9, 0.2], [1, 0]) < logLoss([0.6, 0.4], [1, 0]), 'the sharper right model scores better');
});

test('the calibration helpers refuse mismatched or impossible input', () => {
  assert.throws(() => fitPlatt([], []), /at least one/);
  assert.throws(() => fitPlatt([1, 2], [1]), /2 predictions but 1 labels/);
  assert.throws(() => reliability([0.5], [2 as 1]), /labels are 0 or 1/);
  assert.throws(() => brierScore([1.5], [1]), /not a probability/);
  assert.throws(() => logLoss([Number.NaN], [1]), /prediction 0 is NaN/);
  assert.throws(() => reliability([0.5], [1], 0), /bins/);
});
