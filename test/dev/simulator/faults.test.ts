/**
 * Injected faults as the official SDKs experience them: retried rate limits honouring
 * Retry-After, refused keys, server errors and overload surfacing as the SDKs' own error classes,
 * held connections ending in the SDKs' timeout errors, malformed answers, and a close() that does
 * not wait for a held connection.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { parseAnswer } from '#src/providers/extraction-prompt.ts';
import { asPairs, chatBody, loadExamples, messagesBody } from './support.ts';

const examples = loadExamples();
let sim: Simulator;
const openaiClient = (options: { maxRetries?: number; timeout?: number } = {}) =>
  new OpenAI({ apiKey: 'sk-test', baseURL: sim.openaiBaseUrl, maxRetries: options.maxRetries ?? 0, timeout: options.timeout ?? 10_000 });
const anthropicClient = (options: { maxRetries?: number; timeout?: number } = {}) =>
  new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: sim.anthropicBaseUrl,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeout ?? 10_000,
  });

beforeEach(async () => {
  sim = await startSimulator({ truth: asPairs(examples), timeScale: 0 });
});
afterEach(() => sim.close());

test('a 429 with Retry-After is retried by the openai SDK, which then succeeds', async () => {
  sim.injectFaults({ kind: '429', count: 1, retryAfterSeconds: 0 });
  const completion = await openaiClient({ maxRetries: 1 }).chat.completions.create(chatBody('gpt-4o-mini', examples.slice(0, 2)));
  assert.equal(parseAnswer(completion.choices[0]?.message.content, 2).size > 0, true);
  assert.equal(sim.requests.length, 2);
  assert.deepEqual(
    sim.requests.map((request) => [request.status, request.fault]),
    [
      [429, '429'],
      [200, undefined],
    ],
  );
  assert.equal(sim.requests[1]?.headers['x-stainless-retry-count'], '1');
  assert.equal(sim.billed['gpt-4o-mini']?.calls, 1, 'a rejected call is not billed');
});

test("a 429 without retries is the openai RateLimitError with OpenAI's body and Retry-After", async () => {
  sim.injectFaults({ kind: '429', retryAfterSeconds: 7 });
  await assert.rejects(openaiClient().chat.completions.create(chatBody('gpt-4o-mini', examples.slice(0, 1))), (error: unknown) => {
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(error.headers?.get('retry-after'), '7');
    assert.match(error.requestID ?? '', /^req_/);
    return true;
  });
});

test("a 429 is Anthropic's rate_limit_error, retried by its SDK", async () => {
  sim.injectFaults({ kind: '429', retryAfterSeconds: 1, path: '/v1/messages' });
  await assert.rejects(
    anthropicClient().messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1))),
    (error: unknown) =>
      error instanceof Anthropic.RateLimitError && error.type === 'rate_limit_error' && error.headers?.get('retry-after') === '1',
  );
  sim.injectFaults({ kind: '429', retryAfterSeconds: 0 });
  const message = await anthropicClient({ maxRetries: 1 }).messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1)));
  assert.equal(message.stop_reason, 'tool_use');
  assert.equal(sim.requests.length, 3);
});

test("a 500 surfaces as the SDKs' APIError with status 500 when they may not retry", async () => {
  sim.injectFaults({ kind: '500', count: 2 });
  await assert.rejects(
    openaiClient().chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1))),
    (error: unknown) =>
      error instanceof OpenAI.APIError &&
      error.status === 500 &&
      error instanceof OpenAI.InternalServerError &&
      error.type === 'server_error',
  );
  await assert.rejects(
    anthropicClient().messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1))),
    (error: unknown) => error instanceof Anthropic.APIError && error.status === 500 && error.type === 'api_error',
  );
});

test("a 529 is Anthropic's overloaded_error; on an OpenAI path it is a 503", async () => {
  sim.injectFaults([
    { kind: '529', path: '/v1/messages' },
    { kind: '529', path: '/v1/chat/completions' },
  ]);
  await assert.rejects(
    anthropicClient().messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1))),
    (error: unknown) => error instanceof Anthropic.InternalServerError && error.status === 529 && error.type === 'overloaded_error',
  );
  await assert.rejects(
    openaiClient().chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1))),
    (error: unknown) => error instanceof OpenAI.InternalServerError && error.status === 503,
  );
});

test("a 401 is each SDK's AuthenticationError, names no key, and is not billed", async () => {
  sim.injectFaults([
    { kind: '401', path: '/v1/chat/completions' },
    { kind: '401', path: '/v1/messages' },
  ]);
  await assert.rejects(
    openaiClient().chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1))),
    (error: unknown) =>
      error instanceof OpenAI.AuthenticationError &&
      error.status === 401 &&
      error.code === 'invalid_api_key' &&
      !error.message.includes('sk-test'),
  );
  await assert.rejects(
    anthropicClient().messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1))),
    (error: unknown) => error instanceof Anthropic.AuthenticationError && error.status === 401 && error.type === 'authentication_error',
  );
  assert.deepEqual(
    sim.requests.map((request) => [request.status, request.fault]),
    [
      [401, '401'],
      [401, '401'],
    ],
  );
  assert.deepEqual(sim.billed, {});
});

test('faults can target one model', async () => {
  sim.injectFaults({ kind: '500', model: 'gpt-4.1' });
  await openaiClient().chat.completions.create(chatBody('gpt-4o-mini', examples.slice(0, 1)));
  await assert.rejects(openaiClient().chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1))));
});

test("a held connection ends in each SDK's timeout error", async () => {
  sim.injectFaults({ kind: 'timeout', count: 2 });
  const started = Date.now();
  await assert.rejects(
    openaiClient({ timeout: 300 }).chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1))),
    (error: unknown) => error instanceof OpenAI.APIConnectionTimeoutError,
  );
  await assert.rejects(
    anthropicClient({ timeout: 300 }).messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1))),
    (error: unknown) => error instanceof Anthropic.APIConnectionTimeoutError,
  );
  assert.ok(Date.now() - started < 5_000);
  assert.deepEqual(
    sim.requests.map((request) => request.fault),
    ['timeout', 'timeout'],
  );
});

test('malformed JSON: OpenAI content that does not parse, an Anthropic tool call cut short; both billed', async () => {
  sim.injectFaults({ kind: 'malformed-json', count: 2 });
  const completion = await openaiClient().chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 3)));
  assert.throws(() => JSON.parse(completion.choices[0]?.message.content ?? ''), SyntaxError);
  assert.equal(parseAnswer(completion.choices[0]?.message.content, 3).size, 0);
  assert.ok((completion.usage?.completion_tokens ?? 0) > 0);
  const message = await anthropicClient().messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 3)));
  assert.equal(message.stop_reason, 'max_tokens');
  const block = message.content[0];
  assert.ok(block?.type === 'tool_use');
  assert.equal(parseAnswer(block.input, 3).size, 0);
  assert.equal(sim.billed['gpt-4.1']?.calls, 1);
  assert.equal(sim.billed['claude-haiku-4-5']?.calls, 1);
});

test('the control endpoint queues faults over HTTP and rejects a wrong plan', async () => {
  const queued = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify({ kind: '500', count: 1 }) });
  assert.equal(queued.status, 200);
  assert.deepEqual(await queued.json(), { pending: 1, windows: 0 });
  const wrong = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify({ kind: '418' }) });
  assert.equal(wrong.status, 400);
  await assert.rejects(
    openaiClient().chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1))),
    (error: unknown) => error instanceof OpenAI.InternalServerError,
  );
  assert.equal(sim.requests.length, 1, 'control calls are not in the request log');
});

test('close() is prompt even while a connection is held and a slow answer is sleeping', async () => {
  const slow = await startSimulator({ truth: asPairs(examples), timeScale: 1000 });
  slow.injectFaults({ kind: 'timeout' });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: slow.openaiBaseUrl, maxRetries: 0, timeout: 60_000 });
  const held = client.chat.completions.create(chatBody('gpt-4.1', examples.slice(0, 1))).catch((error: unknown) => error);
  const sleeping = client.chat.completions.create(chatBody('gpt-4.1', examples.slice(1, 2))).catch((error: unknown) => error);
  while (slow.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  const started = Date.now();
  await slow.close();
  assert.ok(Date.now() - started < 1_000, `close took ${Date.now() - started} ms`);
  assert.ok((await held) instanceof OpenAI.APIConnectionError);
  assert.ok((await sleeping) instanceof OpenAI.APIConnectionError);
  await slow.close(); // idempotent
});
