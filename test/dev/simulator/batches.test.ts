/**
 * The Batch APIs as the official SDKs drive them against the simulator: OpenAI files and batches,
 * Anthropic message batches; the status moving on the simulator's clock; the answers the same as
 * in real time, billed apart; and the spoiled batches a client must survive.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import { manualClock } from '#src/common/clock.ts';
import { readMultipart } from '#src/dev/simulator/batches.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { parseAnswer } from '#src/providers/extraction-prompt.ts';
import { asPairs, chatBody, messagesBody, syntheticExamples } from './support.ts';

const examples = syntheticExamples(40);
const packs = [examples.slice(0, 10), examples.slice(10, 20), examples.slice(20, 30), examples.slice(30, 40)];
const clock = manualClock(Date.UTC(2026, 11, 4));
let sim: Simulator;
let openai: OpenAI;
let anthropic: Anthropic;

before(async () => {
  sim = await startSimulator({ truth: asPairs(examples), clock, timeScale: 1, batchTiming: { validatingMs: 1_000, runningMs: 60_000 } });
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: sim.openaiBaseUrl, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: sim.anthropicBaseUrl, maxRetries: 0 });
});
after(() => sim.close());

async function openaiBatch(model: string) {
  const lines = packs.map((pack, i) =>
    JSON.stringify({ custom_id: `pack-${i}`, method: 'POST', url: '/v1/chat/completions', body: chatBody(model, pack) }),
  );
  const file = await openai.files.create({ file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'packs.jsonl'), purpose: 'batch' });
  return openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
}

const linesOf = async (fileId: string | null | undefined) =>
  fileId ? (await (await openai.files.content(fileId)).text()).split('\n').filter((line) => line !== '') : [];

test('OpenAI: upload, create, validating → in_progress → completed on the clock; answers as in real time, billed apart', async () => {
  const batch = await openaiBatch('gpt-4o-mini');
  assert.equal(batch.status, 'validating');
  assert.equal(batch.request_counts?.total, 4);
  clock.advance(1_000);
  assert.equal((await openai.batches.retrieve(batch.id)).status, 'in_progress');
  clock.advance(60_000);
  const done = await openai.batches.retrieve(batch.id);
  assert.equal(done.status, 'completed');
  assert.deepEqual(done.request_counts, { total: 4, completed: 4, failed: 0 });
  assert.equal(done.error_file_id, null);
  const lines = (await linesOf(done.output_file_id)).map((line) => JSON.parse(line));
  assert.deepEqual(lines.map((l) => l.custom_id).sort(), ['pack-0', 'pack-1', 'pack-2', 'pack-3']);
  const realTime = await openai.chat.completions.create(chatBody('gpt-4o-mini', packs[2]!));
  const batched = lines.find((l) => l.custom_id === 'pack-2')!.response.body;
  assert.deepEqual(parseAnswer(batched.choices[0].message.content, 10), parseAnswer(realTime.choices[0]?.message.content, 10));
  assert.equal(sim.billedBatch['gpt-4o-mini']?.calls, 4);
  assert.equal(sim.billed['gpt-4o-mini']?.calls, 1, 'only the real-time call is billed at the full price');
  // Looked at again, the same files: the answers are made and billed once.
  assert.equal((await openai.batches.retrieve(batch.id)).output_file_id, done.output_file_id);
  assert.equal(sim.billedBatch['gpt-4o-mini']?.calls, 4);
});

test('Anthropic: create with the requests inline, in_progress → ended, results streamed as JSONL from results_url', async () => {
  const batch = await anthropic.messages.batches.create({
    requests: packs.map((pack, i) => ({ custom_id: `pack-${i}`, params: messagesBody('claude-haiku-4-5', pack) })),
  });
  assert.equal(batch.processing_status, 'in_progress');
  assert.equal(batch.results_url, null);
  await assert.rejects(anthropic.messages.batches.results(batch.id), /results_url/);
  clock.advance(60_000);
  const ended = await anthropic.messages.batches.retrieve(batch.id);
  assert.equal(ended.processing_status, 'ended');
  assert.equal(ended.request_counts.succeeded, 4);
  const results = [];
  for await (const item of await anthropic.messages.batches.results(batch.id)) results.push(item);
  assert.deepEqual(results.map((r) => r.custom_id).sort(), ['pack-0', 'pack-1', 'pack-2', 'pack-3']);
  const first = results.find((r) => r.custom_id === 'pack-0')!;
  assert.equal(first.result.type, 'succeeded');
  const block = first.result.type === 'succeeded' ? first.result.message.content.find((c) => c.type === 'tool_use') : undefined;
  assert.equal(parseAnswer(block?.type === 'tool_use' ? block.input : undefined, 10).size, 10);
  assert.equal(sim.billedBatch['claude-haiku-4-5']?.calls, 4);
});

test('OpenAI: a reasoning model reasons in a batch too, billed as output, and an effort it refuses is that line’s 400', async () => {
  const lines = (['low', 'none'] as const).map((effort) =>
    JSON.stringify({
      custom_id: effort,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { ...chatBody('gpt-6.2-sol', packs[0]!), reasoning_effort: effort },
    }),
  );
  const file = await openai.files.create({ file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'sol.jsonl'), purpose: 'batch' });
  const batch = await openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
  clock.advance(61_000);
  const done = await openai.batches.retrieve(batch.id);
  assert.deepEqual(done.request_counts, { total: 2, completed: 1, failed: 1 });
  const [answered] = (await linesOf(done.output_file_id)).map((line) => JSON.parse(line));
  const usage = answered.response.body.usage as OpenAI.CompletionUsage;
  assert.equal(answered.custom_id, 'low');
  const reasoned = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  assert.ok(reasoned > 0 && usage.completion_tokens > reasoned, 'reasoning billed as output, beside the answer');
  assert.equal(sim.billedBatch['gpt-6.2-sol']?.output, usage.completion_tokens, 'the refused line is not billed');
  const [refused] = (await linesOf(done.error_file_id)).map((line) => JSON.parse(line));
  assert.equal(refused.custom_id, 'none');
  assert.equal(refused.response.status_code, 400);
  assert.equal(refused.response.body.error.code, 'unsupported_value');
});

test('spoiled batches: expired, per-request errors, lines missing, for unknown ids, or not JSON', async () => {
  const finish = async (create: () => Promise<OpenAI.Batch>) => {
    const batch = await create();
    clock.advance(61_000);
    return openai.batches.retrieve(batch.id);
  };
  sim.injectFaults({ batch: 'expire' });
  const expired = await finish(() => openaiBatch('gpt-4.1'));
  assert.equal(expired.status, 'expired');
  assert.equal(expired.output_file_id, null);
  assert.deepEqual(
    (await linesOf(expired.error_file_id)).map((l) => JSON.parse(l).error.code),
    ['batch_expired', 'batch_expired', 'batch_expired', 'batch_expired'],
  );
  sim.injectFaults({ batch: 'request-errors', share: 0.5 });
  const errored = await finish(() => openaiBatch('gpt-4.1'));
  assert.deepEqual(errored.request_counts, { total: 4, completed: 2, failed: 2 });
  assert.equal((await linesOf(errored.error_file_id)).length, 2);
  sim.injectFaults([
    { batch: 'missing-lines', share: 0.25 },
    { batch: 'unknown-ids', share: 0.25 },
    { batch: 'malformed-lines', share: 0.25 },
  ]);
  assert.equal((await linesOf((await finish(() => openaiBatch('gpt-4.1'))).output_file_id)).length, 3);
  const unknown = (await linesOf((await finish(() => openaiBatch('gpt-4.1'))).output_file_id)).map((l) => JSON.parse(l).custom_id);
  assert.ok(unknown.includes('pack-0-unknown') && !unknown.includes('pack-0'), unknown.join());
  const malformed = await linesOf((await finish(() => openaiBatch('gpt-4.1'))).output_file_id);
  assert.equal(malformed.filter((line) => !isJson(line)).length, 1);
  const good = await finish(() => openaiBatch('gpt-4.1'));
  assert.equal(good.status, 'completed', 'a plan spoils as many batches as it says, no more');
  assert.equal((await linesOf(good.output_file_id)).filter(isJson).length, 4);
});

test('a batch for an unknown file, or a file upload for another purpose, is refused as the API refuses it', async () => {
  await assert.rejects(
    openai.batches.create({ input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' }),
    (error: unknown) => error instanceof OpenAI.BadRequestError,
  );
  await assert.rejects(
    openai.files.create({ file: await toFile(Buffer.from('{}\n'), 'x.jsonl'), purpose: 'fine-tune' }),
    (error: unknown) => error instanceof OpenAI.BadRequestError,
  );
  await assert.rejects(anthropic.messages.batches.retrieve('msgbatch_nope'), (error: unknown) => error instanceof Anthropic.NotFoundError);
});

test('multipart bodies: the fields by name, a file with its name', () => {
  const body =
    '--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n{"x":1}\n\r\n--b--\r\n';
  const parts = readMultipart('multipart/form-data; boundary=b', body);
  assert.equal(parts.get('purpose')?.content, 'batch');
  assert.deepEqual(parts.get('file'), { filename: 'a.jsonl', content: '{"x":1}\n' });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
