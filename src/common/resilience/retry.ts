/**
 * The one retry helper: exponential backoff with full jitter, honouring a server's Retry-After,
 * within a total time budget. It ends in a RetryExhaustedError holding every attempt's error.
 */
import type { Clock } from '../clock.ts';

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No new attempt starts when it would begin after this much time since the first. */
  budgetMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8_000, budgetMs: 60_000 };

export type Retryable = { retryable: boolean; retryAfterMs?: number | undefined };

export class RetryExhaustedError<E> extends Error {
  readonly errors: E[];
  constructor(errors: E[]) {
    super(`gave up after ${errors.length} attempt(s): ${(errors.at(-1) as Error | undefined)?.message ?? 'unknown error'}`);
    this.name = 'RetryExhaustedError';
    this.errors = errors;
  }
  get last(): E {
    return this.errors.at(-1)!;
  }
}

/** Delay before attempt `attempt + 1`: the server's word when it gave one, else jittered backoff. */
export function backoffDelay(policy: RetryPolicy, attempt: number, error: Retryable, random: () => number): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, policy.budgetMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

export async function retry<T, E extends Retryable>(
  operation: (attempt: number) => Promise<T>,
  options: { policy: RetryPolicy; clock: Clock; classify: (error: unknown) => E; random?: () => number; signal?: AbortSignal },
): Promise<T> {
  const { policy, clock } = options;
  const random = options.random ?? Math.random;
  const started = clock.now();
  const errors: E[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (thrown) {
      const error = options.classify(thrown);
      errors.push(error);
      if (!error.retryable || attempt >= policy.maxAttempts || options.signal?.aborted) throw new RetryExhaustedError(errors);
      const delay = backoffDelay(policy, attempt, error, random);
      if (clock.now() + delay - started > policy.budgetMs) throw new RetryExhaustedError(errors);
      await clock.sleep(delay, options.signal);
    }
  }
}
