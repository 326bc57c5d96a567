/**
 * A circuit breaker per provider and model: after `failureThreshold` consecutive failed calls it
 * opens and refuses calls for `cooldownMs`, so a provider that is down costs no time; then one
 * trial call is let through (half-open) and its outcome closes or reopens the circuit.
 */
import type { Clock } from '../clock.ts';

export type CircuitOptions = { failureThreshold: number; cooldownMs: number };

export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  readonly #options: CircuitOptions;
  readonly #clock: Clock;
  #failures = 0;
  #openedAt: number | undefined;
  #trialInFlight = false;

  constructor(options: CircuitOptions, clock: Clock) {
    this.#options = options;
    this.#clock = clock;
  }

  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#clock.now() - this.#openedAt >= this.#options.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may start now; in half-open, only one trial at a time. */
  tryEnter(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#trialInFlight = false;
  }

  failed(): void {
    this.#failures += 1;
    if (this.#trialInFlight || this.#failures >= this.#options.failureThreshold) this.#openedAt = this.#clock.now();
    this.#trialInFlight = false;
  }
}
