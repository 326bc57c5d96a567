/**
 * The provider adapters drive the official SDKs over HTTP against the simulator: structured
 * output, usage normalised at the edge, and errors classified with their retry advice.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemClock } from '#src/common/clock.ts';
import { createAnthropicProvider } from '#src/providers/anthropic-provider.ts';
import { ANSWER_JSON_SCHEMA, ANSWER_NAME, EXTRACTION_INSTRUCTIONS, buildUserMessage, parseAnswer } from '#src/providers/extraction-prompt.ts';
import type { CompletionRequest, ModelProvider } from '#src/providers/model-provider.ts';
import { createOpenAiProvider } from '#src/providers/openai-provider.ts';
import { ProviderError } from '#src/providers/provider-error.ts';
import { startSimulator, type Simulator } from '#src/dev/simulator/simulator.ts';
import { asPairs, loadExamples } from '#test/dev/simulator/support.ts';

const examples = loadExamples();
let simulator: Simulator;
let openai: ModelProvider;
let anthropic: ModelProvider;

before(async () => {
  simulator = await startSimulator({ truth: asPairs(examples), timeScale: 0 });
  openai = createOpenAiProvider({ name: 'openai', apiKey: 'sk-test', baseURL: simulator.openaiBaseUrl, simulated: true, clock: systemClock });
  anthropic = createAnthropicProvider({ name: 'anthropic', apiKey: 'sk-ant-test', baseURL: simulator.anthropicBaseUrl, simulated: true, clock: systemClock });
});
after(() => simulator.close());

function request(model: string, count = 4): CompletionRequest {
  const records = examples.slice(0, count).map((e, i) => ({ i, text: e.text }));
  return {
    model, system: EXTRACTION_INSTRUCTIONS, user: buildUserMessage(records), maxOutputTokens: 2_000, timeoutMs: 5_000,
    schema: { name: ANSWER_NAME, schema: ANSWER_JSON_SCHEMA as unknown as Record<string, unknown> },
  };
}

for (const [name, model, provider] of [['openai', 'gpt-4.1', () => openai], ['anthropic', 'claude-sonnet-4-6', () => anthropic]] as const) {
  test(`${name}: a packed call answers every position with usage normalised`, async () => {
    const first = await provider().complete(request(model));
    const second = await provider().complete(request(model));
    const answers = parseAnswer(second.answer, 4);
    assert.equal(answers.size, 4);
    assert.ok(first.usage.inputTokens! > 0 && first.usage.outputTokens! > 0);
    assert.ok(second.usage.cachedInputTokens! > 0, 'the fixed prefix is served from the prompt cache on the second call');
    const firstFullPrice = first.usage.inputTokens! + (first.usage.cacheWriteInputTokens ?? 0);
    assert.ok(second.usage.inputTokens! < firstFullPrice, 'input excludes cached tokens whoever reports them');
    assert.ok(second.requestId);
  });

  test(`${name}: errors are classified with retry advice, and a malformed answer keeps its usage`, async () => {
    simulator.injectFaults({ kind: '429', retryAfterSeconds: 3, model });
    await assert.rejects(provider().complete(request(model)), (e: ProviderError) => e.code === 'RATE_LIMITED' && e.retryable && e.retryAfterMs === 3_000);
    simulator.injectFaults({ kind: '500', model });
    await assert.rejects(provider().complete(request(model)), (e: ProviderError) => e.code === 'SERVER_ERROR' && e.retryable);
    simulator.injectFaults({ kind: 'malformed-json', model });
    const malformed = await provider().complete(request(model)).then(
      (r) => parseAnswer(r.answer, 4).size,
      (e: ProviderError) => { assert.equal(e.code, 'MALFORMED_ANSWER'); assert.ok(e.usage?.outputTokens); return -1; },
    );
    assert.ok(malformed < 4, 'a malformed answer yields no complete pack');
  });

  test(`${name}: a call past its timeout is a retryable TIMEOUT`, async () => {
    simulator.injectFaults({ kind: 'timeout', model });
    await assert.rejects(provider().complete({ ...request(model, 1), timeoutMs: 300 }), (e: ProviderError) => e.code === 'TIMEOUT' && e.retryable);
  });
}

test('secrets in the request never reach the simulator log in clear', () => {
  for (const recorded of simulator.requests) {
    assert.ok(!JSON.stringify(recorded.headers).includes('sk-test'));
    assert.ok(!JSON.stringify(recorded.headers).includes('sk-ant-test'));
  }
});

test('an OpenAI-compatible server (vLLM, TGI, llama.cpp) is served through baseURL with max_tokens', async () => {
  const local = createOpenAiProvider({ name: 'local-vllm', apiKey: 'none', baseURL: simulator.openaiBaseUrl, compatible: true, clock: systemClock });
  const result = await local.complete(request('meta-llama/Llama-3.1-8B-Instruct', 2));
  assert.equal(parseAnswer(result.answer, 2).size, 2);
  const body = simulator.requests.at(-1)!.body as Record<string, unknown>;
  assert.equal(body.model, 'meta-llama/Llama-3.1-8B-Instruct');
  assert.equal(body.max_tokens, 2_000);
  assert.equal(body.max_completion_tokens, undefined);
});
