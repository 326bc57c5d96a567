/**
 * The ledger the budget guard keeps: what was spent, minute by minute, and what calls in flight
 * have reserved. Its arithmetic is pure (functions of a state and a time); where the state lives
 * is the `BudgetLedger` port: in this process (`memoryLedger`, for one process such as `extract`),
 * or in one Elasticsearch document every instance of a consumer group reads and writes with
 * optimistic concurrency (elasticsearch-ledger.ts), so the group shares one budget.
 */

export type LedgerState = {
  /** Settled spend per minute, oldest first: [minute start in epoch ms, nano-USD]. */
  spent: [number, number][];
  /** Reservations of calls in flight, by id. A reservation its process never settled lapses at `until`. */
  reserved: Record<string, { nanoUsd: number; until: number }>;
};

export type LedgerLimit = { window: 'hour' | 'day'; ms: number; nanoUsd: number };

/**
 * Where the ledger lives. `update` reads the state, applies `change` and writes what it returns,
 * atomically against every other writer; `change` may run more than once (after a concurrent
 * write), so it must be pure. A change returning no state writes nothing.
 */
export type BudgetLedger = {
  /** Says where the ledger is, for the start-up line. */
  readonly scope: string;
  update<T>(change: (state: LedgerState) => { state?: LedgerState; result: T }): Promise<T>;
};

export const EMPTY_LEDGER: LedgerState = { spent: [], reserved: {} };

const MINUTE_MS = 60_000;

/**
 * Spend counts in a window until its minute has wholly left it: a minute's spend may leave up to a
 * minute late, never early, so a window never holds more than its limit.
 */
const inWindow = (minute: number, now: number, ms: number) => minute + MINUTE_MS > now - ms;

export function spentWithin(state: LedgerState, now: number, ms: number): number {
  return state.spent.reduce((sum, [minute, nano]) => (inWindow(minute, now, ms) ? sum + nano : sum), 0);
}

export function reservedNow(state: LedgerState, now: number): number {
  return Object.values(state.reserved).reduce((sum, r) => (r.until > now ? sum + r.nanoUsd : sum), 0);
}

/** Milliseconds until every limit has room for `nanoUsd` more (0: now). A call dearer than a whole limit waits for an empty window. */
export function waitFor(state: LedgerState, limits: readonly LedgerLimit[], now: number, nanoUsd: number, recheckMs: number): number {
  const reserved = reservedNow(state, now);
  let wait = 0;
  for (const limit of limits) {
    if (limit.nanoUsd === 0) return Number.POSITIVE_INFINITY;
    const need = Math.min(nanoUsd, limit.nanoUsd);
    let used = spentWithin(state, now, limit.ms) + reserved;
    if (used + need <= limit.nanoUsd) continue;
    // The soonest the oldest minutes leave enough room; reservations free room only when settled.
    let until = recheckMs;
    for (const [minute, nano] of state.spent) {
      if (!inWindow(minute, now, limit.ms)) continue;
      used -= nano;
      until = minute + MINUTE_MS + limit.ms - now;
      if (used + need <= limit.nanoUsd) break;
    }
    wait = Math.max(wait, Math.max(1, until));
  }
  return wait;
}

/** The state without minutes older than the longest window nor lapsed reservations. */
export function pruned(state: LedgerState, now: number, horizonMs: number): LedgerState {
  const reserved = Object.fromEntries(Object.entries(state.reserved).filter(([, r]) => r.until > now));
  return { spent: state.spent.filter(([minute]) => inWindow(minute, now, horizonMs)), reserved };
}

export function withReservation(state: LedgerState, id: string, nanoUsd: number, until: number): LedgerState {
  return { spent: state.spent, reserved: { ...state.reserved, [id]: { nanoUsd, until } } };
}

/** The reservation `id` replaced by what the call cost, in the minute of `now`. */
export function withSettlement(state: LedgerState, id: string, nanoUsd: number, now: number): LedgerState {
  const { [id]: _settled, ...reserved } = state.reserved;
  if (nanoUsd <= 0) return { spent: state.spent, reserved };
  const minute = now - (now % MINUTE_MS);
  const spent = state.spent.map((entry): [number, number] => [entry[0], entry[1]]);
  const last = spent.at(-1);
  if (last && last[0] === minute) last[1] += nanoUsd;
  else {
    spent.push([minute, nanoUsd]);
    spent.sort((a, b) => a[0] - b[0]);
  }
  return { spent, reserved };
}

/** The ledger of one process. */
export function memoryLedger(): BudgetLedger {
  let state = EMPTY_LEDGER;
  return {
    scope: 'this process',
    async update(change) {
      const changed = change(state);
      if (changed.state) state = changed.state;
      return changed.result;
    },
  };
}
