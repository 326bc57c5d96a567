/**
 * One provider and model behind the service's single resilience policy: rate limits (requests
 * and tokens per minute), a circuit breaker, and retries with jittered backoff that honour
 * Retry-After. Every attempt is reported with its usage, failed paid attempts included, so that
 * cost covers all of them. It also knows how its model is asked (`ask`): the reasoning effort it
 * is told, and the room its reasoning needs on top of the answer.
 */
import type { Clock } from '../common/clock.ts';
import { CircuitBreaker, type CircuitOptions } from '../common/resilience/circuit-breaker.ts';
import { RetryExhaustedError, type RetryPolicy, retry } from '../common/resilience/retry.ts';
import { RateLimiter, type RateLimits } from '../common/resilience/token-bucket.ts';
import type { ReasoningEffort } from '../config/tier-specs.ts';
import type { Usage } from '../pricing/usage.ts';
import type { CompletionRequest, CompletionResult, ModelCall, ModelProvider } from './model-provider.ts';
import { ProviderError } from './provider-error.ts';
import { classifySdkError } from './sdk-errors.ts';

export type CallAttempt = {
  provider: string;
  model: string;
  usage: Usage | undefined;
  /** The provider's id of the call, when it answered (a billed malformed answer included). */
  requestId: string | undefined;
  latencyMs: number;
  error?: ProviderError;
};

export type CallOutcome =
  | { ok: true; result: CompletionResult; attempts: CallAttempt[] }
  | { ok: false; error: ProviderError; attempts: CallAttempt[] };

export type EndpointOptions = {
  provider: ModelProvider;
  model: string;
  limits: RateLimits;
  circuit: CircuitOptions;
  retry: RetryPolicy;
  timeoutMs: number;
  clock: Clock;
  random?: () => number;
  /**
   * How the model reasons (ModelSpec.reasoningEffort, reasoningTokensPerCall): the effort every call
   * names, unset for the model's own default, and the output tokens left for reasoning on top of the
   * answer's. Absent: no effort named, no room added.
   */
  reasoning?: { effort?: ReasoningEffort; tokensPerCall: number };
};

/** A call as `ask` made it, to send through `call`. */
export type EndpointRequest = Omit<CompletionRequest, 'model' | 'timeoutMs'> & {
  /** Input plus expected output tokens, charged against the tokens-per-minute limit. */
  estimatedTokens: number;
};

export class ModelEndpoint {
  readonly provider: ModelProvider;
  readonly model: string;
  readonly #options: EndpointOptions;
  readonly #limiter: RateLimiter;
  readonly #breaker: CircuitBreaker;
  #rateLimitWaitedMs = 0;

  constructor(options: EndpointOptions) {
    this.provider = options.provider;
    this.model = options.model;
    this.#options = options;
    this.#limiter = new RateLimiter(options.limits, options.clock);
    this.#breaker = new CircuitBreaker(options.circuit, options.clock);
  }

  /** This process's part (0..1] of the model's rate limits, which the account shares with the other instances. */
  shareLimits(fraction: number): void {
    this.#limiter.share(fraction);
  }

  get circuitState() {
    return this.#breaker.state;
  }

  /** Milliseconds calls have waited for this process's share of the model's rate limits, in all. */
  get rateLimitWaitedMs(): number {
    return this.#rateLimitWaitedMs;
  }

  /**
   * `call` as this model is sent it: named, with its reasoning effort, and its output limit raised
   * by the room for reasoning, so whatever is reckoned from the limit (a budget's reservation, the
   * tokens-per-minute estimate) covers the reasoning too.
   */
  ask(call: Omit<ModelCall, 'model'>): ModelCall {
    const { effort, tokensPerCall = 0 } = this.#options.reasoning ?? {};
    return {
      ...call,
      model: this.model,
      maxOutputTokens: call.maxOutputTokens + tokensPerCall,
      ...(effort ? { reasoningEffort: effort } : {}),
    };
  }

  async call(request: EndpointRequest): Promise<CallOutcome> {
    const { clock } = this.#options;
    const attempts: CallAttempt[] = [];
    const name = this.provider.name;
    try {
      const result = await retry(
        async () => {
          if (!this.#breaker.tryEnter()) {
            throw new ProviderError({ code: 'CIRCUIT_OPEN', provider: name, message: `circuit open for ${this.model}` });
          }
          const queued = clock.now();
          await this.#limiter.acquire(request.estimatedTokens, request.signal);
          this.#rateLimitWaitedMs += clock.now() - queued;
          const started = clock.now();
          try {
            const { estimatedTokens: _estimate, ...rest } = request;
            const completion = await this.provider.complete({ ...rest, model: this.model, timeoutMs: this.#options.timeoutMs });
            this.#breaker.succeeded();
            attempts.push({
              provider: name,
              model: this.model,
              usage: completion.usage,
              requestId: completion.requestId,
              latencyMs: clock.now() - started,
            });
            return completion;
          } catch (thrown) {
            const error = classifySdkError(thrown, { provider: name, now: clock.now() });
            // A malformed answer is the model's fault, not the provider's health.
            if (error.code === 'MALFORMED_ANSWER') this.#breaker.succeeded();
            else if (error.code !== 'ABORTED' && error.code !== 'BAD_REQUEST') this.#breaker.failed();
            attempts.push({
              provider: name,
              model: this.model,
              usage: error.usage,
              requestId: error.requestId,
              latencyMs: clock.now() - started,
              error,
            });
            throw error;
          }
        },
        {
          policy: this.#options.retry,
          clock,
          classify: (e) => classifySdkError(e, { provider: name, now: clock.now() }),
          ...(this.#options.random ? { random: this.#options.random } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
        },
      );
      return { ok: true, result, attempts };
    } catch (error) {
      const last =
        error instanceof RetryExhaustedError
          ? (error.last as ProviderError)
          : classifySdkError(error, { provider: name, now: clock.now() });
      return { ok: false, error: last, attempts };
    }
  }
}
