/**
 * A deterministic embedder that needs no download and no network: hashed character n-grams
 * (3 to 5) of the skeleton's words, signed feature hashing into `dimensions` buckets, L2
 * normalised. Near-identical skeletons land close; it knows no synonyms, which the lexical gate
 * and re-grounding make safe.
 */
import { NO_USAGE } from '../pricing/usage.ts';
import type { Embedder, EmbeddingResult } from './embedder.ts';

export function createLocalEmbedder(dimensions = 256): Embedder {
  return {
    dimensions,
    id: `local/char-ngram-${dimensions}`,
    async embed(texts: readonly string[]): Promise<EmbeddingResult> {
      return { vectors: texts.map((t) => embedText(t, dimensions)), usage: NO_USAGE, provider: 'local', model: `char-ngram-${dimensions}` };
    },
  };
}

export function embedText(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  const padded = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `;
  for (let n = 3; n <= 5; n += 1) {
    for (let i = 0; i + n <= padded.length; i += 1) {
      const hash = fnv1a(padded, i, n);
      vector[hash % dimensions]! += (hash & 0x80000000) === 0 ? 1 : -1;
    }
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i += 1) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm) || 1;
  const unit = new Array<number>(dimensions);
  for (let i = 0; i < dimensions; i += 1) unit[i] = vector[i]! / norm;
  return unit;
}

function fnv1a(text: string, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i += 1) dot += a[i]! * b[i]!;
  return dot;
}
