/**
 * Failures by rate over a stretch of time, where faults.ts queues them by count: "20 % of calls
 * answer 429, 500 or time out for a minute", "Anthropic is down for 45 s". A fault suite injects
 * these while the service runs, at whatever request rate it happens to have.
 *
 * Which requests fail is drawn from the seed and the request's place in the window (the n-th
 * matching request of the k-th window), so a replay that sends the same requests in the same
 * order sees the same failures, however long the requests take.
 */
import { type ActiveFault, FAULT_KINDS, type FaultKind } from './faults.ts';
import { unit } from './seeded.ts';

/** Each provider's API paths: a provider that is down fails all of them. */
export const PROVIDER_PATHS = { openai: ['/v1/chat/completions', '/v1/embeddings'], anthropic: ['/v1/messages'] } as const;
export type ProviderName = keyof typeof PROVIDER_PATHS;

export type FaultWindowPlan = {
  /** Share of the matching requests that fail, from 0 to 1. */
  rate: number;
  /** What a failing request suffers, drawn evenly from these (FaultKind, e.g. '429', '500', 'timeout'). */
  kinds: readonly FaultKind[];
  /** How long the window stays open from the moment it is added, in milliseconds. */
  forMs: number;
  /** Retry-After of a '429', in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Only requests for this model. Default: any model. */
  model?: string;
  /** Only requests to this path. Default: any API path. */
  path?: string;
};

/** A provider that refuses every request as overloaded (529; 503 on OpenAI's paths) for a while. */
export type DownPlan = { down: ProviderName; forMs: number };

type OpenWindow = {
  index: number;
  rate: number;
  kinds: readonly FaultKind[];
  until: number;
  retryAfterSeconds: number;
  model: string | undefined;
  paths: readonly string[] | undefined;
  seen: number;
};

const isNumberIn = (value: unknown, min: number, max: number) => typeof value === 'number' && value >= min && value <= max;

/** Checks a window plan from an untrusted source; returns the reason it is wrong. */
export function faultWindowPlanProblem(plan: unknown): string | undefined {
  if (typeof plan !== 'object' || plan === null) return 'a fault window must be a JSON object';
  const { rate, kinds, forMs, retryAfterSeconds, model, path } = plan as Record<string, unknown>;
  if (!isNumberIn(rate, 0, 1)) return 'rate must be a number from 0 to 1';
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => FAULT_KINDS.includes(k as FaultKind))) {
    return `kinds must be a non-empty array of ${FAULT_KINDS.join(', ')}`;
  }
  if (!isNumberIn(forMs, 1, Number.MAX_SAFE_INTEGER)) return 'forMs must be a positive number of milliseconds';
  if (retryAfterSeconds !== undefined && !isNumberIn(retryAfterSeconds, 0, Number.MAX_SAFE_INTEGER)) {
    return 'retryAfterSeconds must be a number ≥ 0';
  }
  if (model !== undefined && typeof model !== 'string') return 'model must be a string';
  if (path !== undefined && typeof path !== 'string') return 'path must be a string';
  return undefined;
}

/** Checks a down plan from an untrusted source; returns the reason it is wrong. */
export function downPlanProblem(plan: unknown): string | undefined {
  if (typeof plan !== 'object' || plan === null) return 'a down plan must be a JSON object';
  const { down, forMs } = plan as Record<string, unknown>;
  if (typeof down !== 'string' || !(down in PROVIDER_PATHS)) return `down must be ${Object.keys(PROVIDER_PATHS).join(' or ')}`;
  if (!isNumberIn(forMs, 1, Number.MAX_SAFE_INTEGER)) return 'forMs must be a positive number of milliseconds';
  return undefined;
}

export class FaultWindows {
  readonly #seed: number;
  readonly #now: () => number;
  #open: OpenWindow[] = [];
  #added = 0;

  constructor(options: { seed: number; now: () => number }) {
    this.#seed = options.seed;
    this.#now = options.now;
  }

  /** Opens a window now; it closes `forMs` later. */
  add(plan: FaultWindowPlan | DownPlan): void {
    const problem = 'down' in plan ? downPlanProblem(plan) : faultWindowPlanProblem(plan);
    if (problem) throw new TypeError(`invalid fault window: ${problem}`);
    const window =
      'down' in plan
        ? { rate: 1, kinds: ['529'] as const, retryAfterSeconds: 1, model: undefined, paths: PROVIDER_PATHS[plan.down] }
        : {
            rate: plan.rate,
            kinds: [...plan.kinds],
            retryAfterSeconds: plan.retryAfterSeconds ?? 1,
            model: plan.model,
            paths: plan.path === undefined ? undefined : [plan.path],
          };
    this.#open.push({ ...window, index: this.#added++, until: this.#now() + plan.forMs, seen: 0 });
  }

  /** The fault this request suffers from an open window, if any; the first matching window decides. */
  take(request: { path: string; model: string | undefined }): ActiveFault | undefined {
    const now = this.#now();
    this.#open = this.#open.filter((window) => window.until > now);
    const window = this.#open.find(
      (w) => (w.paths === undefined || w.paths.includes(request.path)) && (w.model === undefined || w.model === request.model),
    );
    if (!window) return undefined;
    const n = window.seen++;
    if (unit(this.#seed, 'fault-window', window.index, n) >= window.rate) return undefined;
    const kind = window.kinds[Math.floor(unit(this.#seed, 'fault-window-kind', window.index, n) * window.kinds.length)]!;
    return { kind, retryAfterSeconds: window.retryAfterSeconds };
  }

  /** Windows still open. */
  get open(): number {
    const now = this.#now();
    return this.#open.filter((window) => window.until > now).length;
  }
}
