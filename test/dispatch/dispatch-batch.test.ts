/**
 * Dispatch to a tier through the Batch APIs, against the simulator through the real SDKs: every
 * record answered by a batch at the batch discount, what a spoiled batch leaves sent again in the
 * next one (never what it answered), and real time once the batches are spent.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import { systemClock } from '#src/common/clock.ts';
import { usageOfBilled } from '#src/dev/simulator/billed-usage.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { type BatchJournal, memoryJournal } from '#src/dispatch/batch-journal.ts';
import { BudgetGuard } from '#src/dispatch/budget-guard.ts';
import { type BatchEvent, dispatchToTierInBatches } from '#src/dispatch/dispatch-batch.ts';
import { dispatchToTier, type TierInput, type TierResult } from '#src/dispatch/dispatch-tier.ts';
import type { ModelTier } from '#src/dispatch/model-tier.ts';
import { callCost, loadPriceTable, priceOf } from '#src/pricing/price-table.ts';
import { NO_USAGE } from '#src/pricing/usage.ts';
import { createAnthropicBatchProvider } from '#src/providers/anthropic-batch.ts';
import { createOpenAiBatchProvider } from '#src/providers/openai-batch.ts';
import { asPairs, syntheticExamples } from '#test/dev/simulator/support.ts';
import { billedNano } from '#test/support/billing.ts';
import { simulatedProvider, testEndpoint } from '#test/support/endpoints.ts';

const examples = syntheticExamples(48);
const prices = loadPriceTable();
let simulator: Simulator;

before(async () => {
  simulator = await startSimulator({ truth: asPairs(examples), timeScale: 0 });
});
after(() => simulator.close());
beforeEach(() => {
  simulator.requests.length = 0;
  for (const billed of [simulator.billed, simulator.billedBatch]) for (const key of Object.keys(billed)) delete billed[key];
});

function tier(kind: 'openai' | 'anthropic', model: string): ModelTier {
  const endpoint = testEndpoint(simulatedProvider(simulator, kind), model);
  return { name: 'small', endpoints: [endpoint], packSize: 8, concurrency: 2, outputTokensPerRecord: 150, minConfidence: 0.8 };
}

function deps(events: BatchEvent[] = [], maxRounds = 2) {
  const batchProviders = new Map([
    [
      'openai',
      createOpenAiBatchProvider({ name: 'openai', apiKey: 'k', baseURL: simulator.openaiBaseUrl, simulated: true, clock: systemClock }),
    ],
    [
      'anthropic',
      createAnthropicBatchProvider({
        name: 'anthropic',
        apiKey: 'k',
        baseURL: simulator.anthropicBaseUrl,
        simulated: true,
        clock: systemClock,
      }),
    ],
  ]);
  return { prices, batchProviders, clock: systemClock, pollEveryMs: 5, maxRounds, onBatch: (e: BatchEvent) => events.push(e) };
}

const inputs: TierInput[] = examples.map((e, key) => ({ key, prompt: { text: e.text, ...(e.locale ? { locale: e.locale } : {}) } }));

const sharedNano = (result: TierResult) => [...result.shares.values()].flat().reduce((sum, s) => sum + s.nanoUsd, 0);

function billedBatchNano(): number {
  return Object.entries(simulator.billedBatch).reduce((sum, [model, b]) => {
    const provider = model.startsWith('claude') ? 'anthropic' : 'openai';
    return sum + callCost(priceOf(prices, provider, model), usageOfBilled(b), { batch: true });
  }, 0);
}

const realTimeCalls = () => simulator.requests.filter((r) => r.path === '/v1/chat/completions' || r.path === '/v1/messages').length;

for (const [kind, model] of [
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-haiku-4-5'],
] as const) {
  test(`${kind}: every record answered by one batch, each share at the batch discount, adding up to what was billed`, async () => {
    const events: BatchEvent[] = [];
    const result = await dispatchToTierInBatches(tier(kind, model), inputs, deps(events));
    assert.ok(result.answers.size >= inputs.length - 3, `answered ${result.answers.size}/${inputs.length}`);
    assert.equal(result.answers.size + result.failures.size, inputs.length);
    const submitted = events.find((e) => e.kind === 'submitted');
    assert.equal(submitted?.kind === 'submitted' && submitted.requests, 6, '48 records in packs of 8');
    for (const share of [...result.shares.values()].flat()) assert.equal(share.batch, true);
    // A malformed entry of a pack goes in the second batch: still no real-time call.
    assert.equal(realTimeCalls(), 0);
    assert.equal(sharedNano(result), billedBatchNano());
  });
}

test('a spoiled batch: what it answered is kept and paid once; what it did not goes in the next batch', async () => {
  simulator.injectFaults({ batch: 'request-errors', share: 0.5 });
  const events: BatchEvent[] = [];
  const result = await dispatchToTierInBatches(tier('openai', 'gpt-4.1'), inputs, deps(events));
  const ended = events.filter((e) => e.kind === 'ended');
  assert.equal(ended.length, 2);
  assert.equal(ended[0]!.kind === 'ended' && ended[0]!.retried >= 24, true, JSON.stringify(ended[0]));
  assert.ok(result.answers.size >= inputs.length - 3);
  assert.equal(sharedNano(result), billedBatchNano(), 'nothing paid twice');
  assert.equal(realTimeCalls(), 0);
});

test('expired batch after batch: what is left goes in real time', async () => {
  simulator.injectFaults({ batch: 'expire', count: 2 });
  const events: BatchEvent[] = [];
  const result = await dispatchToTierInBatches(tier('openai', 'gpt-4o-mini'), inputs, deps(events, 2));
  assert.deepEqual(
    events.filter((e) => e.kind === 'ended').map((e) => (e.kind === 'ended' ? e.status : null)),
    ['expired', 'expired'],
  );
  assert.ok(realTimeCalls() >= 6);
  assert.ok(result.answers.size >= inputs.length - 3);
  assert.equal(sharedNano(result), billedNano(simulator, prices) + billedBatchNano());
});

test('the same records through a batch cost about half what they cost in real time', async () => {
  const realTime = sharedNano(await dispatchToTier(tier('openai', 'gpt-4.1'), inputs, { prices }));
  const batched = sharedNano(await dispatchToTierInBatches(tier('openai', 'gpt-4.1'), inputs, deps()));
  const ratio = batched / realTime;
  assert.ok(ratio > 0.4 && ratio <= 0.55, `batch/real time ${ratio.toFixed(3)}`);
});

test("a reasoning model's batch lines carry its effort and room for its reasoning, and the batch reserves that room", async () => {
  const reasoningTier = (tokensPerCall: number): ModelTier => {
    const endpoint = testEndpoint(simulatedProvider(simulator, 'openai'), 'gpt-6.2-sol', { reasoning: { effort: 'low', tokensPerCall } });
    return { name: 'large', endpoints: [endpoint], packSize: 4, concurrency: 2, outputTokensPerRecord: 120, minConfidence: 0.7 };
  };
  const mostReserved = async (tokensPerCall: number, events: BatchEvent[] = []) => {
    let most = 0;
    const budget = new BudgetGuard({
      limits: { usdPerHour: 100, usdPerDay: undefined },
      clock: systemClock,
      observer: { spend: (_window, _spent, reserved) => void (most = Math.max(most, reserved)) },
    });
    const result = await dispatchToTierInBatches(reasoningTier(tokensPerCall), inputs.slice(0, 16), { ...deps(events, 1), budget });
    return { most, answered: result.answers.size };
  };
  const events: BatchEvent[] = [];
  const withRoom = await mostReserved(512, events);
  assert.ok(withRoom.answered >= 15, `answered ${withRoom.answered}/16`);
  const submitted = events.find((e) => e.kind === 'submitted');
  assert.ok(submitted?.kind === 'submitted');
  // The lines as the simulator got them: the uploaded input file of the batch.
  const openai = new OpenAI({ apiKey: 'k', baseURL: simulator.openaiBaseUrl, maxRetries: 0 });
  const batch = await openai.batches.retrieve(submitted.batchId);
  const lines = (await (await openai.files.content(batch.input_file_id)).text()).trim().split('\n');
  const bodies = lines.map((line) => (JSON.parse(line) as { body: { reasoning_effort?: string; max_completion_tokens?: number } }).body);
  assert.equal(bodies.length, 4);
  for (const body of bodies) assert.deepEqual([body.reasoning_effort, body.max_completion_tokens], ['low', 4 * 120 + 32 + 512]);
  const output = await openai.files.content(batch.output_file_id!);
  for (const line of (await output.text()).trim().split('\n')) {
    const usage = (JSON.parse(line) as { response: { body: OpenAI.Chat.Completions.ChatCompletion } }).response.body.usage;
    assert.ok((usage?.completion_tokens_details?.reasoning_tokens ?? 0) > 0, 'each line reasoned, as in real time');
  }
  const room = 4 * callCost(priceOf(prices, 'openai', 'gpt-6.2-sol'), { ...NO_USAGE, outputTokens: 512 }, { batch: true });
  const extra = withRoom.most - (await mostReserved(0)).most;
  assert.ok(room > 0 && Math.abs(extra - room) <= 4, `reserved ${extra} nano-USD more, the room of four requests costs ${room}`);
});

test('a batch recorded in the journal is polled, not sent again, by whoever takes the same records up after a crash', async () => {
  const kept = memoryJournal();
  const pending = new Set<string>();
  const journal: BatchJournal = {
    find: (key) => kept.find(key),
    record: async (batch) => {
      pending.add(batch.key);
      await kept.record(batch);
    },
    forget: async (key) => {
      pending.delete(key);
      await kept.forget(key);
    },
  };
  const crash = new AbortController();
  const first = deps([], 1);
  const openai = first.batchProviders.get('openai')!;
  // The process "dies" at its first look at the batch, which runs on at the provider.
  const dying = new Map([
    [
      'openai',
      {
        ...openai,
        name: openai.name,
        simulated: openai.simulated,
        submit: openai.submit.bind(openai),
        status: () => {
          crash.abort(new Error('killed'));
          return Promise.reject(new Error('killed'));
        },
      },
    ],
  ]);
  await assert.rejects(
    dispatchToTierInBatches(tier('openai', 'gpt-4o-mini'), inputs, { ...first, batchProviders: dying, journal, signal: crash.signal }),
    /killed/,
  );
  const submissions = () => simulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches').length;
  assert.equal(submissions(), 1);
  assert.equal(pending.size, 1, 'the batch is in the journal');

  const events: BatchEvent[] = [];
  const result = await dispatchToTierInBatches(tier('openai', 'gpt-4o-mini'), inputs, { ...deps(events, 1), journal });
  assert.deepEqual(
    events.map((e) => e.kind),
    ['resumed', 'ended'],
  );
  assert.equal(submissions(), 1, 'the batch of the dead process was polled, not submitted again');
  assert.ok(result.answers.size >= inputs.length - 3);
  assert.equal(pending.size, 0, 'read, it is forgotten');
  assert.equal(sharedNano(result), billedBatchNano() + billedNano(simulator, prices), 'each call paid once');
});

test('a journaled batch the provider no longer shows is forgotten and its records sent in a new batch, not waited on for ever', {
  timeout: 10_000,
}, async () => {
  const forgotten: string[] = [];
  const journal: BatchJournal = {
    find: async (key) => ({ key, provider: 'openai', model: 'gpt-4o-mini', batchId: 'batch_expired_long_ago', submittedAt: 0 }),
    record: async () => {},
    forget: async (key) => {
      forgotten.push(key);
    },
  };
  const events: BatchEvent[] = [];
  const result = await dispatchToTierInBatches(tier('openai', 'gpt-4o-mini'), inputs, { ...deps(events, 1), journal });
  assert.deepEqual(
    events.map((e) => e.kind),
    ['resumed', 'lost', 'submitted', 'ended'],
  );
  const lost = events.find((e) => e.kind === 'lost');
  assert.match(lost?.kind === 'lost' ? lost.reason : '', /404/);
  assert.equal(forgotten.length, 2, 'forgotten when found lost, and again once the new batch was read');
  assert.ok(result.answers.size >= inputs.length - 3);
  assert.equal(sharedNano(result), billedBatchNano() + billedNano(simulator, prices), 'each call paid once');
});

test("a batch of this round's own that the provider stops showing leaves its records to real time", { timeout: 10_000 }, async () => {
  const first = deps([], 1);
  const openai = first.batchProviders.get('openai')!;
  // The provider took the batch, then answers every look at it with a 404 (deleted, say).
  const vanishing = new Map([
    [
      'openai',
      { ...openai, status: (_id: string, ids: ReadonlySet<string>, signal?: AbortSignal) => openai.status('batch_deleted', ids, signal) },
    ],
  ]);
  const events: BatchEvent[] = [];
  const result = await dispatchToTierInBatches(tier('openai', 'gpt-4o-mini'), inputs, {
    ...deps(events, 2),
    batchProviders: vanishing,
  });
  assert.deepEqual(
    events.map((e) => e.kind),
    ['submitted', 'lost'],
  );
  assert.ok(realTimeCalls() > 0, 'its records went in real time');
  assert.ok(result.answers.size >= inputs.length - 3);
});
