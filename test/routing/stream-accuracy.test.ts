import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routedWeights } from '#src/routing/evaluate.ts';
import { trainingEntryOf } from '#src/routing/examples.ts';
import { addTallies, NO_VERDICTS, routedLossBudget, streamAccuracy } from '#src/routing/stream-accuracy.ts';
import { syntheticEntry } from './synthetic-routes.ts';

test("the stream's accuracy: from every verdict, at its lower bound, and the routed records' share of it", () => {
  assert.equal(streamAccuracy({ routed: 40, routed_correct: 38, other: 40, other_correct: 40 }), null, 'too few verdicts');
  const stream = streamAccuracy({ routed: 300, routed_correct: 276, other: 700, other_correct: 700 })!;
  assert.equal(stream.routedShare, 0.3);
  // 976 right of 1,000: a one-sided 95 % bound a little below 0.976.
  assert.ok(stream.accuracy > 0.965 && stream.accuracy < 0.976, String(stream.accuracy));
  assert.ok(stream.upper > 0.976 && stream.upper < 0.985, String(stream.upper));
  assert.deepEqual(addTallies(NO_VERDICTS, { routed: 1, routed_correct: 1, other: 2, other_correct: 0 }), {
    routed: 1,
    routed_correct: 1,
    other: 2,
    other_correct: 0,
  });
});

test('the accuracy each routed record may lose: what the stream has above the target, over the routed share; none below it', () => {
  assert.ok(Math.abs(routedLossBudget({ accuracy: 0.97, upper: 0.98, routedShare: 0.25 }, 0.95) - 0.08) < 1e-12);
  assert.equal(routedLossBudget({ accuracy: 0.94, upper: 0.96, routedShare: 0.25 }, 0.95), 0);
  assert.equal(routedLossBudget(null, 0.95), 0, 'the stream unknown: nothing to spend');
});

test('an entry stands for as many routed records as the verdicts say: two tiers answered it, one; else one per verdict', () => {
  // 100 records: 20 answered twice (all logged), 80 once, of which the 8 with a verdict are logged.
  const twice = Array.from({ length: 20 }, (_, i) => ({ ...syntheticEntry(i), verdict: i < 2 ? syntheticEntry(i).verdict : null }));
  for (const entry of twice) entry.attempts.push({ ...entry.attempts[0]!, tier: 'large' });
  const once = Array.from({ length: 8 }, (_, i) => {
    const entry = syntheticEntry(100 + i);
    return { ...entry, attempts: entry.attempts.slice(0, 1) };
  });
  const log = [...twice, ...once].map(trainingEntryOf);
  // Verdicts: 2 on twice-answered records, 8 on once-answered ones: a fifth of the records are answered twice.
  const weight = routedWeights(log, log);
  assert.equal(weight(log[5]!), 1);
  assert.equal(weight(log[20]!), 10);
  assert.equal(20 + 8 * weight(log[20]!), 100);
  const onlyOnce = log.slice(20);
  assert.equal(routedWeights(onlyOnce, onlyOnce)(onlyOnce[0]!), 1, 'without both kinds, every entry weighs 1');
});
