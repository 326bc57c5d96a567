/**
 * The spending limits (`budget.usdPerHour`, `budget.usdPerDay`): every model call reserves its
 * cost before it is sent — its prompt's tokens and its most output at its model's price — so calls
 * in flight at once cannot together pass a limit, and settles it from the usage the provider
 * reported once it is over. A call whose reservation would take the spend of the last hour or day
 * past its limit waits until enough of that spend has left the window; the window waiting stops
 * taking records, the runner's in-flight bound fills and the consumer pauses: nothing is dropped
 * or dead-lettered, lag grows, and work resumes as the window rolls.
 *
 * This guard keeps the ledger of one process. Deliberately left out, for the group-wide ledger
 * that must come next: sharing the limits between the instances of a consumer group.
 */
import type { Clock } from '../common/clock.ts';

export type BudgetLimits = { usdPerHour: number | undefined; usdPerDay: number | undefined };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A wait looks again at least this often: a settled reservation may free room before the window rolls. */
const RECHECK_MS = 1_000;

type Entry = { at: number; nanoUsd: number };

export type Reservation = {
  /** Replaces the reserved amount by what the call cost (0 when it was not billed). */
  settle(nanoUsd: number): void;
};

export type BudgetObserver = {
  /** Nano-USD spent and reserved in the window, after every change. */
  spend?(window: 'hour' | 'day', spentNano: number, reservedNano: number): void;
  /** Milliseconds a call waited for room. */
  waited?(ms: number): void;
};

export class BudgetGuard {
  readonly #limits: { window: 'hour' | 'day'; ms: number; nanoUsd: number }[];
  readonly #clock: Clock;
  readonly #observer: BudgetObserver;
  readonly #spent: Entry[] = [];
  readonly #reserved = new Set<Entry>();

  constructor(options: { limits: BudgetLimits; clock: Clock; observer?: BudgetObserver }) {
    const { usdPerHour, usdPerDay } = options.limits;
    this.#limits = [
      ...(usdPerHour !== undefined ? [{ window: 'hour' as const, ms: HOUR_MS, nanoUsd: Math.round(usdPerHour * 1e9) }] : []),
      ...(usdPerDay !== undefined ? [{ window: 'day' as const, ms: DAY_MS, nanoUsd: Math.round(usdPerDay * 1e9) }] : []),
    ];
    this.#clock = options.clock;
    this.#observer = options.observer ?? {};
  }

  get limited(): boolean {
    return this.#limits.length > 0;
  }

  /** A limit of 0: no call will ever get room (callers say so at start). */
  get stopsAllSpend(): boolean {
    return this.#limits.some((l) => l.nanoUsd === 0);
  }

  /** Reserves `nanoUsd` for one call, waiting while any window has no room for it. */
  async reserve(nanoUsd: number, signal?: AbortSignal): Promise<Reservation> {
    const started = this.#clock.now();
    for (;;) {
      const wait = this.#waitFor(nanoUsd);
      if (wait === 0) break;
      await this.#clock.sleep(Math.min(wait, RECHECK_MS), signal);
    }
    const waited = this.#clock.now() - started;
    if (waited > 0) this.#observer.waited?.(waited);
    const entry: Entry = { at: this.#clock.now(), nanoUsd };
    this.#reserved.add(entry);
    this.#report();
    return {
      settle: (cost) => {
        if (!this.#reserved.delete(entry)) return;
        if (cost > 0) this.#spent.push({ at: this.#clock.now(), nanoUsd: cost });
        this.#report();
      },
    };
  }

  /** Milliseconds until every window has room for `nanoUsd` more (0: now). A limit below one call's cost waits for an empty window. */
  #waitFor(nanoUsd: number): number {
    const now = this.#clock.now();
    this.#forget(now);
    let wait = 0;
    const reserved = this.#reservedNano();
    for (const limit of this.#limits) {
      const inWindow = this.#spent.filter((e) => e.at > now - limit.ms);
      let used = inWindow.reduce((sum, e) => sum + e.nanoUsd, 0) + reserved;
      // A call dearer than the whole limit goes alone, into an otherwise empty window.
      const need = Math.min(nanoUsd, limit.nanoUsd);
      if (limit.nanoUsd === 0) return Number.POSITIVE_INFINITY;
      if (used + need <= limit.nanoUsd) continue;
      // The soonest the oldest spend leaves enough room; reservations free room only when settled.
      let until = RECHECK_MS;
      for (const e of inWindow) {
        used -= e.nanoUsd;
        until = e.at + limit.ms - now;
        if (used + need <= limit.nanoUsd) break;
      }
      wait = Math.max(wait, Math.max(1, until));
    }
    return wait;
  }

  #reservedNano(): number {
    return [...this.#reserved].reduce((sum, e) => sum + e.nanoUsd, 0);
  }

  #forget(now: number): void {
    const horizon = now - Math.max(0, ...this.#limits.map((l) => l.ms));
    while (this.#spent.length > 0 && this.#spent[0]!.at <= horizon) this.#spent.shift();
  }

  #report(): void {
    const now = this.#clock.now();
    const reserved = this.#reservedNano();
    for (const limit of this.#limits) {
      const spent = this.#spent.filter((e) => e.at > now - limit.ms).reduce((sum, e) => sum + e.nanoUsd, 0);
      this.#observer.spend?.(limit.window, spent, reserved);
    }
  }
}
