/**
 * The port of skeleton embeddings. Adapters: OpenAI embeddings through the SDK (usage and cost
 * accounted like any call) and a local deterministic embedder that needs no download. Every
 * adapter passes the suite in test/cache/embedder-conformance.ts.
 *
 * What every adapter promises: one unit-length vector of `dimensions` numbers per input, in input
 * order; the same text gets the same vector (up to float noise for a remote model); an empty
 * batch resolves at once with no vectors and NO_USAGE, calling and billing nothing.
 *
 * Deliberately left out: caching of embeddings (a skeleton seen in this process is looked up
 * exactly first, so it is rarely embedded twice), batching policy (callers pass one micro-batch;
 * an adapter splits it only where its provider's request limit forces it), retries and
 * cancellation (a failed embedding costs the batch only its kNN lookups, so one attempt is made
 * and a remote adapter's failure is a ProviderError saying whether a retry can help), and empty
 * texts (skeletons of admitted narratives are never empty; OpenAI rejects an empty input).
 */
import type { Usage } from '../pricing/usage.ts';

export type EmbeddingResult = {
  /** One unit-length vector per input, in order. */
  vectors: number[][];
  /** Usage of the call, for cost; undefined counts where the provider says nothing; NO_USAGE for local embedders. */
  usage: Usage;
  /** Who made the vectors, e.g. "openai" or "local"; `id` contains `${provider}/${model}`. */
  provider: string;
  model: string;
};

export type Embedder = {
  /** Length of every vector. */
  readonly dimensions: number;
  /** Provider and model name, stored with each template so vectors of different models never mix. */
  readonly id: string;
  embed(texts: readonly string[]): Promise<EmbeddingResult>;
};
