/**
 * Time as a dependency: logic asks a Clock, so tests drive time instead of sleeping.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

export type Clock = {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `callback` once after `ms` unless the returned cancel function runs first. */
  schedule(callback: () => void, ms: number): () => void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(Math.max(0, ms), undefined, signal ? { signal } : undefined),
  schedule: (callback, ms) => {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

export type ManualClock = Clock & {
  /** Moves time forward, firing every timer and sleep that falls due, earliest first. */
  advance(ms: number): void;
};

/**
 * A clock that moves only when told to. With `sleepAdvances`, a sleep moves time itself (and
 * resolves at once): for code under test that only waits, such as retry backoff; without it,
 * sleeps and timers wait for `advance`, for code whose timing interleaves with the test's.
 */
export function manualClock(start = 0, options: { sleepAdvances?: boolean } = {}): ManualClock {
  let time = start;
  let timers: { at: number; seq: number; fire: () => void }[] = [];
  let seq = 0;
  const schedule = (fire: () => void, ms: number) => {
    const timer = { at: time + Math.max(0, ms), seq: seq++, fire };
    timers.push(timer);
    return () => {
      timers = timers.filter((t) => t !== timer);
    };
  };
  const advanceTo = (target: number) => {
    for (;;) {
      const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      time = Math.max(time, due.at);
      due.fire();
    }
    time = Math.max(time, target);
  };
  return {
    now: () => time,
    schedule,
    advance: (ms) => advanceTo(time + ms),
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (options.sleepAdvances) {
        advanceTo(time + Math.max(0, ms));
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const cancel = schedule(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          cancel();
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
