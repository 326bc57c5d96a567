import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ConsumerVitals, judgeLiveness, judgeReadiness } from '#src/runner/health.ts';

const limits = { heartbeatTimeoutMs: 18_000, joinTimeoutMs: 120_000, stallTimeoutMs: 600_000 };
const running: ConsumerVitals = {
  now: 1_000_000,
  failure: null,
  startedAt: 0,
  joinedAt: 10_000,
  rebalancingSince: null,
  lastHeartbeatAt: 999_000,
  oldestInFlightAt: 990_000,
  lastProgressAt: 995_000,
  waitingOnBudget: 0,
  stopping: false,
  producerConnected: true,
};

test('a member that beats and commits is alive and ready', () => {
  assert.deepEqual(judgeLiveness(running, limits), { ok: true, reason: 'alive' });
  assert.equal(judgeReadiness(running).ok, true);
});

test('a consumer that stopped for good is neither', () => {
  const crashed = { ...running, failure: 'the Kafka consumer crashed and will not restart' };
  assert.match(judgeLiveness(crashed, limits).reason, /^stopped: the Kafka consumer crashed/);
  assert.equal(judgeReadiness(crashed).ok, false);
});

test('no heartbeat past the timeout fails liveness', () => {
  const silent = { ...running, lastHeartbeatAt: running.now - 20_000 };
  assert.deepEqual(judgeLiveness(silent, limits), { ok: false, reason: 'no heartbeat to the group for 20 s' });
});

test('records held past the stall timeout with nothing committed fail liveness, unless the budget holds them', () => {
  const stalled = { ...running, oldestInFlightAt: running.now - 700_000, lastProgressAt: running.now - 650_000 };
  assert.match(judgeLiveness(stalled, limits).reason, /taken in 700 s ago and nothing committed for 650 s/);
  assert.deepEqual(judgeLiveness({ ...stalled, waitingOnBudget: 3 }, limits), { ok: true, reason: 'alive; 3 model calls wait for budget' });
  assert.equal(judgeLiveness({ ...stalled, lastProgressAt: running.now - 1_000 }, limits).ok, true, 'other windows still commit');
  assert.equal(judgeLiveness({ ...stalled, oldestInFlightAt: null }, limits).ok, true, 'nothing in flight, nothing stalled');
});

test('outside the group: not ready at once, not alive past the join timeout', () => {
  const joining = { ...running, joinedAt: null, startedAt: running.now - 5_000 };
  assert.equal(judgeReadiness(joining).reason, 'not yet in the consumer group');
  assert.equal(judgeLiveness(joining, limits).ok, true);
  assert.match(judgeLiveness({ ...joining, startedAt: running.now - 130_000 }, limits).reason, /not in the consumer group for 130 s/);
  const rebalancing = { ...running, rebalancingSince: running.now - 3_000 };
  assert.equal(judgeReadiness(rebalancing).reason, 'the group is rebalancing');
  assert.equal(judgeLiveness(rebalancing, limits).ok, true, 'a rebalance is not a death');
  assert.equal(judgeLiveness({ ...rebalancing, rebalancingSince: running.now - 121_000 }, limits).ok, false, 'one that never ends is');
  assert.equal(judgeReadiness({ ...running, producerConnected: false }).ok, false);
  assert.equal(judgeReadiness({ ...running, stopping: true }).reason, 'stopping');
});
