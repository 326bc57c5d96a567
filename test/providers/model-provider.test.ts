/**
 * Every ModelProvider adapter passes the port's conformance suite through its official SDK
 * against the provider simulator: OpenAI chat completions, Anthropic messages, and the OpenAI
 * adapter speaking to an OpenAI-compatible server. Below the suite, the request fields that only
 * one adapter sends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '#src/common/clock.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { createAnthropicProvider } from '#src/providers/anthropic-provider.ts';
import { ANSWER_JSON_SCHEMA, ANSWER_NAME, buildUserMessage, EXTRACTION_INSTRUCTIONS } from '#src/providers/extraction-prompt.ts';
import type { CompletionRequest } from '#src/providers/model-provider.ts';
import { chatCompletionBody, createOpenAiProvider } from '#src/providers/openai-provider.ts';
import { modelProviderConformance } from '#test/providers/model-provider-conformance.ts';

modelProviderConformance('OpenAI chat completions', (simulator) => {
  const configured = { name: 'openai', simulated: true, apiKey: 'sk-conformance-openai' };
  return {
    provider: createOpenAiProvider({ ...configured, baseURL: simulator.openaiBaseUrl, clock: systemClock }),
    model: 'gpt-4.1',
    configured,
  };
});

modelProviderConformance('Anthropic messages', (simulator) => {
  const configured = { name: 'anthropic', simulated: true, apiKey: 'sk-ant-conformance' };
  return {
    provider: createAnthropicProvider({ ...configured, baseURL: simulator.anthropicBaseUrl, clock: systemClock }),
    // A model whose minimum cacheable prefix (1,024 tokens) the instruction prefix reaches, so the
    // suite sees cache writes and reads.
    model: 'claude-sonnet-4-5',
    configured,
  };
});

// `simulated: false` here proves the flag is passed through rather than assumed from the base URL.
modelProviderConformance('OpenAI-compatible server (vLLM, TGI, llama.cpp)', (simulator) => {
  const configured = { name: 'local-vllm', simulated: false, apiKey: 'sk-conformance-vllm' };
  const provider = createOpenAiProvider({ ...configured, baseURL: simulator.openaiBaseUrl, compatible: true, clock: systemClock });
  return { provider, model: 'meta-llama/Llama-3.1-8B-Instruct', configured };
});

describe('adapter-specific request fields', () => {
  let simulator: Simulator;
  before(async () => {
    simulator = await startSimulator({ truth: [], timeScale: 0 });
  });
  after(() => simulator.close());

  const request = (model: string): CompletionRequest => ({
    model,
    system: EXTRACTION_INSTRUCTIONS,
    user: buildUserMessage([{ i: 0, text: 'CARD PURCHASE SHELL OIL 11/02 42.10' }]),
    schema: { name: ANSWER_NAME, schema: ANSWER_JSON_SCHEMA as unknown as Record<string, unknown> },
    maxOutputTokens: 1_234,
    timeoutMs: 30_000,
  });
  const lastBody = () => simulator.requests.at(-1)!.body as Record<string, unknown>;

  test('OpenAI: a strict JSON-schema response format, system then user, and max_completion_tokens', async () => {
    const provider = createOpenAiProvider({ name: 'openai', apiKey: 'k', baseURL: simulator.openaiBaseUrl, clock: systemClock });
    assert.equal(provider.simulated, false, 'simulated defaults to false');
    await provider.complete(request('gpt-4.1-mini'));
    const body = lastBody();
    assert.deepEqual(body.response_format, {
      type: 'json_schema',
      json_schema: { name: ANSWER_NAME, schema: ANSWER_JSON_SCHEMA, strict: true },
    });
    assert.deepEqual(
      (body.messages as { role: string }[]).map((m) => m.role),
      ['system', 'user'],
    );
    assert.deepEqual([body.max_completion_tokens, body.max_tokens], [1_234, undefined]);
  });

  test('OpenAI-compatible: max_tokens instead of max_completion_tokens, the model name passed as is', async () => {
    const provider = createOpenAiProvider({
      name: 'local-vllm',
      apiKey: 'none',
      baseURL: simulator.openaiBaseUrl,
      compatible: true,
      clock: systemClock,
    });
    await provider.complete(request('meta-llama/Llama-3.1-8B-Instruct'));
    const body = lastBody();
    assert.deepEqual([body.model, body.max_tokens, body.max_completion_tokens], ['meta-llama/Llama-3.1-8B-Instruct', 1_234, undefined]);
  });

  test('OpenAI: the reasoning effort a call names goes as reasoning_effort, and none when it names none', async () => {
    const provider = createOpenAiProvider({ name: 'openai', apiKey: 'k', baseURL: simulator.openaiBaseUrl, clock: systemClock });
    await provider.complete({ ...request('gpt-6.2-sol'), reasoningEffort: 'low' });
    assert.deepEqual([lastBody().reasoning_effort, lastBody().max_completion_tokens], ['low', 1_234]);
    await provider.complete({ ...request('gpt-6-luna'), reasoningEffort: 'none' });
    assert.equal(lastBody().reasoning_effort, 'none');
    await provider.complete(request('gpt-4.1-mini'));
    assert.equal('reasoning_effort' in lastBody(), false);
  });

  test('the same body for OpenAI-compatible servers and for the lines of a batch (chatCompletionBody)', () => {
    const { timeoutMs: _timeout, ...call } = { ...request('gpt-oss-20b'), reasoningEffort: 'medium' as const };
    assert.deepEqual([chatCompletionBody(call, true).reasoning_effort, chatCompletionBody(call, true).max_tokens], ['medium', 1_234]);
    assert.equal(chatCompletionBody(call, false).reasoning_effort, 'medium');
    assert.equal('reasoning_effort' in chatCompletionBody(request('gpt-4.1'), false), false);
  });

  test('Anthropic: the answer schema as one forced tool, and the instruction prefix marked for prompt caching', async () => {
    const provider = createAnthropicProvider({ name: 'anthropic', apiKey: 'k', baseURL: simulator.anthropicBaseUrl, clock: systemClock });
    assert.equal(provider.simulated, false, 'simulated defaults to false');
    await provider.complete(request('claude-haiku-4-5'));
    const body = lastBody();
    const tools = body.tools as { name: string; input_schema: unknown }[];
    assert.deepEqual(
      tools.map((t) => [t.name, t.input_schema]),
      [[ANSWER_NAME, ANSWER_JSON_SCHEMA]],
    );
    assert.deepEqual(body.tool_choice, { type: 'tool', name: ANSWER_NAME });
    assert.deepEqual(body.system, [{ type: 'text', text: EXTRACTION_INSTRUCTIONS, cache_control: { type: 'ephemeral' } }]);
    assert.equal(body.max_tokens, 1_234);
  });
});
