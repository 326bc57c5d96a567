/**
 * Recovery times read from made-up samples of a group: commits resuming on every partition that
 * was waiting, and a rebalance settling on the expected number of members.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitsResumedAfter, lagOf, rebalancedAfter, type Sample } from './recovery.ts';

const sample = (t: number, committed: [number, number], state = 'Stable', members = 1): Sample => ({
  t,
  end: { 0: 100, 1: 100 },
  committed: { 0: committed[0], 1: committed[1] },
  state,
  members,
});

test('lag is what was produced and not committed, over all partitions', () => {
  assert.equal(lagOf(sample(0, [40, 100])), 60);
});

test('commits resume when every partition waiting after the fault has moved past where it stood', () => {
  const samples = [sample(9, [10, 10]), sample(11, [10, 10]), sample(12, [30, 10]), sample(15, [30, 11]), sample(16, [40, 20])];
  assert.equal(commitsResumedAfter(samples, 10), 5);
  assert.equal(commitsResumedAfter(samples, 11.5), 4.5, 'from the first sample after the fault: partition 0 must move past 30');
});

test('a partition with nothing waiting is not waited for; no recovery, or no sample after the fault, is undefined', () => {
  assert.equal(commitsResumedAfter([sample(1, [10, 100]), sample(2, [11, 100])], 1), 1);
  assert.equal(commitsResumedAfter([sample(1, [100, 100])], 1), 0);
  assert.equal(commitsResumedAfter([sample(1, [10, 10]), sample(5, [20, 10])], 1), undefined);
  assert.equal(commitsResumedAfter([sample(0, [20, 20])], 1), undefined);
});

test('a rebalance is over when the group is Stable with its new size and commits resumed after that', () => {
  const samples = [
    sample(0, [10, 10], 'Stable', 1),
    sample(1, [10, 10], 'PreparingRebalance', 1),
    sample(4, [10, 10], 'CompletingRebalance', 3),
    sample(5, [10, 10], 'Stable', 3),
    sample(7, [12, 10], 'Stable', 3),
    sample(8, [13, 14], 'Stable', 3),
  ];
  assert.equal(rebalancedAfter(samples, 0.5, 3), 7.5);
  assert.equal(rebalancedAfter(samples, 0.5, 2), undefined);
});
