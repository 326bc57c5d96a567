/**
 * The port every model provider implements: one structured-output call. OpenAI chat
 * completions, Anthropic messages and any OpenAI-compatible server (vLLM, TGI, llama.cpp) are
 * adapters beside this file; each passes the suite in test/providers/model-provider-conformance.ts.
 *
 * What every adapter promises: the answer comes back parsed; usage is normalised at the edge
 * (pricing/usage.ts: `inputTokens` never includes cached or cache-write tokens); exactly one
 * attempt per call; every failure is a ProviderError whose code says whether a retry can help,
 * with Retry-After when the provider sent one and, when the provider billed the call anyway (an
 * answer that is not JSON, or cut at the token limit: MALFORMED_ANSWER), its usage.
 *
 * Deliberately left out: retries, rate limits, circuit breaking and fallback (the dispatcher
 * wraps every provider in the same resilience), packing and prompt wording
 * (extraction-prompt.ts), checking the answer against the schema beyond parsing it (a malformed
 * entry costs one record, not the pack, so parseAnswer drops it), streaming, and pricing (usage
 * is returned, never priced here).
 */
import type { ReasoningEffort } from '../config/tier-specs.ts';
import type { Usage } from '../pricing/usage.ts';

/** What one call asks, in real time or as a request of a batch (batch-provider.ts). */
export type ModelCall = {
  model: string;
  /** The fixed instruction prefix; identical across calls so prompt caching applies. */
  system: string;
  user: string;
  /** JSON Schema the answer must follow, and its name. */
  schema: { name: string; schema: Record<string, unknown> };
  /** The most output tokens the call may spend: the answer's, and the model's reasoning where it reasons. */
  maxOutputTokens: number;
  /**
   * The reasoning effort asked of the model (OpenAI's `reasoning_effort`); unset, the model's own
   * default. The OpenAI adapter sends it; the Anthropic adapter has no such field (the
   * configuration refuses one for Anthropic models).
   */
  reasoningEffort?: ReasoningEffort;
};

export type CompletionRequest = ModelCall & {
  /** Bound of the one attempt; past it the call fails with TIMEOUT. */
  timeoutMs: number;
  /** Aborting ends the call with ABORTED. */
  signal?: AbortSignal;
};

export type CompletionResult = {
  /** The structured answer, parsed from JSON; text that is not JSON is a MALFORMED_ANSWER error instead. */
  answer: unknown;
  usage: Usage;
  /** The provider's request id: for support tickets, and to trace each record's cost share to its call. */
  requestId: string | undefined;
};

export type ModelProvider = {
  /** Configured name, e.g. "openai", "anthropic", "local-vllm"; errors name it too. */
  readonly name: string;
  /** Whether answers come from the provider simulator rather than a real provider. */
  readonly simulated: boolean;
  complete(request: CompletionRequest): Promise<CompletionResult>;
};
