/**
 * The simulator driven by the official SDKs over HTTP, exactly as the service's providers use
 * them: structured output from OpenAI, forced tool use from Anthropic, embeddings, prompt caching
 * in each provider's usage convention, and the request log.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { parseAnswer } from '#src/providers/extraction-prompt.ts';
import { asPairs, chatBody, LONG_SYSTEM, loadExamples, messagesBody } from './support.ts';

const examples = loadExamples();
let time = Date.parse('2026-11-27T10:00:00Z');
let sim: Simulator;
let openai: OpenAI;
let anthropic: Anthropic;

before(async () => {
  sim = await startSimulator({ truth: asPairs(examples), timeScale: 0, clock: { now: () => time } });
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: sim.openaiBaseUrl, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: sim.anthropicBaseUrl, maxRetries: 0 });
});
after(() => sim.close());

test('OpenAI structured output: content is the JSON answer, one result per record, with full usage', async () => {
  const { data, response } = await openai.chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 6))).withResponse();
  assert.equal(data.object, 'chat.completion');
  assert.match(data.id, /^chatcmpl-/);
  assert.equal(data.model, 'gpt-4.1');
  assert.match(data.system_fingerprint ?? '', /^fp_/);
  assert.equal(data.choices[0]?.finish_reason, 'stop');
  const answers = parseAnswer(data.choices[0]?.message.content, 6);
  assert.ok(answers.size >= 5, `only ${answers.size} well-formed results`);
  assert.ok(data.usage && data.usage.prompt_tokens > 600 && data.usage.completion_tokens > 100);
  assert.equal(data.usage.total_tokens, data.usage.prompt_tokens + data.usage.completion_tokens);
  assert.equal(data.usage.prompt_tokens_details?.cached_tokens, 0);
  assert.equal(data.usage.completion_tokens_details?.reasoning_tokens, 0);
  assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  assert.ok(Number(response.headers.get('openai-processing-ms')) > 0);
  assert.ok(Number(response.headers.get('x-ratelimit-remaining-requests')) > 0);
});

test('OpenAI caching: the second call with a ≥1,024-token prefix reports cached tokens inside prompt_tokens', async () => {
  const body = chatBody('gpt-4o-mini', examples.slice(0, 3), LONG_SYSTEM);
  const first = await openai.chat.completions.create(body);
  const second = await openai.chat.completions.create(body);
  assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 0);
  const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
  assert.ok(cached >= 1024 && cached % 128 === 0, `cached ${cached}`);
  assert.equal(second.usage?.prompt_tokens, first.usage?.prompt_tokens, 'prompt_tokens includes the cached ones');
  assert.ok(cached < (second.usage?.prompt_tokens ?? 0));
  time += 6 * 60 * 1000; // past the 5-minute lifetime
  const third = await openai.chat.completions.create(body);
  assert.equal(third.usage?.prompt_tokens_details?.cached_tokens, 0);
  const billed = sim.billed['gpt-4o-mini']!;
  assert.equal(billed.cachedInput, cached);
  assert.equal(billed.input + billed.cachedInput, 3 * (first.usage?.prompt_tokens ?? 0));
});

test("OpenAI caching on a GPT-6 model: the prefix's first call reports (and bills) a cache write, the next a cache read", async () => {
  const body = chatBody('gpt-6-luna', examples.slice(0, 3), LONG_SYSTEM);
  const first = await openai.chat.completions.create({ ...body, reasoning_effort: 'none' });
  const second = await openai.chat.completions.create({ ...body, reasoning_effort: 'none' });
  const written = first.usage?.prompt_tokens_details?.cache_write_tokens ?? 0;
  assert.ok(written >= 1024 && written % 128 === 0, `wrote ${written}`);
  assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 0);
  assert.equal(second.usage?.prompt_tokens_details?.cached_tokens, written);
  assert.equal(second.usage?.prompt_tokens_details?.cache_write_tokens, undefined);
  assert.equal(sim.billed['gpt-6-luna']?.cacheWrite, written);
});

test('OpenAI caching: a prefix below 1,024 tokens is never cached', async () => {
  const body = chatBody('gpt-4.1', examples.slice(0, 2), 'Extract the fields.');
  await openai.chat.completions.create(body);
  const again = await openai.chat.completions.create(body);
  assert.equal(again.usage?.prompt_tokens_details?.cached_tokens, 0);
});

test('Anthropic forced tool use: the tool_use input is the answer object', async () => {
  const { data, response } = await anthropic.messages.create(messagesBody('claude-sonnet-4-6', examples.slice(0, 6))).withResponse();
  assert.equal(data.type, 'message');
  assert.match(data.id, /^msg_/);
  assert.equal(data.stop_reason, 'tool_use');
  const block = data.content[0];
  assert.ok(block?.type === 'tool_use');
  assert.equal(block.name, 'record_extractions');
  assert.match(block.id, /^toolu_/);
  assert.ok(parseAnswer(block.input, 6).size >= 5);
  assert.equal(data.usage.cache_read_input_tokens, 0);
  assert.equal(data.usage.cache_creation_input_tokens, 0);
  assert.ok(data.usage.input_tokens > 1000, 'tools, tool-use prompt, system and user message');
  assert.match(response.headers.get('request-id') ?? '', /^req_/);
  assert.ok(response.headers.get('anthropic-ratelimit-requests-remaining'));
});

test('Anthropic caching: cache_control on the system block writes once, then reads; input_tokens excludes both', async () => {
  const body = messagesBody('claude-sonnet-4-5', examples.slice(0, 4), { cache: true });
  const first = await anthropic.messages.create(body);
  const second = await anthropic.messages.create(body);
  const written = first.usage.cache_creation_input_tokens ?? 0;
  assert.ok(written >= 1024, `written ${written}`);
  assert.equal(first.usage.cache_read_input_tokens, 0);
  assert.equal(first.usage.cache_creation?.ephemeral_5m_input_tokens, written);
  assert.equal(second.usage.cache_creation_input_tokens, 0);
  assert.equal(second.usage.cache_read_input_tokens, written);
  assert.equal(second.usage.input_tokens, first.usage.input_tokens);
  assert.equal(sim.billed['claude-sonnet-4-5']?.cacheWrite, written);
  // The same prefix is under the minimum of models that cache only longer ones: billed as input.
  const haiku = await anthropic.messages.create({ ...body, model: 'claude-haiku-4-5' });
  assert.deepEqual([haiku.usage.cache_creation_input_tokens, haiku.usage.cache_read_input_tokens], [0, 0]);
  assert.ok(haiku.usage.input_tokens >= written);
});

test('embeddings: deterministic unit vectors, dimensions honoured, in float and in the SDK default base64', async () => {
  const texts = ['SQ *BLUE BOTTLE COFFE OAKLAND CA', 'SQ *BLUE BOTTLE COFFEE OAKLAND', 'PAYROLL ACME CORP DIR DEP'];
  const base64 = await openai.embeddings.create({ model: 'text-embedding-3-small', input: texts, dimensions: 64 });
  const float = await openai.embeddings.create({ model: 'text-embedding-3-small', input: texts, dimensions: 64, encoding_format: 'float' });
  assert.equal(base64.object, 'list');
  assert.equal(base64.data.length, 3);
  const vectors = base64.data.map((item) => Array.from(item.embedding));
  for (const [at, vector] of vectors.entries()) {
    assert.equal(vector.length, 64);
    assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
    assert.deepEqual(vector, float.data[at]?.embedding);
  }
  const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);
  assert.ok(cosine(vectors[0]!, vectors[1]!) > cosine(vectors[0]!, vectors[2]!) + 0.3);
  assert.ok(base64.usage.prompt_tokens > 10);
  assert.equal(base64.usage.total_tokens, base64.usage.prompt_tokens);
  const single = await openai.embeddings.create({ model: 'text-embedding-3-small', input: texts[0]! });
  assert.equal(single.data[0]?.embedding.length, 1536);
});

test('every request is recorded with its path, parsed body, clock time and headers minus credentials', async () => {
  const before = sim.requests.length;
  await openai.chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1)));
  await anthropic.messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1)));
  const [chat, messages] = sim.requests.slice(before);
  assert.equal(chat?.path, '/v1/chat/completions');
  assert.equal(chat?.headers.authorization, '[redacted]');
  assert.equal(chat?.headers['x-stainless-retry-count'], '0');
  assert.equal((chat?.body as { model: string } | undefined)?.model, 'gpt-4.1');
  assert.equal(chat?.time, time);
  assert.equal(chat?.status, 200);
  assert.equal(messages?.path, '/v1/messages');
  // @anthropic-ai/sdk 1.x sends the API key as a bearer token, not as x-api-key.
  assert.equal(messages?.headers.authorization, '[redacted]');
  assert.ok(messages?.headers['anthropic-version']);
  assert.ok(!JSON.stringify(sim.requests).includes('sk-test') && !JSON.stringify(sim.requests).includes('sk-ant-test'));
});

test('requests the real APIs reject are rejected in their formats', async () => {
  const noKey = await fetch(`${sim.openaiBaseUrl}/chat/completions`, { method: 'POST', body: '{}' });
  assert.equal(noKey.status, 401);
  assert.equal(((await noKey.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  await assert.rejects(
    openai.chat.completions.create({ model: 'gpt-4.1', messages: [] }),
    (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'messages',
  );
  await assert.rejects(openai.models.list(), (error: unknown) => error instanceof OpenAI.NotFoundError);
  await assert.rejects(
    anthropic.messages.create({ ...messagesBody('claude-haiku-4-5', examples.slice(0, 1)), tool_choice: { type: 'tool', name: 'nope' } }),
    (error: unknown) => error instanceof Anthropic.BadRequestError && error.type === 'invalid_request_error',
  );
});

test('max tokens cut the answer: OpenAI finish_reason "length", Anthropic stop_reason "max_tokens"', async () => {
  const cut = await openai.chat.completions.create({ ...chatBody('gpt-4.1', examples.slice(0, 4)), max_completion_tokens: 20 });
  assert.equal(cut.choices[0]?.finish_reason, 'length');
  assert.equal(cut.usage?.completion_tokens, 20);
  assert.throws(() => JSON.parse(cut.choices[0]?.message.content ?? ''));
  const message = await anthropic.messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 4), { maxTokens: 20 }));
  assert.equal(message.stop_reason, 'max_tokens');
  assert.equal(message.usage.output_tokens, 20);
});

test('GET /_simulator/billed serves the billing totals, so a client of a standalone simulator can reconcile costs', async () => {
  await openai.chat.completions.create(chatBody('gpt-4.1-mini', examples.slice(0, 2)));
  const response = await fetch(`${sim.url}/_simulator/billed`);
  assert.equal(response.status, 200);
  const { billed } = (await response.json()) as { billed: Simulator['billed'] };
  assert.deepEqual(billed, sim.billed);
  assert.ok((billed['gpt-4.1-mini']?.calls ?? 0) >= 1);
  assert.equal((await fetch(`${sim.url}/_simulator/billed`, { method: 'POST', body: '{}' })).status, 405);
});
