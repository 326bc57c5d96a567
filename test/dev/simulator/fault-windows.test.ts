/**
 * Failures by rate for a stretch of time, and a provider down at runtime: the share of requests
 * that fail, which kinds, for how long, to which paths; the same failures again for the same seed;
 * and the control endpoint and request log as a fault suite drives them over HTTP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { FaultWindows } from '#src/dev/simulator/fault-windows.ts';
import { type RecordedRequest, startSimulator } from '#src/dev/simulator/simulator.ts';
import { asPairs, chatBody, loadExamples, messagesBody } from './support.ts';

const CHAT = { path: '/v1/chat/completions', model: 'gpt-4o-mini' };
const MESSAGES = { path: '/v1/messages', model: 'claude-haiku-4-5' };

function draws(windows: FaultWindows, count: number, request = CHAT): (string | undefined)[] {
  return Array.from({ length: count }, () => windows.take(request)?.kind);
}

test('a 20 % window fails about a fifth of the requests, with every kind it names and no other', () => {
  const windows = new FaultWindows({ seed: 7, now: () => 0 });
  windows.add({ rate: 0.2, kinds: ['429', '500', 'timeout'], forMs: 60_000 });
  const kinds = draws(windows, 5_000);
  const failed = kinds.filter((k) => k !== undefined);
  assert.ok(failed.length > 900 && failed.length < 1_100, `${failed.length} of 5000 failed`);
  assert.deepEqual(new Set(failed), new Set(['429', '500', 'timeout']));
  for (const kind of ['429', '500', 'timeout']) {
    const share = failed.filter((k) => k === kind).length / failed.length;
    assert.ok(share > 0.25 && share < 0.42, `${kind}: ${share}`);
  }
});

test('the same seed fails the same requests; another seed others', () => {
  const run = (seed: number) => {
    const windows = new FaultWindows({ seed, now: () => 0 });
    windows.add({ rate: 0.2, kinds: ['429', '500'], forMs: 1_000 });
    return draws(windows, 200);
  };
  assert.deepEqual(run(3), run(3));
  assert.notDeepEqual(run(3), run(4));
});

test('a window closes forMs after it was added; a later one draws afresh', () => {
  let now = 1_000;
  const windows = new FaultWindows({ seed: 1, now: () => now });
  windows.add({ rate: 1, kinds: ['500'], forMs: 60_000 });
  assert.equal(windows.take(CHAT)?.kind, '500');
  assert.equal(windows.open, 1);
  now += 59_999;
  assert.equal(windows.take(CHAT)?.kind, '500');
  now += 1;
  assert.equal(windows.take(CHAT), undefined);
  assert.equal(windows.open, 0);
});

test('a provider down refuses every request to its paths as overloaded, and none of the other provider', () => {
  const windows = new FaultWindows({ seed: 1, now: () => 0 });
  windows.add({ down: 'anthropic', forMs: 30_000 });
  assert.deepEqual(new Set(draws(windows, 50, MESSAGES)), new Set(['529']));
  assert.deepEqual(new Set(draws(windows, 50, CHAT)), new Set([undefined]));
});

test('a window may be narrowed to one model or one path', () => {
  const windows = new FaultWindows({ seed: 1, now: () => 0 });
  windows.add({ rate: 1, kinds: ['429'], forMs: 1_000, model: 'gpt-4.1', retryAfterSeconds: 3 });
  assert.equal(windows.take(CHAT), undefined);
  assert.deepEqual(windows.take({ path: CHAT.path, model: 'gpt-4.1' }), { kind: '429', retryAfterSeconds: 3 });
});

test('wrong plans are refused with the reason', () => {
  const windows = new FaultWindows({ seed: 1, now: () => 0 });
  assert.throws(() => windows.add({ rate: 1.5, kinds: ['500'], forMs: 10 }), /rate must be a number from 0 to 1/);
  assert.throws(() => windows.add({ rate: 0.5, kinds: [], forMs: 10 }), /kinds must be a non-empty array/);
  assert.throws(() => windows.add({ rate: 0.5, kinds: ['500'], forMs: 0 }), /forMs must be a positive number/);
  assert.throws(() => windows.add({ down: 'mistral' as 'openai', forMs: 10 }), /down must be openai or anthropic/);
});

test('over HTTP: a window and an outage opened by the control endpoint, seen through the SDKs and the request log', async () => {
  let time = 0;
  const finished: RecordedRequest[] = [];
  const examples = loadExamples();
  const sim = await startSimulator({
    truth: asPairs(examples),
    timeScale: 0,
    clock: { now: () => time },
    onRequest: (request) => finished.push(request),
  });
  try {
    const openai = new OpenAI({ apiKey: 'sk-test', baseURL: sim.openaiBaseUrl, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: sim.anthropicBaseUrl, maxRetries: 0 });
    const control = (plan: unknown) => fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify(plan) });

    const opened = await control([
      { rate: 1, kinds: ['500'], forMs: 60_000, path: '/v1/chat/completions' },
      { down: 'anthropic', forMs: 30_000 },
    ]);
    assert.equal(opened.status, 200);
    assert.deepEqual(await opened.json(), { pending: 0, windows: 2 });
    await assert.rejects(openai.chat.completions.create(chatBody('gpt-4o-mini', examples.slice(0, 1))), OpenAI.InternalServerError);
    await assert.rejects(
      anthropic.messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 1))),
      (error: unknown) => error instanceof Anthropic.APIError && error.status === 529,
    );
    time += 30_000;
    const { data, request_id } = await anthropic.messages.create(messagesBody('claude-haiku-4-5', examples.slice(0, 2))).withResponse();
    assert.equal(data.stop_reason, 'tool_use', 'the outage is over after 30 s');
    await assert.rejects(openai.chat.completions.create(chatBody('gpt-4o-mini', examples.slice(0, 1))), OpenAI.InternalServerError);
    time += 30_000;
    await openai.chat.completions.create(chatBody('gpt-4o-mini', examples.slice(0, 1)));

    assert.deepEqual(
      finished.map((r) => [r.path, r.status, r.fault ?? null, r.billed === undefined ? 'unbilled' : 'billed']),
      [
        ['/v1/chat/completions', 500, '500', 'unbilled'],
        ['/v1/messages', 529, '529', 'unbilled'],
        ['/v1/messages', 200, null, 'billed'],
        ['/v1/chat/completions', 500, '500', 'unbilled'],
        ['/v1/chat/completions', 200, null, 'billed'],
      ],
    );
    const answered = finished[2]!;
    assert.equal(answered.requestId, request_id, 'the request id the SDK reports is the one recorded');
    assert.equal(answered.billed?.output, data.usage.output_tokens);
    assert.equal(new Set(finished.map((r) => r.requestId)).size, finished.length, 'each request its own id');

    const wrong = await control({ rate: 0.2, kinds: ['418'], forMs: 1_000 });
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { error: string }).error, /kinds must be/);
    assert.equal((await control({ down: 'openai' })).status, 400);
  } finally {
    await sim.close();
  }
});
