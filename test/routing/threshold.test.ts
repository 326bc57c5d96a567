import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '#src/dev/generator/random.ts';
import { type ConfidencePoint, confidenceThreshold, wilsonLowerBound } from '#src/routing/threshold.ts';

const close = (actual: number, expected: number, tolerance: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
};

/** `count` answers at one confidence, the first `correct` of them right. */
const answers = (confidence: number, count: number, correct: number): ConfidencePoint[] =>
  Array.from({ length: count }, (_, i) => ({ confidence, correct: i < correct }));

test('the Wilson lower bound: known values', () => {
  // All right: the bound is 1 / (1 + z²/n).
  close(wilsonLowerBound(30, 30), 1 / (1 + 1.959963984540054 ** 2 / 30), 1e-15, '30 of 30');
  close(wilsonLowerBound(50, 100), 0.4038, 1e-4, '50 of 100');
  close(wilsonLowerBound(190, 200), 0.9104, 1e-4, '190 of 200');
  assert.equal(wilsonLowerBound(0, 10), 0);
  assert.throws(() => wilsonLowerBound(3, 0), RangeError);
  assert.throws(() => wilsonLowerBound(5, 4), RangeError);
});

/** The points in an order of a seed's choosing (Fisher–Yates). */
function shuffled(points: ConfidencePoint[], seed: number): ConfidencePoint[] {
  const random = new Random(seed);
  const out = [...points];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// 100 answers at 0.9 all right (bound 0.963), then 100 at 0.8 of which 90 right (190 of 200: bound 0.910),
// then 100 at 0.6 all wrong (190 of 300: bound 0.578); in no particular order, which must not matter.
const tiers = shuffled([...answers(0.9, 100, 100), ...answers(0.8, 100, 90), ...answers(0.6, 100, 0)], 3);

test('the threshold is the loosest cut whose accepted answers are right often enough', () => {
  assert.equal(confidenceThreshold(tiers, 0.9), 0.8);
  assert.equal(confidenceThreshold(tiers, 0.93), 0.9, '190 of 200 no longer proves 93 %');
  assert.equal(confidenceThreshold(tiers, 0.5), 0.6);
});

test('no cut reaching the target gives null', () => {
  assert.equal(confidenceThreshold(tiers, 0.97), null, '100 of 100 proves only 96.3 %');
  const coinFlips = Array.from({ length: 400 }, (_, i) => ({ confidence: (i % 40) / 40, correct: i % 2 === 0 }));
  assert.equal(confidenceThreshold(coinFlips, 0.8), null);
  assert.equal(confidenceThreshold([], 0.8), null);
});

test('a cut must accept at least minAccepted answers (30 unless told)', () => {
  // 20 of 20 right at 0.95 bounds the accuracy at 0.839, but 20 answers are too few by default.
  const few = [...answers(0.95, 20, 20), ...answers(0.5, 100, 0)];
  assert.equal(confidenceThreshold(few, 0.8), null);
  assert.equal(confidenceThreshold(few, 0.8, { minAccepted: 20 }), 0.95);
  assert.equal(confidenceThreshold(few, 0.8, { minAccepted: 21 }), null);
});

test('answers tied at a confidence are accepted together: a cut never splits them', () => {
  // At 0.9: 40 answers, the 10 wrong ones among them. Splitting the tie could accept 30 right ones alone.
  const tied = [...answers(0.9, 40, 30), ...answers(0.5, 10, 0)];
  assert.equal(confidenceThreshold(tied, 0.8), null);
});

test('a stricter cut that fails does not stop a looser one that passes', () => {
  // The most confident 30 are only 27 right (bound 0.74); with 300 more right answers below them, 327 of 330 (bound 0.974).
  const points = [...answers(0.99, 30, 27), ...answers(0.9, 300, 300)];
  assert.equal(confidenceThreshold(points, 0.95), 0.9);
});

test('the threshold refuses a target outside (0, 1], a bad minAccepted or a confidence that is not a number', () => {
  for (const target of [0, 1.5, Number.NaN]) assert.throws(() => confidenceThreshold(tiers, target), /target/);
  assert.throws(() => confidenceThreshold(tiers, 0.9, { minAccepted: 0 }), /minAccepted/);
  assert.throws(() => confidenceThreshold([{ confidence: Number.NaN, correct: true }], 0.9), /confidence/);
});
