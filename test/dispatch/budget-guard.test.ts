import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { BudgetGuard } from '#src/dispatch/budget-guard.ts';
import {
  type BudgetLedger,
  EMPTY_LEDGER,
  memoryLedger,
  pruned,
  spentWithin,
  waitFor,
  withReservation,
  withSettlement,
} from '#src/dispatch/budget-ledger.ts';

const USD = 1e9;
const HOUR = 3_600_000;
const MINUTE = 60_000;

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
  await first.settle(0.1 * USD);
  const second = await budget.reserve(0.6 * USD);
  await second.settle(0.2 * USD);
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
  await first.settle(0.3 * USD);
  clock.advance(1_000);
  await (await second).settle(0);
  assert.equal(secondWent, true);
});

test('at the limit a call waits until the spend has left the rolling hour, then goes', async () => {
  const { budget, clock, waited } = guard({ usdPerHour: 1 });
  await (await budget.reserve(0.9 * USD)).settle(0.9 * USD);
  clock.advance(10 * 60_000);
  await (await budget.reserve(0.5 * USD)).settle(0.5 * USD);
  // The first spend leaves the window once its minute is an hour old: 51 minutes after the second.
  assert.ok(clock.now() >= HOUR + MINUTE && clock.now() <= HOUR + MINUTE + 1_000, `went at ${clock.now()}`);
  assert.ok(waited() >= 49 * 60_000);
});

test('the day limit holds beside the hour limit', async () => {
  const { budget, clock } = guard({ usdPerHour: 10, usdPerDay: 12 });
  await (await budget.reserve(10 * USD)).settle(10 * USD);
  clock.advance(2 * HOUR);
  await (await budget.reserve(1 * USD)).settle(1 * USD);
  assert.equal(clock.now(), 2 * HOUR, 'room in both windows');
  await (await budget.reserve(2 * USD)).settle(2 * USD);
  assert.ok(clock.now() >= 24 * HOUR + MINUTE, 'the day had no room until the first spend left it');
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
  assert.equal(budget.waiting, 2, 'both calls count as waiting for budget (the health check reads it)');
  stop.abort(new Error('shutting down'));
  await assert.rejects(aborted, /shutting down/);
  assert.equal(budget.waiting, 1, 'an aborted wait no longer counts');
});

test('without limits the guard is not limited and never waits', async () => {
  const { budget, clock } = guard({});
  assert.equal(budget.limited, false);
  assert.equal(budget.stopsAllSpend, false);
  await (await budget.reserve(1_000 * USD)).settle(1_000 * USD);
  assert.equal(clock.now(), 0);
});

test('guards sharing one ledger spend its limits once: the second waits for what the first reserved', async () => {
  const clock = manualClock(0, { sleepAdvances: false });
  const ledger = memoryLedger();
  const a = new BudgetGuard({ limits: { usdPerHour: 1, usdPerDay: undefined }, clock, ledger });
  const b = new BudgetGuard({ limits: { usdPerHour: 1, usdPerDay: undefined }, clock, ledger });
  const first = await a.reserve(0.7 * USD);
  let secondWent = false;
  const second = b.reserve(0.7 * USD).then((r) => {
    secondWent = true;
    return r;
  });
  clock.advance(2_000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(secondWent, false);
  assert.ok(b.pressure >= 0.7, `b saw the group's reservation (pressure ${b.pressure})`);
  await first.settle(0.2 * USD);
  clock.advance(1_000);
  await (await second).settle(0.7 * USD);
  assert.equal(secondWent, true);
});

test('a ledger that cannot be reached lets no call through; calls go once it answers', async () => {
  const clock = manualClock(0, { sleepAdvances: false });
  const inner = memoryLedger();
  let down = true;
  const unreachable: unknown[] = [];
  const flaky: BudgetLedger = {
    scope: 'flaky',
    update: (change) => (down ? Promise.reject(new Error('connection refused')) : inner.update(change)),
  };
  const budget = new BudgetGuard({
    limits: { usdPerHour: 1, usdPerDay: undefined },
    clock,
    ledger: flaky,
    observer: { unreachable: (e) => unreachable.push(e) },
  });
  let went = false;
  const call = budget.reserve(0.1 * USD).then((r) => {
    went = true;
    return r;
  });
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(1_000);
  }
  assert.equal(went, false);
  assert.ok(unreachable.length >= 3);
  down = false;
  clock.advance(1_000);
  await (await call).settle(0.1 * USD);
  assert.equal(went, true);
});

test('a reservation its process never settled lapses, and its room comes back', () => {
  const state = withReservation(EMPTY_LEDGER, 'crashed', 5, 1_000);
  const limits = [{ window: 'hour' as const, ms: HOUR, nanoUsd: 6 }];
  assert.ok(waitFor(state, limits, 500, 2, 1_000) > 0, 'held while it lasts');
  assert.equal(waitFor(pruned(state, 1_000, HOUR), limits, 1_000, 2, 1_000), 0, 'lapsed at its hold');
});

test('settled spend is kept per minute; reservations settled twice count once', () => {
  let state = withReservation(EMPTY_LEDGER, 'a', 10, 99_999);
  state = withReservation(state, 'b', 10, 99_999);
  state = withSettlement(state, 'a', 3, 61_000);
  state = withSettlement(state, 'b', 4, 62_000);
  assert.deepEqual(state.spent, [[60_000, 7]]);
  assert.deepEqual(state.reserved, {});
  assert.equal(spentWithin(state, 62_000, HOUR), 7);
  assert.equal(spentWithin(state, 60_000 + MINUTE + HOUR, HOUR), 0, 'gone once the whole minute left the hour');
  assert.equal(spentWithin(state, 60_000 + MINUTE + HOUR - 1, HOUR), 7, 'never early');
});
