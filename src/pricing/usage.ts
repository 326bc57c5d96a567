/**
 * Token usage of one call, normalised at the provider edge. OpenAI's prompt_tokens include the
 * cached ones, Anthropic's input_tokens exclude them; here `inputTokens` never includes cached
 * or cache-write tokens, whoever reported them. Unknown counts are undefined, not 0.
 */
export type Usage = {
  /** Input tokens billed at the full input price. */
  inputTokens: number | undefined;
  /** Input tokens read from the provider's prompt cache. */
  cachedInputTokens: number | undefined;
  /** Input tokens written to the prompt cache (Anthropic and OpenAI's GPT-6 models bill these above the input price). */
  cacheWriteInputTokens: number | undefined;
  outputTokens: number | undefined;
  /** The provider's own usage object, unchanged. */
  raw: unknown;
};

export const NO_USAGE: Usage = {
  inputTokens: undefined,
  cachedInputTokens: undefined,
  cacheWriteInputTokens: undefined,
  outputTokens: undefined,
  raw: undefined,
};

type OpenAiUsage = {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
};

export function fromOpenAiUsage(raw: OpenAiUsage | null | undefined): Usage {
  if (!raw) return NO_USAGE;
  const cached = raw.prompt_tokens_details?.cached_tokens;
  // The models that bill cache writes (the GPT-6 family, at 1.25× input) report them apart; prompt_tokens includes them.
  const written = raw.prompt_tokens_details?.cache_write_tokens;
  return {
    inputTokens: raw.prompt_tokens === undefined ? undefined : raw.prompt_tokens - (cached ?? 0) - (written ?? 0),
    cachedInputTokens: cached,
    cacheWriteInputTokens: written,
    outputTokens: raw.completion_tokens,
    raw,
  };
}

type AnthropicUsage = {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
};

export function fromAnthropicUsage(raw: AnthropicUsage | null | undefined): Usage {
  if (!raw) return NO_USAGE;
  return {
    inputTokens: raw.input_tokens,
    cachedInputTokens: raw.cache_read_input_tokens ?? undefined,
    cacheWriteInputTokens: raw.cache_creation_input_tokens ?? undefined,
    outputTokens: raw.output_tokens,
    raw,
  };
}
