import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidenceBar } from '#src/routing/learned-router.ts';
import { cheapestKeepingAccuracy } from '#src/routing/train.ts';

test('the acceptance bar keeps answers the configured bar sends on only when they are surely as good as the next tier', () => {
  const scored = [
    // Right, but unsure of itself: the configured bar (0.8) sends these on; the features say keep them.
    ...Array.from({ length: 40 }, () => ({ p: 0.95, confidence: 0.7, correct: true })),
    // Wrong and unsure: both send them on.
    ...Array.from({ length: 10 }, () => ({ p: 0.2, confidence: 0.6, correct: false })),
    // Right and sure.
    ...Array.from({ length: 30 }, () => ({ p: 0.97, confidence: 0.9, correct: true })),
  ];
  assert.equal(cheapestKeepingAccuracy(scored, 0.8, 0.9), 0.95);
  // When keeping them would cost right answers (one in ten is wrong), no cheaper bar qualifies.
  const risky = scored.map((s, i) => (s.confidence === 0.7 && i % 10 === 0 ? { ...s, correct: false } : s));
  assert.equal(cheapestKeepingAccuracy(risky, 0.8, 0.9), null);
  // Nor on a handful, however right: ten of ten is no proof.
  assert.equal(cheapestKeepingAccuracy(scored.slice(30), 0.8, 0.9), null);
});

test('with accuracy to spare, the bar keeps the answers the next tier would change least, as far as the budget goes', () => {
  const scored = [
    // Right two times in three, the more likely ones first.
    ...Array.from({ length: 30 }, (_, i) => ({ p: 0.7 + i / 1000, confidence: 0.7, correct: i % 3 !== 0 })),
    // Mostly wrong.
    ...Array.from({ length: 30 }, (_, i) => ({ p: 0.2 + i / 1000, confidence: 0.6, correct: i % 10 === 0 })),
  ];
  assert.equal(cheapestKeepingAccuracy(scored, 0.8, 0.9), null, 'no budget: nothing surely as good as the next tier');
  // Each answer stands for 0.01 of a routed record's accuracy: keeping the first 30 costs (30 × 0.9 − 20) × 0.01 = 0.07,
  // one more (wrong) 0.079.
  assert.equal(cheapestKeepingAccuracy(scored, 0.8, 0.9, { lossPerAnswer: 0.01, lossBudget: 0.075 }), 0.7);
  // Enough for all 60: (54 − 23) × 0.01 = 0.31.
  assert.equal(cheapestKeepingAccuracy(scored, 0.8, 0.9, { lossPerAnswer: 0.01, lossBudget: 0.31 }), 0.2);
  // Next to nothing: only the two likeliest, both right, which lose nothing against the next tier.
  assert.equal(cheapestKeepingAccuracy(scored, 0.8, 0.9, { lossPerAnswer: 0.01, lossBudget: 0.001 }), 0.728);
});

test("a per-record bar on the tier's own confidence: lower where the features say the tier is usually right", () => {
  // P(right) = sigmoid(-4 + 3 * easy + 5 * confidence); kept at P >= 0.9.
  const acceptance = { intercept: -4, coefficients: [3, 5], bar: 0.9 };
  const easy = confidenceBar(acceptance, [1])!;
  const hard = confidenceBar(acceptance, [0])!;
  assert.ok(easy < hard, `${easy} < ${hard}`);
  assert.ok(Math.abs(easy - (Math.log(9) + 1) / 5) < 1e-12);
  assert.equal(hard, 1.01, 'no confidence is enough: always sent on');
  assert.equal(confidenceBar({ ...acceptance, coefficients: [3, -1] }, [1]), null, 'confidence that does not raise the chance sets no bar');
});
