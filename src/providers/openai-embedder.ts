/**
 * Skeleton embeddings from OpenAI's embeddings API through the official SDK (also any
 * OpenAI-compatible server, and the provider simulator, through `baseURL`). text-embedding-3
 * models shorten their vectors server-side to `dimensions`; a short vector keeps the kNN index
 * small and fast at a small loss of recall, which the lexical gate and re-grounding make safe.
 */
import OpenAI from 'openai';
import type { Embedder, EmbeddingResult } from '../cache/embedder.ts';
import type { Clock } from '../common/clock.ts';
import { fromOpenAiUsage, NO_USAGE, type Usage } from '../pricing/usage.ts';
import { ProviderError } from './provider-error.ts';
import { classifySdkError } from './sdk-errors.ts';

export type OpenAiEmbedderOptions = {
  apiKey: string;
  /** Unset for OpenAI itself; the simulator's `openaiBaseUrl` when simulated. */
  baseURL?: string;
  /** Default 'text-embedding-3-small'. */
  model?: string;
  /** Length of the vectors asked for. Default 256. */
  dimensions?: number;
  clock: Clock;
  /** True when `baseURL` is the provider simulator: its vectors are not OpenAI's, so the embedder id says so. Default false. */
  simulated?: boolean;
  /** Bound of each request. Default 30,000 ms. */
  timeoutMs?: number;
};

/** OpenAI's limit of inputs per embeddings request. */
const MAX_INPUTS_PER_REQUEST = 2048;
const PROVIDER = 'openai';

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const model = options.model ?? 'text-embedding-3-small';
  const dimensions = options.dimensions ?? 256;
  // One attempt per request: a failed embedding costs the batch only its kNN lookups (exact
  // matches still work), and the error says whether and when a retry can help.
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
  const timeout = options.timeoutMs ?? 30_000;

  async function embedChunk(input: string[], billed: Usage[]): Promise<number[][]> {
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await client.embeddings.create({ model, input, dimensions }, { timeout });
    } catch (error) {
      throw classifySdkError(error, { provider: PROVIDER, now: options.clock.now(), usage: sumUsage(billed) });
    }
    billed.push({ ...fromOpenAiUsage(response.usage), outputTokens: 0 });
    const data = [...response.data].sort((a, b) => a.index - b.index);
    if (data.length !== input.length || data.some((d) => d.embedding.length !== dimensions)) {
      throw new ProviderError({
        code: 'MALFORMED_ANSWER',
        provider: PROVIDER,
        usage: sumUsage(billed),
        message: `asked for ${input.length} vectors of ${dimensions} dimensions, got ${data.length} of ${data[0]?.embedding.length ?? 0}`,
      });
    }
    return data.map((d) => unit(d.embedding));
  }

  return {
    dimensions,
    // Vectors of another model, length or the simulator live in another space: the id keeps them apart.
    id: `${options.simulated ? 'simulated-' : ''}openai/${model}@${dimensions}`,
    async embed(texts: readonly string[]): Promise<EmbeddingResult> {
      const vectors: number[][] = [];
      const billed: Usage[] = [];
      for (let start = 0; start < texts.length; start += MAX_INPUTS_PER_REQUEST) {
        vectors.push(...(await embedChunk(texts.slice(start, start + MAX_INPUTS_PER_REQUEST), billed)));
      }
      return { vectors, usage: sumUsage(billed), provider: PROVIDER, model };
    },
  };
}

/** OpenAI's vectors are unit length in float32; renormalised in float64 so cosine is a plain dot product. */
function unit(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0)) || 1;
  return vector.map((x) => x / norm);
}

function sumUsage(parts: readonly Usage[]): Usage {
  if (parts.length === 0) return NO_USAGE;
  if (parts.length === 1) return parts[0]!;
  const add = (pick: (u: Usage) => number | undefined) =>
    parts.some((u) => pick(u) === undefined) ? undefined : parts.reduce((sum, u) => sum + pick(u)!, 0);
  return {
    inputTokens: add((u) => u.inputTokens),
    cachedInputTokens: add((u) => u.cachedInputTokens),
    cacheWriteInputTokens: add((u) => u.cacheWriteInputTokens),
    outputTokens: add((u) => u.outputTokens),
    raw: parts.map((u) => u.raw),
  };
}
