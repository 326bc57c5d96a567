/**
 * The port of skeleton embeddings. Adapters: OpenAI embeddings through the SDK (usage and cost
 * accounted like any call) and a local deterministic embedder that needs no download.
 *
 * Deliberately left out: caching of embeddings (a skeleton seen in this process is looked up
 * exactly first, so it is rarely embedded twice) and batching policy (callers pass one
 * micro-batch).
 */
import type { Usage } from '../pricing/usage.ts';

export type EmbeddingResult = {
  /** One unit-length vector per input, in order. */
  vectors: number[][];
  /** Usage of the call, for cost; NO_USAGE for local embedders. */
  usage: Usage;
  provider: string;
  model: string;
};

export type Embedder = {
  readonly dimensions: number;
  /** Provider and model name, stored with each template so vectors of different models never mix. */
  readonly id: string;
  embed(texts: readonly string[]): Promise<EmbeddingResult>;
};
