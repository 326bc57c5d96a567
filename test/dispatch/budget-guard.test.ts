import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { BudgetGuard } from '#src/dispatch/budget-guard.ts';

const USD = 1e9;
const HOUR = 3_600_000;

/** `sleepAdvances`: a wait moves the clock itself and shows as the time that passed; else the test moves it. */
function guard(limits: { usdPerHour?: number; usdPerDay?: number }, sleepAdvances = true) {
  const clock = manualClock(0, { sleepAdvances });
  const spent: Record<string, number> = {};
  let waited = 0;
  const budget = new BudgetGuard({
    limits: { usdPerHour: limits.usdPerHour, usdPerDay: limits.usdPerDay },
    clock,
    observer: { spend: (window, nano) => (spent[window] = nano / USD), waited: (ms) => (waited += ms) },
  });
  return { budget, clock, spent, waited: () => waited };
}

test('under the limit a call goes at once; what it cost is what counts, not what it reserved', async () => {
  const { budget, clock, spent } = guard({ usdPerHour: 1 });
  const first = await budget.reserve(0.6 * USD);
  first.settle(0.1 * USD);
  const second = await budget.reserve(0.6 * USD);
  second.settle(0.2 * USD);
  assert.equal(clock.now(), 0);
  assert.ok(Math.abs(spent.hour! - 0.3) < 1e-9);
});

test('calls in flight together cannot pass the limit: the second waits for the first to settle', async () => {
  const { budget, clock } = guard({ usdPerHour: 1 }, false);
  const first = await budget.reserve(0.6 * USD);
  let secondWent = false;
  const second = budget.reserve(0.6 * USD).then((r) => {
    secondWent = true;
    return r;
  });
  clock.advance(5_000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(secondWent, false, 'no room while the first is in flight');
  // Settled for less than it reserved, the first leaves room at the next look.
  first.settle(0.3 * USD);
  clock.advance(1_000);
  (await second).settle(0);
  assert.equal(secondWent, true);
});

test('at the limit a call waits until the spend has left the rolling hour, then goes', async () => {
  const { budget, clock, waited } = guard({ usdPerHour: 1 });
  (await budget.reserve(0.9 * USD)).settle(0.9 * USD);
  clock.advance(10 * 60_000);
  (await budget.reserve(0.5 * USD)).settle(0.5 * USD);
  // The first spend leaves the window an hour after it was made, 50 minutes from the second.
  assert.ok(clock.now() >= HOUR && clock.now() <= HOUR + 1_000, `went at ${clock.now()}`);
  assert.ok(waited() >= 49 * 60_000);
});

test('the day limit holds beside the hour limit', async () => {
  const { budget, clock } = guard({ usdPerHour: 10, usdPerDay: 12 });
  (await budget.reserve(10 * USD)).settle(10 * USD);
  clock.advance(2 * HOUR);
  (await budget.reserve(1 * USD)).settle(1 * USD);
  assert.equal(clock.now(), 2 * HOUR, 'room in both windows');
  (await budget.reserve(2 * USD)).settle(2 * USD);
  assert.ok(clock.now() >= 24 * HOUR, 'the day had no room until the first spend left it');
});

test('a zero budget lets no call through, however long it waits; aborting the wait ends it', async () => {
  const { budget, clock } = guard({ usdPerHour: 0 }, false);
  assert.equal(budget.stopsAllSpend, true);
  const stop = new AbortController();
  let went = false;
  void budget.reserve(1).then(() => {
    went = true;
  });
  const aborted = budget.reserve(1, stop.signal);
  for (let hour = 0; hour < 48; hour++) {
    clock.advance(HOUR);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(went, false);
  stop.abort(new Error('shutting down'));
  await assert.rejects(aborted, /shutting down/);
});

test('without limits the guard is not limited and never waits', async () => {
  const { budget, clock } = guard({});
  assert.equal(budget.limited, false);
  assert.equal(budget.stopsAllSpend, false);
  (await budget.reserve(1_000 * USD)).settle(1_000 * USD);
  assert.equal(clock.now(), 0);
});
