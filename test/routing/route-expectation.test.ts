import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cheapestStart, expectFrom, type TierOdds } from '#src/routing/route-expectation.ts';

const small = (q: number): TierOdds => ({ q, nanoUsd: 10, detection: 0.8, falseAlarm: 0.1 });
const large = (q: number): TierOdds => ({ q, nanoUsd: 100, detection: 0, falseAlarm: 0 });

test('a route pays for each tier it reaches, and is right where a kept answer is right', () => {
  // From the large tier alone: its cost, its accuracy.
  assert.deepEqual(expectFrom(1, [small(0.9), large(0.95)]), { nanoUsd: 100, correct: 0.95 });
  // From the small one: sent on with 0.9 * 0.1 + 0.1 * 0.8 = 0.17; kept right 0.81; right after escalation 0.17 * 0.95.
  const e = expectFrom(0, [small(0.9), large(0.95)]);
  assert.ok(Math.abs(e.nanoUsd - (10 + 0.17 * 100)) < 1e-9);
  assert.ok(Math.abs(e.correct - (0.81 + 0.17 * 0.95)) < 1e-9);
});

test('the router starts at the cheapest tier whose route reaches the target, straight to the large one when the small is predicted to fail', () => {
  assert.equal(cheapestStart([small(0.97), large(0.97)], 0.95), 0);
  // A small answer likely wrong: from the small tier the route reaches 0.3 * 0.9 + (0.03 + 0.56) * 0.97 = 0.84.
  assert.equal(cheapestStart([small(0.3), large(0.97)], 0.95), 1);
});

test('when no route reaches the target, the lowest expected cost per correct answer wins', () => {
  // Neither reaches 0.99; starting small costs 10 + 0.17 * 100 = 27 for 0.97 right, large 100 for 0.95.
  assert.equal(cheapestStart([small(0.9), large(0.95)], 0.99), 0);
  // A small tier right one time in ten is worth skipping even so.
  assert.equal(cheapestStart([{ ...small(0.1), detection: 0.2 }, large(0.95)], 0.99), 1);
});
