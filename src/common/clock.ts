/**
 * Time as a dependency: logic asks a Clock, so tests drive time instead of sleeping.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

export type Clock = {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(Math.max(0, ms), undefined, signal ? { signal } : undefined),
};

/** A clock that moves only when told to, or when something sleeps on it. */
export function manualClock(start = 0): Clock & { advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => { time += ms; },
    sleep: async (ms) => { time += Math.max(0, ms); },
  };
}
