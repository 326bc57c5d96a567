/**
 * The compact exchange: short keys, only the fields asked, answers by position; and a tier that
 * uses it, through the simulator and the real SDKs, against the same records in the full format.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EMPTY_FIELDS } from '#src/contract/records.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { dispatchToTier, type TierInput } from '#src/dispatch/dispatch-tier.ts';
import type { ModelTier } from '#src/dispatch/model-tier.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { buildCompactUserMessage, parseCompactAnswer } from '#src/providers/compact-prompt.ts';
import { asPairs, syntheticExamples } from '#test/dev/simulator/support.ts';
import { simulatedProvider, testEndpoint } from '#test/support/endpoints.ts';

test('a compact record: short keys, the fields asked as letters, no hints', () => {
  const user = buildCompactUserMessage([
    { i: 0, text: 'SQ *BLUE BOTTLE 11/02 6.75', locale: 'en-US', hints: { amount: '6.75' }, ask: ['counterparty', 'category'] },
  ]);
  assert.deepEqual(JSON.parse(user), { records: [{ i: 0, t: 'SQ *BLUE BOTTLE 11/02 6.75', q: 'pg', l: 'en-US' }] });
});

test('a compact answer: values by position in the order asked, the rest null; a wrong count, value or repeat drops the record', () => {
  const asks = [['counterparty', 'category'], ['amount', 'direction'], ['direction'], ['reference']] as const;
  const answers = parseCompactAnswer(
    {
      r: [
        { i: 0, c: 0.9, v: ['Blue Bottle Coffee', 'dining'] },
        { i: 1, c: 0.8, v: ['12.50'] },
        { i: 2, c: 0.7, v: ['OUTGOING'] },
        { i: 3, c: 0.9, v: ['A'] },
        { i: 3, c: 0.9, v: ['B'] },
        { i: 7, c: 0.9, v: [] },
      ],
    },
    asks,
  );
  assert.deepEqual([...answers.keys()], [0]);
  assert.deepEqual(answers.get(0), {
    fields: { ...EMPTY_FIELDS, counterparty: 'Blue Bottle Coffee', category: 'DINING' },
    confidence: 0.9,
  });
  assert.equal(parseCompactAnswer('{"r": [', asks).size, 0, 'not JSON');
  assert.equal(parseCompactAnswer(JSON.stringify({ r: [{ i: 2, v: ['DEBIT'] }] }), asks).get(2)?.confidence, 0.5);
});

const examples = syntheticExamples(48);
const prices = loadPriceTable();
let simulator: Simulator;

before(async () => {
  simulator = await startSimulator({ truth: asPairs(examples), timeScale: 0 });
});
after(() => simulator.close());

function tier(answerFormat: 'full' | 'compact', kind: 'openai' | 'anthropic', model: string): ModelTier {
  const endpoint = testEndpoint(
    simulatedProvider(simulator, kind),
    model,
    kind === 'openai' ? { reasoning: { effort: 'none', tokensPerCall: 0 } } : {},
  );
  return {
    name: 'small',
    endpoints: [endpoint],
    packSize: 8,
    concurrency: 2,
    outputTokensPerRecord: 150,
    minConfidence: 0.8,
    answerFormat,
  };
}

// As the cascade asks: the rules read date, amount and currency confidently; the rest is asked.
const ask = ['direction', 'counterparty', 'transaction_type', 'reference', 'category'] as const;
const inputs: TierInput[] = examples.map((e, key) => ({ key, prompt: { text: e.text }, ask }));

const tokens = (result: Awaited<ReturnType<typeof dispatchToTier>>) => {
  const shares = [...result.shares.values()].flat();
  return {
    output: shares.reduce((n, s) => n + s.outputTokens, 0),
    nanoUsd: shares.reduce((n, s) => n + s.nanoUsd, 0),
  };
};

// The default small tier's models, whose caches take the compact prefix (a model whose cache
// minimum is above it, such as claude-haiku-4-5 at 4,096 tokens, pays its examples in full).
for (const [kind, model] of [
  ['openai', 'gpt-6-luna'],
  ['anthropic', 'claude-haiku-5-5'],
] as const) {
  test(`${kind}: the compact format answers what was asked, the same values as the full one, for fewer tokens`, async () => {
    const full = await dispatchToTier(tier('full', kind, model), inputs, { prices });
    const compact = await dispatchToTier(tier('compact', kind, model), inputs, { prices });
    assert.ok(compact.answers.size >= inputs.length - 3, `answered ${compact.answers.size}/${inputs.length}`);
    let same = 0;
    for (const [key, answer] of compact.answers) {
      assert.deepEqual([answer.fields.transaction_date, answer.fields.amount, answer.fields.currency], [null, null, null], 'not asked');
      const other = full.answers.get(key);
      if (other && ask.every((name) => other.fields[name] === answer.fields[name])) same += 1;
    }
    // Each model errs as often either way, on the fields it is asked; most answers agree.
    assert.ok(same >= compact.answers.size * 0.75, `${same} of ${compact.answers.size} alike`);
    const [f, c] = [tokens(full), tokens(compact)];
    assert.ok(c.output < f.output * 0.7, `output ${c.output} vs ${f.output}`);
    // Its prefix (worked examples included) is the longer one, read from the cache after the first call.
    assert.ok(c.nanoUsd < f.nanoUsd, `USD ${c.nanoUsd} vs ${f.nanoUsd}`);
  });
}
