/**
 * The providers' prompt caches, as far as billing can tell: which prefixes were seen recently for
 * a model. OpenAI caches automatically once a prefix reaches 1,024 tokens and reports hits in
 * steps of 128 tokens; Anthropic caches only prefixes marked with cache_control (first call
 * writes, later calls read) once they reach the model's documented minimum. Both keep an entry
 * for 5 minutes after its last use (Anthropic's `ttl: "1h"`: an hour).
 */
export const MIN_CACHEABLE_TOKENS = 1024;

/**
 * Anthropic's minimum cacheable prefix by model (prompt caching documentation, as of 2026-12):
 * shorter prefixes marked with cache_control are billed as ordinary input. Unlisted models: 1,024,
 * among them claude-haiku-5-5, claude-sonnet-5-5 and claude-opus-5-5, whose minimums were not
 * found documented on 2026-12-04.
 */
const ANTHROPIC_MIN_CACHEABLE_TOKENS: Readonly<Record<string, number>> = {
  'claude-haiku-4-5': 4096,
  'claude-sonnet-4-6': 2048,
  'claude-sonnet-4-5': 1024,
  'claude-3-5-haiku': 2048,
};

export const anthropicMinCacheableTokens = (model: string) => ANTHROPIC_MIN_CACHEABLE_TOKENS[model] ?? MIN_CACHEABLE_TOKENS;
export const CACHE_HIT_STEP_TOKENS = 128;
export const DEFAULT_CACHE_TTL_MS = 5 * 60 * 1000;

export class PrefixCache {
  readonly #now: () => number;
  readonly #expiresAt = new Map<string, number>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * Whether `model` saw `prefix` within its lifetime; either way it is (re)stored for `ttlMs`
   * from now, as a use refreshes a real cache entry.
   */
  touch(model: string, prefix: string, ttlMs: number = DEFAULT_CACHE_TTL_MS): boolean {
    const key = `${model}\u0000${prefix}`;
    const now = this.#now();
    const hit = (this.#expiresAt.get(key) ?? -Infinity) > now;
    this.#expiresAt.set(key, Math.max(now + ttlMs, this.#expiresAt.get(key) ?? 0));
    return hit;
  }
}

/** OpenAI's cached_tokens for a prefix of `prefixTokens` that was seen before. */
export function openaiCachedTokens(prefixTokens: number, seenBefore: boolean): number {
  if (!seenBefore || prefixTokens < MIN_CACHEABLE_TOKENS) return 0;
  return cacheableTokens(prefixTokens);
}

const cacheableTokens = (prefixTokens: number) => Math.floor(prefixTokens / CACHE_HIT_STEP_TOKENS) * CACHE_HIT_STEP_TOKENS;

/**
 * OpenAI's GPT-6 models bill the first write of a cacheable prefix (1.25× input, 30 minutes'
 * retention, per their model pages) and report it as prompt_tokens_details.cache_write_tokens;
 * the older models cache for free.
 */
export const openaiBillsCacheWrites = (model: string) => model.startsWith('gpt-6');

export function openaiCacheWriteTokens(model: string, prefixTokens: number, seenBefore: boolean): number {
  if (seenBefore || prefixTokens < MIN_CACHEABLE_TOKENS || !openaiBillsCacheWrites(model)) return 0;
  return cacheableTokens(prefixTokens);
}
