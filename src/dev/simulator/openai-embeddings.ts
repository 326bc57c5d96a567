/**
 * POST /v1/embeddings: deterministic unit vectors from hashed character 3- and 4-grams, so texts
 * that share spelling land close together (as the cache's kNN expects of a real embedding) and
 * the same text always gets the same vector. `dimensions` is honoured (default 1536), and so is
 * `encoding_format: "base64"`, which the openai SDK requests by default and decodes itself.
 */
import type { HandlerInput, HandlerResult, SimulatorContext } from './context.ts';
import { openaiRateHeaders } from './rate-limits.ts';
import { countTokens } from './tokens.ts';
import { invalidRequest } from './wire-errors.ts';

export const DEFAULT_DIMENSIONS = 1536;
const MAX_DIMENSIONS = 3072;
const NGRAM_SIZES = [3, 4] as const;
const LATENCY_MS = { base: 40, perInputToken: 0.02 } as const;

/** FNV-1a, 32 bits: fast and well spread for short n-grams. */
function fnv1a(text: string, basis: number): number {
  let hash = basis >>> 0;
  for (let at = 0; at < text.length; at += 1) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function embeddingVector(text: string, dimensions: number = DEFAULT_DIMENSIONS): Float32Array {
  const vector = new Float64Array(dimensions);
  const padded = ` ${text.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  for (const size of NGRAM_SIZES) {
    for (let at = 0; at + size <= padded.length; at += 1) {
      const gram = padded.slice(at, at + size);
      // A second hash decides the sign, so unrelated n-grams cancel out instead of piling up.
      const sign = fnv1a(gram, 0x9e3779b9) & 1 ? 1 : -1;
      vector[fnv1a(gram, 0x811c9dc5) % dimensions]! += sign;
    }
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return Float32Array.from(vector, (value) => value / norm);
}

type EmbeddingInput = { text: string; tokens: number };

function readInputs(input: unknown): EmbeddingInput[] | undefined {
  const one = (item: unknown): EmbeddingInput | undefined => {
    if (typeof item === 'string' && item !== '') return { text: item, tokens: countTokens(item) };
    if (Array.isArray(item) && item.length > 0 && item.every(Number.isInteger)) return { text: item.join(' '), tokens: item.length };
    return undefined;
  };
  const items = Array.isArray(input) && input.length > 0 && typeof input[0] !== 'number' ? input : [input];
  const parsed = items.map(one);
  return parsed.every((item) => item !== undefined) ? (parsed as EmbeddingInput[]) : undefined;
}

export function handleEmbeddings(ctx: SimulatorContext, { body }: HandlerInput): HandlerResult {
  const invalid = (message: string, param: string): HandlerResult => ({ ...invalidRequest('openai', message, param), latencyMs: 0 });
  if (typeof body.model !== 'string' || body.model === '') return invalid('you must provide a model parameter', 'model');
  const inputs = readInputs(body.input);
  if (!inputs) return invalid("'$.input' is invalid: a non-empty string, array of strings or array of token arrays", 'input');
  const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
  if (!Number.isInteger(dimensions) || (dimensions as number) < 1 || (dimensions as number) > MAX_DIMENSIONS) {
    return invalid(`dimensions must be an integer from 1 to ${MAX_DIMENSIONS}`, 'dimensions');
  }
  const base64 = body.encoding_format === 'base64';
  const tokens = inputs.reduce((sum, item) => sum + item.tokens, 0);
  const data = inputs.map((item, index) => {
    const vector = embeddingVector(item.text, dimensions as number);
    const embedding = base64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  const use = ctx.rates.record(body.model, tokens, 0);
  return {
    status: 200,
    latencyMs: LATENCY_MS.base + LATENCY_MS.perInputToken * tokens,
    headers: { 'openai-processing-ms': String(Math.round(LATENCY_MS.base)), 'openai-version': '2020-10-01', ...openaiRateHeaders(use) },
    usage: { model: body.model, input: tokens, cachedInput: 0, cacheWrite: 0, output: 0 },
    body: { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
  };
}
