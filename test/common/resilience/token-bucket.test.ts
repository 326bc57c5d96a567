import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { RateLimiter } from '#src/common/resilience/token-bucket.ts';

test('requests beyond the per-minute limit wait for the bucket to refill', async () => {
  const clock = manualClock(0, { sleepAdvances: true });
  const limiter = new RateLimiter({ requestsPerMinute: 60, tokensPerMinute: 1_000_000 }, clock);
  for (let i = 0; i < 60; i += 1) await limiter.acquire(1);
  assert.equal(clock.now(), 0, 'a full bucket serves a burst');
  await limiter.acquire(1);
  assert.equal(clock.now(), 1_000, 'one request a second refills');
});

test('tokens per minute bound large calls; a call larger than the bucket waits for a full one', async () => {
  const clock = manualClock(0, { sleepAdvances: true });
  const limiter = new RateLimiter({ requestsPerMinute: 1_000, tokensPerMinute: 6_000 }, clock);
  await limiter.acquire(6_000);
  assert.equal(limiter.waitFor(3_000), 30_000);
  await limiter.acquire(10_000);
  assert.equal(clock.now(), 60_000);
});

test('callers are served in arrival order', async () => {
  const clock = manualClock(0, { sleepAdvances: true });
  const limiter = new RateLimiter({ requestsPerMinute: 1, tokensPerMinute: 100 }, clock);
  const order: number[] = [];
  await Promise.all([1, 2, 3].map((n) => limiter.acquire(1).then(() => order.push(n))));
  assert.deepEqual(order, [1, 2, 3]);
});
