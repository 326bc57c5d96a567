import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '#src/dev/generator/random.ts';
import { type Example, fitLogistic, type LogisticModel, linearScore, predict, sigmoid } from '#src/routing/logistic.ts';

/** Examples drawn from a known model: each feature uniform in its range, the label Bernoulli(predict(truth, x)). */
function sample(truth: LogisticModel, ranges: [number, number][], count: number, seed: number): Example[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const x = ranges.map(([low, high]) => low + (high - low) * random.next());
    return { x, y: random.chance(predict(truth, x)) ? 1 : 0 };
  });
}

const close = (actual: number, expected: number, tolerance: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
};

test('sigmoid is exact at 0, symmetric, and finite and monotone out to |z| = 800', () => {
  assert.equal(sigmoid(0), 0.5);
  assert.equal(sigmoid(800), 1);
  assert.equal(sigmoid(-800), 0);
  close(sigmoid(-40), Math.exp(-40), 1e-30, 'sigmoid(-40)');
  for (const z of [0.1, 1, 5, 20, 37]) close(sigmoid(z) + sigmoid(-z), 1, 1e-15, `sigmoid(${z}) + sigmoid(-${z})`);
  const zs = [-800, -100, -40, -5, -1, 0, 1, 5, 40, 100, 800];
  const ps = zs.map(sigmoid);
  assert.ok(ps.every(Number.isFinite));
  assert.ok(ps.every((p, i) => i === 0 || p >= ps[i - 1]!));
});

test('predict is the sigmoid of intercept + coefficients · x, and refuses features of the wrong length', () => {
  const model = { intercept: -1, coefficients: [2, -0.5] };
  assert.equal(linearScore(model, [3, 4]), -1 + 6 - 2);
  assert.equal(predict(model, [3, 4]), sigmoid(3));
  assert.throws(() => predict(model, [1]), RangeError);
});

test('fitLogistic recovers the coefficients of the model that generated the data, on the raw scale', () => {
  const truth = { intercept: -1, coefficients: [2, 0.03, -1.5] };
  const ranges: [number, number][] = [
    [-1, 1],
    [0, 100],
    [0, 1],
  ];
  const fitted = fitLogistic(sample(truth, ranges, 40_000, 7), { l2: 1 });
  // Compared in units of each feature's spread (about 4 standard errors at this sample size).
  close(fitted.intercept, truth.intercept, 0.15, 'intercept');
  fitted.coefficients.forEach((c, j) => {
    const spread = ranges[j]![1] - ranges[j]![0];
    close(c * spread, truth.coefficients[j]! * spread, 0.15, `coefficient ${j} × range`);
  });
});

test('scaling a feature divides its coefficient by the same factor; shifting it moves only the intercept', () => {
  const truth = { intercept: 0.5, coefficients: [1.5, -2] };
  const examples = sample(
    truth,
    [
      [-1, 1],
      [0, 2],
    ],
    5_000,
    11,
  );
  const base = fitLogistic(examples);
  const rescaled = fitLogistic(examples.map(({ x, y }) => ({ x: [x[0]! * 1000, x[1]! + 500], y })));
  close(rescaled.coefficients[0]! * 1000, base.coefficients[0]!, 1e-7, 'scaled coefficient × 1000');
  close(rescaled.coefficients[1]!, base.coefficients[1]!, 1e-7, 'shifted coefficient');
  close(rescaled.intercept + 500 * rescaled.coefficients[1]!, base.intercept, 1e-6, 'intercept once the shift is undone');
});

test('a feature that never varies gets coefficient 0 and leaves the others as they were', () => {
  const examples = sample({ intercept: 0, coefficients: [1] }, [[-2, 2]], 2_000, 3);
  const alone = fitLogistic(examples);
  const withConstant = fitLogistic(examples.map(({ x, y }) => ({ x: [0.1, x[0]!, 0.1], y })));
  assert.deepEqual(withConstant.coefficients, [0, alone.coefficients[0], 0]);
  close(withConstant.intercept, alone.intercept, 1e-12, 'intercept');
});

test('a weight counts as that many copies of the example', () => {
  const examples = sample(
    { intercept: 0.3, coefficients: [-1, 1] },
    [
      [0, 3],
      [-1, 1],
    ],
    400,
    5,
  );
  const weighted = fitLogistic(examples.map((e, i) => ({ ...e, weight: i % 4 === 0 ? 3 : 1 })));
  const copied = fitLogistic(examples.flatMap((e, i) => (i % 4 === 0 ? [e, e, e] : [e])));
  close(weighted.intercept, copied.intercept, 1e-9, 'intercept');
  for (const [j, c] of weighted.coefficients.entries()) close(c, copied.coefficients[j]!, 1e-9, `coefficient ${j}`);
});

/** The objective fitLogistic maximises, computed here independently on the raw scale. */
function penalisedLogLikelihood(model: LogisticModel, examples: Example[], l2: number): number {
  const weightOf = (e: Example) => e.weight ?? 1;
  const total = examples.reduce((sum, e) => sum + weightOf(e), 0);
  const means = model.coefficients.map((_, j) => examples.reduce((sum, e) => sum + weightOf(e) * e.x[j]!, 0) / total);
  const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  const likelihood = examples.reduce((sum, e) => {
    const z = linearScore(model, e.x);
    return sum - weightOf(e) * softplus(e.y === 1 ? -z : z);
  }, 0);
  // The prior sits on the standardised coefficients and on the intercept at the features' means.
  const penalty = model.coefficients.reduce((sum, c, j) => {
    const variance = examples.reduce((s, e) => s + weightOf(e) * (e.x[j]! - means[j]!) ** 2, 0) / total;
    return sum + 0.5 * l2 * c ** 2 * variance;
  }, 0);
  const centredIntercept = model.intercept + model.coefficients.reduce((s, c, j) => s + c * means[j]!, 0);
  return likelihood - penalty - 0.5 * 1e-6 * total * centredIntercept ** 2;
}

/** Fails unless moving any one parameter either way lowers the penalised likelihood. */
function assertMaximum(fitted: LogisticModel, examples: Example[], l2: number): void {
  const best = penalisedLogLikelihood(fitted, examples, l2);
  for (const nudge of [1e-3, -1e-3]) {
    const moved = [
      { ...fitted, intercept: fitted.intercept + nudge },
      ...fitted.coefficients.map((_, j) => ({ ...fitted, coefficients: fitted.coefficients.map((c, k) => (k === j ? c + nudge : c)) })),
    ];
    for (const model of moved) assert.ok(penalisedLogLikelihood(model, examples, l2) < best, `${JSON.stringify(model)} beats the fit`);
  }
}

test('the fit is the maximum: nudging any parameter lowers the penalised likelihood (steep, nearly separable data)', () => {
  const examples = sample(
    { intercept: 4, coefficients: [-9, 6] },
    [
      [0, 1],
      [-1, 1],
    ],
    3_000,
    13,
  );
  assertMaximum(fitLogistic(examples, { l2: 0.5 }), examples, 0.5);
});

test('where full Newton steps run away (a heavily weighted, separable trio), damped steps still reach the maximum', () => {
  const examples: Example[] = [
    { x: [6], y: 1, weight: 100 },
    { x: [8], y: 0, weight: 1 },
    { x: [-2], y: 1, weight: 10 },
  ];
  const fitted = fitLogistic(examples, { l2: 0.01 });
  assertMaximum(fitted, examples, 0.01);
  assert.ok(
    examples.every(({ x, y }) => predict(fitted, x) > 0.5 === (y === 1)),
    JSON.stringify(fitted),
  );
});

test('every label the same: a finite model that predicts that label with near certainty', () => {
  for (const label of [0, 1] as const) {
    const examples = Array.from({ length: 500 }, (_, i) => ({ x: [i % 7, (i * 13) % 5], y: label }));
    const model = fitLogistic(examples);
    assert.ok([model.intercept, ...model.coefficients].every(Number.isFinite), JSON.stringify(model));
    for (const { x } of examples) {
      const p = predict(model, x);
      assert.ok(label === 1 ? p > 0.999 : p < 0.001, `label ${label}, predicted ${p}`);
    }
    // Held near ±11 by the intercept's whisper of a prior, not wherever the iterations ran out.
    assert.ok(Math.abs(model.intercept) < 13, JSON.stringify(model));
  }
});

test('separable data: finite coefficients that still separate, smaller as L2 grows', () => {
  const examples = Array.from({ length: 200 }, (_, i) => {
    const x = i / 10 - 10;
    return { x: [x], y: x > 0.5 ? (1 as const) : (0 as const) };
  });
  const loose = fitLogistic(examples, { l2: 0.01 });
  const tight = fitLogistic(examples, { l2: 10 });
  for (const model of [loose, tight]) {
    assert.ok(Number.isFinite(model.intercept) && Number.isFinite(model.coefficients[0]!), JSON.stringify(model));
    assert.ok(
      examples.every(({ x, y }) => predict(model, x) > 0.5 === (y === 1)),
      `${JSON.stringify(model)} misclassifies`,
    );
  }
  assert.ok(loose.coefficients[0]! > tight.coefficients[0]! && tight.coefficients[0]! > 0);
});

test('the fit is deterministic', () => {
  const examples = sample(
    { intercept: 0, coefficients: [1, -1, 0.5] },
    [
      [0, 1],
      [0, 1],
      [0, 1],
    ],
    1_000,
    17,
  );
  assert.deepEqual(fitLogistic(examples), fitLogistic(examples));
});

test('fitLogistic refuses what it cannot fit, saying why', () => {
  assert.throws(() => fitLogistic([]), /at least one example/);
  assert.throws(
    () =>
      fitLogistic([
        { x: [1, 2], y: 1 },
        { x: [1], y: 0 },
      ]),
    /example 1 has 1 features/,
  );
  assert.throws(() => fitLogistic([{ x: [Number.NaN], y: 1 }]), /feature 0 = NaN/);
  assert.throws(() => fitLogistic([{ x: [1], y: 2 as 1 }]), /labels are 0 or 1/);
  assert.throws(() => fitLogistic([{ x: [1], y: 1, weight: -1 }]), /weight -1/);
  assert.throws(() => fitLogistic([{ x: [1], y: 1, weight: 0 }]), /positive total weight/);
  assert.throws(() => fitLogistic([{ x: [1], y: 1 }], { l2: -1 }), /l2/);
});
