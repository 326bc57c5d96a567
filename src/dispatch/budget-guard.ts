/**
 * The spending limits (`budget.usdPerHour`, `budget.usdPerDay`): every model call reserves its
 * cost before it is sent — its prompt's tokens and its most output at its model's price — so calls
 * in flight at once cannot together pass a limit, and settles it from the usage the provider
 * reported once it is over. A call whose reservation would take the spend of the last hour or day
 * past its limit waits until enough of that spend has left the window; the window waiting stops
 * taking records, the runner's in-flight bound fills and the consumer pauses: nothing is dropped
 * or dead-lettered, lag grows, and work resumes as the window rolls.
 *
 * The ledger is a port (budget-ledger.ts): one process's own, or one shared by every instance of
 * a consumer group, so N instances together spend the budget once. A ledger that cannot be
 * reached lets no call through (money is not spent blind); calls wait and look again.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import {
  type BudgetLedger,
  type LedgerLimit,
  memoryLedger,
  pruned,
  reservedNow,
  spentWithin,
  waitFor,
  withReservation,
  withSettlement,
} from './budget-ledger.ts';

export type BudgetLimits = { usdPerHour: number | undefined; usdPerDay: number | undefined };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A wait looks again at least this often: a settled reservation may free room before the window rolls. */
const RECHECK_MS = 1_000;
/**
 * How long a reservation holds if its process never settles it (it crashed mid-call): past the
 * longest real-time call with its retries, and past a batch's 24-hour completion window.
 */
export const RESERVATION_HOLD_MS = { realTime: 15 * 60_000, batch: 25 * HOUR_MS };
/** Settling is retried this many times when the ledger cannot be reached; then the reservation lapses. */
const SETTLE_ATTEMPTS = 5;

export type Reservation = {
  /** Replaces the reserved amount by what the call cost (0 when it was not billed). */
  settle(nanoUsd: number): Promise<void>;
};

export type BudgetObserver = {
  /** Nano-USD spent and reserved in the window (by the whole ledger), after every change. */
  spend?(window: 'hour' | 'day', spentNano: number, reservedNano: number): void;
  /** Milliseconds a call waited for room. */
  waited?(ms: number): void;
  /** The fullest window's share of its limit, after every change (see `pressure`). */
  pressure?(ratio: number): void;
  /** The ledger could not be read or written; calls wait meanwhile. */
  unreachable?(error: unknown): void;
};

export class BudgetGuard {
  readonly #limits: LedgerLimit[];
  readonly #clock: Clock;
  readonly #observer: BudgetObserver;
  readonly #ledger: BudgetLedger;
  #pressure = 0;
  #waiting = 0;

  constructor(options: { limits: BudgetLimits; clock: Clock; observer?: BudgetObserver; ledger?: BudgetLedger }) {
    const { usdPerHour, usdPerDay } = options.limits;
    this.#limits = [
      ...(usdPerHour !== undefined ? [{ window: 'hour' as const, ms: HOUR_MS, nanoUsd: Math.round(usdPerHour * 1e9) }] : []),
      ...(usdPerDay !== undefined ? [{ window: 'day' as const, ms: DAY_MS, nanoUsd: Math.round(usdPerDay * 1e9) }] : []),
    ];
    this.#clock = options.clock;
    this.#observer = options.observer ?? {};
    this.#ledger = options.ledger ?? memoryLedger();
  }

  get limited(): boolean {
    return this.#limits.length > 0;
  }

  /** Where the spend is counted: this process, or the ledger the consumer group shares. */
  get scope(): string {
    return this.#ledger.scope;
  }

  /** A limit of 0: no call will ever get room (callers say so at start). */
  get stopsAllSpend(): boolean {
    return this.#limits.some((l) => l.nanoUsd === 0);
  }

  /** The fullest window's share of its limit (spent and reserved), as last seen: 0 empty, 1 full. */
  get pressure(): number {
    return this.#pressure;
  }

  /** Calls waiting for room now: the health check tells a budget wait from a stall by it. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Reserves `nanoUsd` for one call, waiting while any window has no room for it. */
  async reserve(nanoUsd: number, signal?: AbortSignal, holdMs = RESERVATION_HOLD_MS.realTime): Promise<Reservation> {
    const started = this.#clock.now();
    const id = randomUUID();
    let counted = false;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const wait = await this.#tryReserve(id, nanoUsd, holdMs);
        if (wait === 0) break;
        if (!counted) this.#waiting += 1;
        counted = true;
        await this.#clock.sleep(Math.min(wait, RECHECK_MS), signal);
      }
    } finally {
      if (counted) this.#waiting -= 1;
    }
    const waited = this.#clock.now() - started;
    if (waited > 0) this.#observer.waited?.(waited);
    return { settle: (cost) => this.#settle(id, cost) };
  }

  /** 0 once reserved; else how long to wait before the next look. */
  async #tryReserve(id: string, nanoUsd: number, holdMs: number): Promise<number> {
    try {
      return await this.#ledger.update((state) => {
        const now = this.#clock.now();
        const current = pruned(state, now, DAY_MS);
        const wait = waitFor(current, this.#limits, now, nanoUsd, RECHECK_MS);
        const next = wait === 0 ? withReservation(current, id, nanoUsd, now + holdMs) : current;
        this.#report(next, now);
        return { state: wait === 0 ? next : undefined, result: wait };
      });
    } catch (error) {
      this.#observer.unreachable?.(error);
      return RECHECK_MS;
    }
  }

  async #settle(id: string, cost: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#ledger.update((state) => {
          const now = this.#clock.now();
          if (!(id in state.reserved)) return { result: undefined };
          const next = withSettlement(pruned(state, now, DAY_MS), id, cost, now);
          this.#report(next, now);
          return { state: next, result: undefined };
        });
        return;
      } catch (error) {
        this.#observer.unreachable?.(error);
        // Past the last attempt the reservation lapses at its hold: the group under-counts this one call.
        if (attempt >= SETTLE_ATTEMPTS) return;
        await this.#clock.sleep(RECHECK_MS * attempt);
      }
    }
  }

  #report(state: Parameters<typeof spentWithin>[0], now: number): void {
    const reserved = reservedNow(state, now);
    let pressure = 0;
    for (const limit of this.#limits) {
      const spent = spentWithin(state, now, limit.ms);
      pressure = Math.max(pressure, limit.nanoUsd === 0 ? 1 : (spent + reserved) / limit.nanoUsd);
      this.#observer.spend?.(limit.window, spent, reserved);
    }
    this.#pressure = pressure;
    this.#observer.pressure?.(pressure);
  }
}
