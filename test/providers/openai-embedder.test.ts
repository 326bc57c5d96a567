/**
 * The OpenAI embedder drives the official SDK over HTTP against the provider simulator:
 * dimensions honoured, unit vectors in input order, usage normalised, errors classified.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemClock } from '#src/common/clock.ts';
import { cosine } from '#src/cache/local-embedder.ts';
import { createOpenAiEmbedder } from '#src/providers/openai-embedder.ts';
import { ProviderError } from '#src/providers/provider-error.ts';
import { startSimulator, type Simulator } from '#src/dev/simulator/simulator.ts';

let simulator: Simulator;
before(async () => {
  simulator = await startSimulator({ truth: [], timeScale: 0 });
});
after(() => simulator.close());

const embedder = (dimensions?: number) =>
  createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: simulator.openaiBaseUrl, clock: systemClock, simulated: true, ...(dimensions ? { dimensions } : {}) });

const SKELETONS = [
  'SQ *BLUE BOTTLE COFFE OAKLAND CA {DATE} {AMOUNT}',
  'SQ *BLUE BOTTLE COFFEE SF CA {DATE} {AMOUNT}',
  'ACH DEBIT PPD ID: {NUMBER} CONED PAYMENT {NUMBER} TRACE {REF} AMT {AMOUNT}',
];

test('vectors have the asked dimensions (default 256), unit length, one per input in order', async () => {
  for (const dimensions of [undefined, 64]) {
    const e = embedder(dimensions);
    const result = await e.embed(SKELETONS);
    assert.equal(e.dimensions, dimensions ?? 256);
    assert.equal(result.vectors.length, 3);
    for (const v of result.vectors) {
      assert.equal(v.length, e.dimensions);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-12);
    }
    const body = simulator.requests.at(-1)!.body as { model: string; dimensions: number; input: string[] };
    assert.deepEqual([body.model, body.dimensions, body.input], ['text-embedding-3-small', e.dimensions, SKELETONS]);
    const [coffee, coffee2, ach] = result.vectors;
    assert.ok(cosine(coffee!, coffee2!) > cosine(coffee!, ach!), 'similar skeletons land closer than unrelated ones');
  }
});

test('the same text always gets the same vector', async () => {
  const e = embedder();
  const first = await e.embed(SKELETONS);
  const second = await e.embed([SKELETONS[2]!, SKELETONS[0]!]);
  assert.deepEqual(second.vectors, [first.vectors[2], first.vectors[0]]);
});

test('usage is normalised: prompt tokens are input, no output; it matches what the server billed', async () => {
  const model = 'text-embedding-3-large';
  const e = createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: simulator.openaiBaseUrl, model, clock: systemClock, simulated: true });
  const result = await e.embed(SKELETONS);
  assert.equal(result.provider, 'openai');
  assert.equal(result.model, model);
  assert.ok(result.usage.inputTokens! > 10);
  assert.equal(result.usage.inputTokens, simulator.billed[model]!.input);
  assert.equal(result.usage.outputTokens, 0);
  assert.deepEqual(result.usage.raw, { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens });
});

test('the id names provider, model and length, and marks simulated vectors', () => {
  assert.equal(embedder().id, 'simulated-openai/text-embedding-3-small@256');
  assert.equal(createOpenAiEmbedder({ apiKey: 'k', clock: systemClock, dimensions: 512 }).id, 'openai/text-embedding-3-small@512');
});

test('no texts, no request', async () => {
  const before = simulator.requests.length;
  const result = await embedder().embed([]);
  assert.deepEqual(result.vectors, []);
  assert.equal(result.usage.inputTokens, undefined);
  assert.equal(simulator.requests.length, before);
});

test('a failed call is a classified ProviderError, with one attempt only', async () => {
  simulator.injectFaults({ kind: '429', retryAfterSeconds: 3, path: '/v1/embeddings' });
  const before = simulator.requests.length;
  await assert.rejects(embedder().embed(SKELETONS), (e) =>
    e instanceof ProviderError && e.code === 'RATE_LIMITED' && e.retryable && e.retryAfterMs === 3_000 && e.provider === 'openai');
  assert.equal(simulator.requests.length, before + 1);
  simulator.injectFaults({ kind: '500', path: '/v1/embeddings' });
  await assert.rejects(embedder().embed(SKELETONS), (e) => e instanceof ProviderError && e.code === 'SERVER_ERROR');
  await embedder().embed(SKELETONS);
});
