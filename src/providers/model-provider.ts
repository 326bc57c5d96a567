/**
 * The port every model provider implements: one structured-output call. OpenAI chat
 * completions, Anthropic messages and any OpenAI-compatible server (vLLM, TGI, llama.cpp) are
 * adapters beside this file.
 *
 * Deliberately left out: retries, rate limits, circuit breaking and fallback (the dispatcher
 * wraps every provider in the same resilience), packing and prompt wording
 * (extraction-prompt.ts), and pricing (usage is returned, never priced here).
 */
import type { Usage } from '../pricing/usage.ts';

export type CompletionRequest = {
  model: string;
  /** The fixed instruction prefix; identical across calls so prompt caching applies. */
  system: string;
  user: string;
  /** JSON Schema the answer must follow, and its name. */
  schema: { name: string; schema: Record<string, unknown> };
  maxOutputTokens: number;
  timeoutMs: number;
  signal?: AbortSignal;
};

export type CompletionResult = {
  /** The structured answer, parsed; a string when the provider returned text that is not JSON. */
  answer: unknown;
  usage: Usage;
  /** The provider's request id, for support tickets. */
  requestId: string | undefined;
};

export type ModelProvider = {
  /** Configured name, e.g. "openai", "anthropic", "local-vllm". */
  readonly name: string;
  /** Whether answers come from the provider simulator rather than a real provider. */
  readonly simulated: boolean;
  complete(request: CompletionRequest): Promise<CompletionResult>;
};
