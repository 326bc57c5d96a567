/**
 * Both Embedder adapters pass the port's conformance suite: the local n-gram embedder in process,
 * the OpenAI embedder through the official SDK over HTTP against the provider simulator. Below
 * the suite, what only the OpenAI embedder does: the request it sends, usage as billed, chunks of
 * OpenAI's per-request limit, and failures classified after one attempt.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLocalEmbedder } from '#src/cache/local-embedder.ts';
import { systemClock } from '#src/common/clock.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { createOpenAiEmbedder, type OpenAiEmbedderOptions } from '#src/providers/openai-embedder.ts';
import { ProviderError } from '#src/providers/provider-error.ts';
import { embedderConformance } from '#test/cache/embedder-conformance.ts';

const EMBEDDING_MODEL = 'text-embedding-3-small';

embedderConformance('local char n-grams', async () => ({ embedder: createLocalEmbedder(), close: async () => {} }));

embedderConformance('OpenAI SDK against the simulator', async () => {
  const simulator = await startSimulator({ truth: [], timeScale: 0 });
  const embedder = createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: simulator.openaiBaseUrl, clock: systemClock, simulated: true });
  return { embedder, billedInputTokens: () => simulator.billed[EMBEDDING_MODEL]?.input ?? 0, close: () => simulator.close() };
});

test('the local embedder names its length in its id, so vectors of two lengths never mix', () => {
  assert.equal(createLocalEmbedder().id, 'local/char-ngram-256');
  assert.equal(createLocalEmbedder(64).dimensions, 64);
  assert.notEqual(createLocalEmbedder(64).id, createLocalEmbedder(128).id);
});

describe('OpenAI embedder', () => {
  let simulator: Simulator;
  before(async () => {
    simulator = await startSimulator({ truth: [], timeScale: 0 });
  });
  after(() => simulator.close());

  const embedder = (options: Partial<OpenAiEmbedderOptions> = {}) =>
    createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: simulator.openaiBaseUrl, clock: systemClock, simulated: true, ...options });

  const SKELETONS = [
    'SQ *BLUE BOTTLE COFFE OAKLAND CA {DATE} {AMOUNT}',
    'ACH DEBIT PPD ID: {NUMBER} CONED PAYMENT {NUMBER} TRACE {REF} AMT {AMOUNT}',
  ];

  test('asks for the configured model and length (default text-embedding-3-small, 256) with the texts as given', async () => {
    for (const dimensions of [undefined, 64]) {
      const e = embedder(dimensions ? { dimensions } : {});
      const { vectors } = await e.embed(SKELETONS);
      assert.equal(e.dimensions, dimensions ?? 256);
      assert.equal(vectors[0]!.length, e.dimensions);
      const body = simulator.requests.at(-1)!.body as { model: string; dimensions: number; input: string[] };
      assert.deepEqual([body.model, body.dimensions, body.input], [EMBEDDING_MODEL, e.dimensions, SKELETONS]);
    }
  });

  test('the id names provider, model and length, and marks simulated vectors', () => {
    assert.equal(embedder().id, 'simulated-openai/text-embedding-3-small@256');
    assert.equal(createOpenAiEmbedder({ apiKey: 'k', clock: systemClock, dimensions: 512 }).id, 'openai/text-embedding-3-small@512');
  });

  test('usage: prompt tokens are input, no output, the raw object kept; provider and model reported', async () => {
    const model = 'text-embedding-3-large';
    const result = await embedder({ model }).embed(SKELETONS);
    assert.deepEqual([result.provider, result.model], ['openai', model]);
    assert.equal(result.usage.inputTokens, simulator.billed[model]!.input);
    assert.equal(result.usage.outputTokens, 0);
    assert.equal(result.usage.cachedInputTokens, undefined, 'the embeddings API reports no cache, so it is unknown');
    assert.deepEqual(result.usage.raw, { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens });
  });

  test('an empty batch sends no request', async () => {
    const before = simulator.requests.length;
    await embedder().embed([]);
    assert.equal(simulator.requests.length, before);
  });

  test('more texts than one request may carry go in chunks, in order, with usage summed', async () => {
    const model = 'text-embedding-3-chunked';
    const texts = Array.from({ length: 2_049 }, (_, n) => `CARD PURCHASE STORE ${n} {DATE} {AMOUNT}`);
    const before = simulator.requests.length;
    const result = await embedder({ model }).embed(texts);
    const sent = simulator.requests.slice(before).map((r) => (r.body as { input: string[] }).input.length);
    assert.deepEqual(sent, [2_048, 1]);
    assert.equal(result.usage.inputTokens, simulator.billed[model]!.input, 'both chunks are counted');
    assert.equal(result.vectors.length, texts.length);
    const [last] = (await embedder({ model }).embed([texts.at(-1)!])).vectors;
    assert.deepEqual(result.vectors.at(-1), last, 'the second chunk follows the first');
  });

  test('a failed call is a classified ProviderError after one attempt, and the next call works', async () => {
    simulator.injectFaults({ kind: '429', retryAfterSeconds: 3, path: '/v1/embeddings' });
    const before = simulator.requests.length;
    await assert.rejects(
      embedder().embed(SKELETONS),
      (e) => e instanceof ProviderError && e.code === 'RATE_LIMITED' && e.retryable && e.retryAfterMs === 3_000 && e.provider === 'openai',
    );
    assert.equal(simulator.requests.length, before + 1);
    simulator.injectFaults({ kind: '500', path: '/v1/embeddings' });
    await assert.rejects(embedder().embed(SKELETONS), (e) => e instanceof ProviderError && e.code === 'SERVER_ERROR' && e.retryable);
    simulator.injectFaults({ kind: '401', path: '/v1/embeddings' });
    await assert.rejects(embedder().embed(SKELETONS), (e) => e instanceof ProviderError && e.code === 'AUTH' && !e.retryable);
    simulator.injectFaults({ kind: 'timeout', path: '/v1/embeddings' });
    await assert.rejects(
      embedder({ timeoutMs: 300 }).embed(SKELETONS),
      (e) => e instanceof ProviderError && e.code === 'TIMEOUT' && e.retryable,
    );
    assert.equal((await embedder().embed(SKELETONS)).vectors.length, 2);
  });
});
