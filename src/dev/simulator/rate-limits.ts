/**
 * Rate-limit headers as the providers send them, from per-model counters over one-minute windows.
 * The simulator reports limits but never enforces them (inject a '429' fault for that), so a
 * client that paces itself by the headers can be tested without being throttled.
 */
const WINDOW_MS = 60_000;

/** Per-minute limits reported for every model; plausible paid-tier figures. */
export const REPORTED_LIMITS = { requests: 5_000, inputTokens: 2_000_000, outputTokens: 400_000 } as const;

type Window = { startedAt: number; requests: number; inputTokens: number; outputTokens: number };

export type RateUse = { requests: number; inputTokens: number; outputTokens: number; resetMs: number; resetAt: number };

export class RateWindows {
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Counts one call of `model` and returns the window's use after it. */
  record(model: string, inputTokens: number, outputTokens: number): RateUse {
    const now = this.#now();
    let window = this.#windows.get(model);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, requests: 0, inputTokens: 0, outputTokens: 0 };
      this.#windows.set(model, window);
    }
    window.requests += 1;
    window.inputTokens += inputTokens;
    window.outputTokens += outputTokens;
    const resetAt = window.startedAt + WINDOW_MS;
    return { ...window, resetMs: resetAt - now, resetAt };
  }
}

const remaining = (limit: number, used: number) => String(Math.max(0, limit - used));
const duration = (ms: number) => (ms < 1000 ? `${Math.round(ms)}ms` : `${Math.round(ms / 1000)}s`);

export function openaiRateHeaders(use: RateUse): Record<string, string> {
  const tokenLimit = REPORTED_LIMITS.inputTokens + REPORTED_LIMITS.outputTokens;
  return {
    'x-ratelimit-limit-requests': String(REPORTED_LIMITS.requests),
    'x-ratelimit-limit-tokens': String(tokenLimit),
    'x-ratelimit-remaining-requests': remaining(REPORTED_LIMITS.requests, use.requests),
    'x-ratelimit-remaining-tokens': remaining(tokenLimit, use.inputTokens + use.outputTokens),
    'x-ratelimit-reset-requests': duration(use.resetMs),
    'x-ratelimit-reset-tokens': duration(use.resetMs),
  };
}

export function anthropicRateHeaders(use: RateUse): Record<string, string> {
  const reset = new Date(use.resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const tokenLimit = REPORTED_LIMITS.inputTokens + REPORTED_LIMITS.outputTokens;
  return {
    'anthropic-ratelimit-requests-limit': String(REPORTED_LIMITS.requests),
    'anthropic-ratelimit-requests-remaining': remaining(REPORTED_LIMITS.requests, use.requests),
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-tokens-limit': String(tokenLimit),
    'anthropic-ratelimit-tokens-remaining': remaining(tokenLimit, use.inputTokens + use.outputTokens),
    'anthropic-ratelimit-tokens-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': String(REPORTED_LIMITS.inputTokens),
    'anthropic-ratelimit-input-tokens-remaining': remaining(REPORTED_LIMITS.inputTokens, use.inputTokens),
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': String(REPORTED_LIMITS.outputTokens),
    'anthropic-ratelimit-output-tokens-remaining': remaining(REPORTED_LIMITS.outputTokens, use.outputTokens),
    'anthropic-ratelimit-output-tokens-reset': reset,
  };
}
