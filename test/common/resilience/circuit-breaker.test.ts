import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { CircuitBreaker } from '#src/common/resilience/circuit-breaker.ts';

test('opens after consecutive failures, half-opens after the cooldown, closes on a good trial', () => {
  const clock = manualClock(0, { sleepAdvances: true });
  const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000 }, clock);
  breaker.failed();
  breaker.failed();
  assert.equal(breaker.state, 'closed');
  breaker.failed();
  assert.equal(breaker.state, 'open');
  assert.equal(breaker.tryEnter(), false);
  clock.advance(1_000);
  assert.equal(breaker.state, 'half-open');
  assert.equal(breaker.tryEnter(), true);
  assert.equal(breaker.tryEnter(), false, 'one trial at a time');
  breaker.succeeded();
  assert.equal(breaker.state, 'closed');
});

test('a failed trial reopens at once; a success resets the count', () => {
  const clock = manualClock(0, { sleepAdvances: true });
  const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 500 }, clock);
  breaker.failed();
  breaker.succeeded();
  breaker.failed();
  assert.equal(breaker.state, 'closed');
  breaker.failed();
  clock.advance(500);
  assert.ok(breaker.tryEnter());
  breaker.failed();
  assert.equal(breaker.state, 'open');
});
