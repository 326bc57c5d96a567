/**
 * Failures injected on demand, so callers' retry, back-off, timeout and per-record-retry paths run
 * against the same HTTP behaviour a real provider shows. Plans queue up; each matching request
 * consumes one occurrence of the oldest plan that still has some.
 */
export const FAULT_KINDS = ['401', '429', '500', '529', 'timeout', 'malformed-json'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultPlan = {
  /**
   * '401' the key was refused (revoked or mistyped); '429' rate limited with Retry-After;
   * '500' internal error; '529' overloaded (Anthropic's status; OpenAI paths answer 503);
   * 'timeout' holds the connection open until the client gives up or the simulator closes;
   * 'malformed-json' answers 200 with an unparseable answer.
   */
  kind: FaultKind;
  /** How many requests fail this way. Default 1. */
  count?: number;
  /** Retry-After for '429', in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Only requests for this model. Default: any model. */
  model?: string;
  /** Only requests to this path, e.g. '/v1/messages'. Default: any API path. */
  path?: string;
};

export type ActiveFault = { kind: FaultKind; retryAfterSeconds: number };

type QueuedFault = Required<Pick<FaultPlan, 'kind' | 'count' | 'retryAfterSeconds'>> & Pick<FaultPlan, 'model' | 'path'>;

/** Checks a plan from an untrusted source (the HTTP control endpoint); returns the reason it is wrong. */
export function faultPlanProblem(plan: unknown): string | undefined {
  if (typeof plan !== 'object' || plan === null) return 'a fault plan must be a JSON object';
  const { kind, count, retryAfterSeconds, model, path } = plan as Record<string, unknown>;
  if (!FAULT_KINDS.includes(kind as FaultKind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  if (count !== undefined && (!Number.isInteger(count) || (count as number) < 1)) return 'count must be a positive integer';
  if (retryAfterSeconds !== undefined && (typeof retryAfterSeconds !== 'number' || retryAfterSeconds < 0)) {
    return 'retryAfterSeconds must be a number ≥ 0';
  }
  if (model !== undefined && typeof model !== 'string') return 'model must be a string';
  if (path !== undefined && typeof path !== 'string') return 'path must be a string';
  return undefined;
}

export class FaultQueue {
  readonly #queue: QueuedFault[] = [];

  add(plan: FaultPlan): void {
    const problem = faultPlanProblem(plan);
    if (problem) throw new TypeError(`invalid fault plan: ${problem}`);
    this.#queue.push({
      kind: plan.kind,
      count: plan.count ?? 1,
      retryAfterSeconds: plan.retryAfterSeconds ?? 1,
      model: plan.model,
      path: plan.path,
    });
  }

  /** The fault this request suffers, if any; consumes one occurrence. */
  take(request: { path: string; model: string | undefined }): ActiveFault | undefined {
    const at = this.#queue.findIndex(
      (fault) => (fault.path === undefined || fault.path === request.path) && (fault.model === undefined || fault.model === request.model),
    );
    if (at < 0) return undefined;
    const fault = this.#queue[at]!;
    fault.count -= 1;
    if (fault.count === 0) this.#queue.splice(at, 1);
    return { kind: fault.kind, retryAfterSeconds: fault.retryAfterSeconds };
  }

  /** Occurrences still queued. */
  get pending(): number {
    return this.#queue.reduce((sum, fault) => sum + fault.count, 0);
  }
}
