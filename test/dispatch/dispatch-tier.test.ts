/**
 * Dispatch to a tier against the simulator through the real SDKs: packing, per-record retry of
 * missing answers, fallback to the next endpoint, and cost shares that add up to what was billed.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { systemClock } from '#src/common/clock.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { BudgetGuard } from '#src/dispatch/budget-guard.ts';
import { dispatchToTier, type TierInput } from '#src/dispatch/dispatch-tier.ts';
import type { ModelTier } from '#src/dispatch/model-tier.ts';
import { callCost, loadPriceTable, priceOf } from '#src/pricing/price-table.ts';
import { NO_USAGE } from '#src/pricing/usage.ts';
import { asPairs, loadExamples, syntheticExamples } from '#test/dev/simulator/support.ts';
import { billedNano } from '#test/support/billing.ts';
import { simulatedProvider, testEndpoint } from '#test/support/endpoints.ts';

const examples = [...loadExamples(), ...syntheticExamples(30)];
const prices = loadPriceTable();
let simulator: Simulator;

before(async () => {
  simulator = await startSimulator({ truth: asPairs(examples), timeScale: 0 });
});
after(() => simulator.close());
beforeEach(() => {
  simulator.requests.length = 0;
  for (const key of Object.keys(simulator.billed)) delete simulator.billed[key];
});

function tier(models: [provider: 'openai' | 'anthropic', model: string][], packSize = 8): ModelTier {
  const endpoints = models.map(([kind, model]) => testEndpoint(simulatedProvider(simulator, kind), model));
  return { name: 'small', endpoints, packSize, concurrency: 3, outputTokensPerRecord: 150, minConfidence: 0.8 };
}

const inputs: TierInput[] = examples.map((e, key) => ({ key, prompt: { text: e.text, ...(e.locale ? { locale: e.locale } : {}) } }));

const sharedNano = (result: Awaited<ReturnType<typeof dispatchToTier>>) =>
  [...result.shares.values()].flat().reduce((sum, s) => sum + s.nanoUsd, 0);

test('records go out in packs and every one comes back answered; shares add up to what was billed', async () => {
  const result = await dispatchToTier(tier([['openai', 'gpt-4o-mini']]), inputs, { prices });
  assert.equal(result.answers.size + result.failures.size, inputs.length);
  assert.ok(result.answers.size >= inputs.length - 2, `answered ${result.answers.size}/${inputs.length}`);
  const packed = simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));
  assert.ok(packed.length < inputs.length, `${packed.length} calls for ${inputs.length} records`);
  assert.equal(sharedNano(result), billedNano(simulator, prices));
  for (const share of [...result.shares.values()].flat()) assert.ok(share.recordsInCall >= 1 && share.recordsInCall <= 8);
});

test('a malformed answer is retried record by record, and its tokens are still charged', async () => {
  simulator.injectFaults({ kind: 'malformed-json', model: 'gpt-4o-mini' });
  const result = await dispatchToTier(tier([['openai', 'gpt-4o-mini']]), inputs.slice(0, 8), { prices });
  assert.equal(result.answers.size + result.failures.size, 8);
  assert.ok(result.answers.size >= 7);
  const singles = simulator.requests.filter(
    (r) => JSON.parse((r.body as { messages: { content: string }[] }).messages[1]!.content).records.length === 1,
  );
  assert.ok(singles.length >= 1, 'the pack was retried alone');
  assert.equal(sharedNano(result), billedNano(simulator, prices));
});

test('every share names the request id of its call: per call, the shares add up to what the provider billed it, malformed answers included', async () => {
  simulator.injectFaults([
    { kind: 'malformed-json', model: 'gpt-4o-mini' },
    { kind: '500', count: 2, model: 'gpt-4o-mini' },
  ]);
  const result = await dispatchToTier(tier([['openai', 'gpt-4o-mini']]), inputs.slice(0, 24), { prices });
  const shared = new Map<string, number>();
  for (const share of [...result.shares.values()].flat()) {
    assert.ok(share.requestId, 'a share of a simulated call names it');
    shared.set(share.requestId, (shared.get(share.requestId) ?? 0) + share.nanoUsd);
  }
  const billed = new Map(
    simulator.requests.flatMap((r) => {
      if (!r.billed || !r.requestId) return [];
      const usage = {
        inputTokens: r.billed.input,
        cachedInputTokens: r.billed.cachedInput,
        cacheWriteInputTokens: 0,
        outputTokens: r.billed.output,
        raw: r.billed,
      };
      return [[r.requestId, callCost(priceOf(prices, 'openai', r.billed.model), usage, { batch: false })] as const];
    }),
  );
  assert.ok(
    simulator.requests.some((r) => r.fault === 'malformed-json' && r.billed),
    'a malformed answer was billed',
  );
  assert.ok(
    simulator.requests.some((r) => r.fault === '500' && !r.billed),
    'a failed call was not',
  );
  assert.deepEqual(shared, billed);
});

test('an endpoint that keeps failing hands the tier to the next one', async () => {
  simulator.injectFaults({ kind: '500', count: 50, model: 'gpt-4o-mini' });
  const result = await dispatchToTier(
    tier([
      ['openai', 'gpt-4o-mini'],
      ['anthropic', 'claude-haiku-4-5'],
    ]),
    inputs.slice(0, 16),
    { prices },
  );
  assert.ok(result.answers.size >= 15);
  assert.ok([...result.answers.values()].every((a) => a.provider === 'anthropic' && a.model === 'claude-haiku-4-5'));
  assert.equal(sharedNano(result), billedNano(simulator, prices));
});

test('when every endpoint fails, each record says why', async () => {
  simulator.injectFaults([{ kind: '500', count: 50, model: 'gpt-4o-mini' }]);
  const result = await dispatchToTier(tier([['openai', 'gpt-4o-mini']]), inputs.slice(0, 3), { prices });
  assert.equal(result.answers.size, 0);
  assert.match(result.failures.get(0)!, /every endpoint of tier small failed: openai\/gpt-4o-mini: SERVER_ERROR/);
});

test('under a budget every call reserves before it is sent and settles at what it was billed', async () => {
  let spentNano = 0;
  let reservedNano = -1;
  const budget = new BudgetGuard({
    limits: { usdPerHour: 100, usdPerDay: undefined },
    clock: systemClock,
    observer: {
      spend: (_window, spent, reserved) => {
        spentNano = spent;
        reservedNano = reserved;
      },
    },
  });
  const result = await dispatchToTier(tier([['openai', 'gpt-4o-mini']]), inputs, { prices, budget });
  assert.equal(spentNano, sharedNano(result));
  assert.equal(reservedNano, 0, 'nothing left reserved');
});

type ChatBody = { messages: { content: string }[]; reasoning_effort?: string; max_completion_tokens?: number };
const chatCalls = () =>
  simulator.requests
    .filter((r) => r.path === '/v1/chat/completions')
    .map((r) => ({
      body: r.body as ChatBody,
      billed: r.billed,
      records: JSON.parse((r.body as ChatBody).messages[1]!.content).records.length,
    }));

function reasoningTier(reasoning: { effort: 'low' | 'medium'; tokensPerCall: number }, concurrency = 3): ModelTier {
  const endpoint = testEndpoint(simulatedProvider(simulator, 'openai'), 'gpt-6-luna', { reasoning });
  return { name: 'small', endpoints: [endpoint], packSize: 8, concurrency, outputTokensPerRecord: 120, minConfidence: 0.8 };
}

test('a reasoning model is asked at its effort, with room for its reasoning on top of the answer: no pack is cut', async () => {
  const result = await dispatchToTier(reasoningTier({ effort: 'medium', tokensPerCall: 2048 }), inputs.slice(0, 24), { prices });
  assert.ok(result.answers.size >= 22, `answered ${result.answers.size}/24`);
  const calls = chatCalls();
  for (const { body, billed, records } of calls) {
    assert.equal(body.reasoning_effort, 'medium');
    assert.equal(body.max_completion_tokens, 120 * records + 32 + 2048);
    assert.ok(billed && billed.output < body.max_completion_tokens, 'answered within its limit');
  }
  assert.equal(calls.filter((c) => c.records === 8).length, 3);
  assert.equal(sharedNano(result), billedNano(simulator, prices));
});

test('with no room for its reasoning a pack comes back cut: billed all the same, its records asked alone', async () => {
  const result = await dispatchToTier(reasoningTier({ effort: 'medium', tokensPerCall: 0 }), inputs.slice(0, 24), { prices });
  const calls = chatCalls();
  const cut = calls.filter((c) => c.billed?.output === c.body.max_completion_tokens);
  assert.ok(
    cut.some((c) => c.records === 8),
    'a pack was cut at its limit',
  );
  assert.ok(
    calls.some((c) => c.records === 1),
    'its records were asked alone',
  );
  assert.equal(result.answers.size + result.failures.size, 24);
  assert.equal(sharedNano(result), billedNano(simulator, prices), 'the cut calls are charged to their records');
});

test("under a budget a reasoning model's call reserves the room for its reasoning too", async () => {
  const mostReserved = async (tokensPerCall: number) => {
    let most = 0;
    const budget = new BudgetGuard({
      limits: { usdPerHour: 100, usdPerDay: undefined },
      clock: systemClock,
      observer: { spend: (_window, _spent, reserved) => void (most = Math.max(most, reserved)) },
    });
    await dispatchToTier(reasoningTier({ effort: 'low', tokensPerCall }, 1), inputs.slice(0, 8), { prices, budget });
    return most;
  };
  const room = callCost(priceOf(prices, 'openai', 'gpt-6-luna'), { ...NO_USAGE, outputTokens: 512 }, { batch: false });
  const extra = (await mostReserved(512)) - (await mostReserved(0));
  assert.ok(room > 0 && Math.abs(extra - room) <= 1, `reserved ${extra} nano-USD more, the room costs ${room}`);
});
