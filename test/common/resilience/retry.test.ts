import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { backoffDelay, type RetryExhaustedError, type RetryPolicy, retry } from '#src/common/resilience/retry.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, budgetMs: 10_000 };
type E = { retryable: boolean; retryAfterMs?: number; message: string };
const classify = (e: unknown) => e as E;

test('retries retryable failures with backoff, then succeeds', async () => {
  const clock = manualClock(0, { sleepAdvances: true });
  let calls = 0;
  const value = await retry(
    async () => {
      calls += 1;
      if (calls < 3) throw { retryable: true, message: 'busy' };
      return 'ok';
    },
    { policy, clock, classify, random: () => 1 },
  );
  assert.equal(value, 'ok');
  assert.equal(calls, 3);
  assert.equal(clock.now(), 100 + 200, 'full-jitter ceiling doubles: 100 then 200');
});

test('Retry-After wins over backoff', async () => {
  const clock = manualClock(0, { sleepAdvances: true });
  let calls = 0;
  await retry(
    async () => {
      if (++calls === 1) throw { retryable: true, retryAfterMs: 2_500, message: '429' };
      return 'ok';
    },
    { policy, clock, classify, random: () => 0 },
  );
  assert.equal(clock.now(), 2_500);
});

test('a non-retryable error stops at once; exhaustion keeps every attempt', async () => {
  const clock = manualClock(0, { sleepAdvances: true });
  await assert.rejects(
    retry(
      async () => {
        throw { retryable: false, message: 'bad request' };
      },
      { policy, clock, classify },
    ),
    (e: RetryExhaustedError<E>) => e.errors.length === 1 && e.last.message === 'bad request',
  );
  await assert.rejects(
    retry(
      async () => {
        throw { retryable: true, message: 'down' };
      },
      { policy, clock, classify },
    ),
    (e: RetryExhaustedError<E>) => e.errors.length === 4 && /gave up after 4 attempt/.test(e.message),
  );
});

test('the time budget ends retries even when attempts remain', async () => {
  const clock = manualClock(0, { sleepAdvances: true });
  let calls = 0;
  await assert.rejects(
    retry(
      async () => {
        calls += 1;
        throw { retryable: true, retryAfterMs: 6_000, message: 'wait' };
      },
      { policy, clock, classify },
    ),
  );
  assert.equal(calls, 2, 'the third attempt would start after 12 s > 10 s budget');
});

test('backoff is capped and jittered within its ceiling', () => {
  assert.equal(
    backoffDelay(policy, 10, { retryable: true }, () => 1),
    1_000,
  );
  assert.equal(
    backoffDelay(policy, 2, { retryable: true }, () => 0.5),
    100,
  );
});
