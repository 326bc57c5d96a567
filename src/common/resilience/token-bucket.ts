/**
 * A provider's per-minute limits on requests and tokens, as token buckets refilled
 * continuously. `acquire` waits until both buckets can pay, so calls stay under the limits
 * instead of collecting 429s. The limits are an account's, shared by every process using it:
 * `share` scales this process's buckets to its part (the Kafka service gives each instance the
 * part of the input topic's partitions it holds, so the group's parts sum to the whole).
 */
import type { Clock } from '../clock.ts';

export type RateLimits = {
  requestsPerMinute: number;
  tokensPerMinute: number;
};

type Bucket = { capacity: number; level: number; perMs: number };

export class RateLimiter {
  readonly #clock: Clock;
  readonly #limits: RateLimits;
  readonly #requests: Bucket;
  readonly #tokens: Bucket;
  #updatedAt: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(limits: RateLimits, clock: Clock) {
    this.#clock = clock;
    this.#limits = limits;
    this.#requests = bucket(limits.requestsPerMinute);
    this.#tokens = bucket(limits.tokensPerMinute);
    this.#updatedAt = clock.now();
  }

  /**
   * Waits for one request and `tokens` tokens. Callers are served in order, so a large request
   * is not starved by small ones. A request larger than the bucket waits for a full bucket.
   */
  acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(tokens, signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Scales both buckets to `fraction` (0..1] of the limits; what is left in them stays, up to the new capacity. */
  share(fraction: number): void {
    this.#refill();
    const scaled = (b: Bucket, perMinute: number) => {
      b.capacity = perMinute * fraction;
      b.perMs = b.capacity / 60_000;
      b.level = Math.min(b.level, b.capacity);
    };
    scaled(this.#requests, this.#limits.requestsPerMinute);
    scaled(this.#tokens, this.#limits.tokensPerMinute);
  }

  /** Milliseconds until `tokens` could be taken now; 0 when they can. */
  waitFor(tokens: number): number {
    this.#refill();
    const need = (b: Bucket, amount: number) => Math.max(0, Math.min(amount, b.capacity) - b.level) / b.perMs;
    return Math.ceil(Math.max(need(this.#requests, 1), need(this.#tokens, tokens)));
  }

  async #take(tokens: number, signal?: AbortSignal): Promise<void> {
    for (let wait = this.waitFor(tokens); wait > 0; wait = this.waitFor(tokens)) {
      await this.#clock.sleep(wait, signal);
    }
    this.#requests.level -= 1;
    this.#tokens.level -= Math.min(tokens, this.#tokens.capacity);
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    for (const b of [this.#requests, this.#tokens]) b.level = Math.min(b.capacity, b.level + elapsed * b.perMs);
  }
}

function bucket(perMinute: number): Bucket {
  return { capacity: perMinute, level: perMinute, perMs: perMinute / 60_000 };
}
