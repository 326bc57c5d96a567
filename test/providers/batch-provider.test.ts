/**
 * Both Batch API adapters against the provider simulator, through the official SDKs: a batch
 * submitted, looked at while it runs, its answers read as real-time answers once it has ended; and
 * the results a client must survive (per-request errors, lines missing, for unknown ids, or not
 * JSON; an expired batch).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { createAnthropicBatchProvider } from '#src/providers/anthropic-batch.ts';
import type { BatchProvider, BatchRequest, BatchStatus } from '#src/providers/batch-provider.ts';
import {
  ANSWER_JSON_SCHEMA,
  ANSWER_NAME,
  buildUserMessage,
  EXTRACTION_INSTRUCTIONS,
  parseAnswer,
} from '#src/providers/extraction-prompt.ts';
import { createOpenAiBatchProvider } from '#src/providers/openai-batch.ts';
import { asPairs, promptRecords, syntheticExamples } from '../dev/simulator/support.ts';

const examples = syntheticExamples(40);
const clock = manualClock(Date.UTC(2026, 11, 4));
let sim: Simulator;

before(async () => {
  sim = await startSimulator({ truth: asPairs(examples), clock, timeScale: 1, batchTiming: { validatingMs: 1_000, runningMs: 60_000 } });
});
after(() => sim.close());

const adapters: { label: string; model: string; make: () => BatchProvider }[] = [
  {
    label: 'OpenAI',
    model: 'gpt-4o-mini',
    make: () => createOpenAiBatchProvider({ name: 'openai', apiKey: 'sk-test', baseURL: sim.openaiBaseUrl, simulated: true, clock }),
  },
  {
    label: 'Anthropic',
    model: 'claude-haiku-4-5',
    make: () =>
      createAnthropicBatchProvider({ name: 'anthropic', apiKey: 'sk-ant-test', baseURL: sim.anthropicBaseUrl, simulated: true, clock }),
  },
];

function requests(model: string): BatchRequest[] {
  return [0, 1, 2, 3].map((k) => ({
    customId: `pack-${k}`,
    call: {
      model,
      system: EXTRACTION_INSTRUCTIONS,
      user: buildUserMessage(promptRecords(examples.slice(k * 10, k * 10 + 10))),
      schema: { name: ANSWER_NAME, schema: ANSWER_JSON_SCHEMA as unknown as Record<string, unknown> },
      maxOutputTokens: 4_096,
    },
  }));
}

const ids = new Set(['pack-0', 'pack-1', 'pack-2', 'pack-3']);

async function ended(provider: BatchProvider, model: string): Promise<Extract<BatchStatus, { state: 'ended' }>> {
  const id = await provider.submit(requests(model));
  assert.equal((await provider.status(id, ids)).state, 'running');
  clock.advance(61_000);
  const status = await provider.status(id, ids);
  assert.equal(status.state, 'ended');
  return status as Extract<BatchStatus, { state: 'ended' }>;
}

for (const { label, model, make } of adapters) {
  test(`${label}: a batch runs, then every request's answer comes back parsed, with its usage`, async () => {
    const status = await ended(make(), model);
    assert.equal(status.status, 'completed');
    assert.deepEqual([...status.answers.keys()].sort(), [...ids]);
    for (const answer of status.answers.values()) {
      assert.ok(answer.ok);
      // A pack's answer may carry a malformed entry now and then, as in real time.
      assert.ok(parseAnswer(answer.result.answer, 10).size >= 8);
      assert.ok((answer.result.usage.outputTokens ?? 0) > 0);
    }
    assert.deepEqual([status.unknownIds, status.unreadableLines], [[], 0]);
  });

  test(`${label}: per-request errors, missing lines, unknown ids and lines that are not JSON cost those lines only`, async () => {
    const provider = make();
    sim.injectFaults({ batch: 'request-errors', share: 0.5 });
    const errored = await ended(provider, model);
    const failed = [...errored.answers.values()].filter((a) => !a.ok);
    assert.equal(failed.length, 2);
    for (const answer of failed) assert.equal(answer.ok ? null : answer.error.code, 'SERVER_ERROR');
    sim.injectFaults({ batch: 'missing-lines', share: 0.25 });
    assert.equal((await ended(provider, model)).answers.size, 3);
    sim.injectFaults({ batch: 'unknown-ids', share: 0.25 });
    const unknown = await ended(provider, model);
    assert.deepEqual([unknown.answers.size, unknown.unknownIds], [3, ['pack-0-unknown']]);
    sim.injectFaults({ batch: 'malformed-lines', share: 0.25 });
    const malformed = await ended(provider, model);
    assert.deepEqual([malformed.answers.size, malformed.unreadableLines], [3, 1]);
  });

  test(`${label}: an expired batch answers nothing; each request says so, retryable`, async () => {
    sim.injectFaults({ batch: 'expire' });
    const status = await ended(make(), model);
    assert.equal(status.status, 'expired');
    for (const answer of status.answers.values()) {
      assert.equal(answer.ok, false);
      assert.equal(answer.ok ? null : answer.error.retryable, true);
    }
  });
}
