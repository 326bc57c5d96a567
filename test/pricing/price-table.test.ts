import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { callCost, formatUsd, loadPriceTable, priceOf, splitByWeight, withSelfHostedModels } from '#src/pricing/price-table.ts';
import { fromAnthropicUsage, fromOpenAiUsage } from '#src/pricing/usage.ts';

const table = loadPriceTable();

test('provider usage is normalised: OpenAI prompt tokens include cached ones, Anthropic input excludes them', () => {
  const openai = fromOpenAiUsage({ prompt_tokens: 1500, completion_tokens: 200, prompt_tokens_details: { cached_tokens: 1024 } });
  assert.deepEqual([openai.inputTokens, openai.cachedInputTokens, openai.outputTokens], [476, 1024, 200]);
  const anthropic = fromAnthropicUsage({
    input_tokens: 476,
    output_tokens: 200,
    cache_read_input_tokens: 1024,
    cache_creation_input_tokens: 0,
  });
  assert.deepEqual([anthropic.inputTokens, anthropic.cachedInputTokens, anthropic.outputTokens], [476, 1024, 200]);
  assert.equal(fromOpenAiUsage({ completion_tokens: 3 }).inputTokens, undefined, 'unknown stays unknown');
});

test("OpenAI cache writes (the GPT-6 models) are taken out of the input and priced at the model's cache-write price", () => {
  const usage = fromOpenAiUsage({
    prompt_tokens: 1_500,
    completion_tokens: 100,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 1_024 },
  });
  assert.deepEqual([usage.inputTokens, usage.cachedInputTokens, usage.cacheWriteInputTokens], [476, 0, 1_024]);
  const luna = priceOf(table, 'openai', 'gpt-6-luna');
  // 476 × 0.10 + 1,024 × 0.125 + 100 × 0.50 per million
  assert.equal(callCost(luna, usage, { batch: false }), Math.round(476 * 100 + 1_024 * 125 + 100 * 500));
});

test('a call costs its tokens at the table prices, cached and batch discounts included', () => {
  const mini = priceOf(table, 'openai', 'gpt-4o-mini')!;
  const usage = fromOpenAiUsage({
    prompt_tokens: 2_000_000,
    completion_tokens: 1_000_000,
    prompt_tokens_details: { cached_tokens: 1_000_000 },
  });
  // 1M uncached × 0.15 + 1M cached × 0.075 + 1M output × 0.60 = 0.825 USD
  assert.equal(callCost(mini, usage, { batch: false }), 825_000_000);
  assert.equal(callCost(mini, usage, { batch: true }), 412_500_000);
  const haiku = priceOf(table, 'anthropic', 'claude-haiku-4-5')!;
  assert.equal(
    callCost(haiku, fromAnthropicUsage({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 1_000_000 }), { batch: false }),
    1_250_000_000,
  );
});

test('a model without a price fails to price, naming it; a declared self-hosted one costs zero', () => {
  const usage = fromOpenAiUsage({ prompt_tokens: 1_000, completion_tokens: 100 });
  assert.throws(
    () => priceOf(table, 'local-vllm', 'llama-3.1-8b'),
    /local-vllm\/llama-3\.1-8b has no price: add it to src\/pricing\/prices\.json/,
  );
  const withOwn = withSelfHostedModels(table, [{ provider: 'local-vllm', model: 'llama-3.1-8b' }]);
  assert.equal(callCost(priceOf(withOwn, 'local-vllm', 'llama-3.1-8b'), usage, { batch: false }), 0);
  assert.throws(() => priceOf(withOwn, 'other-vllm', 'llama-3.1-8b'), /other-vllm\/llama-3\.1-8b has no price/, 'declared per provider');
  assert.equal(priceOf(table, 'azure', 'gpt-4o-mini').input, 0.15, 'a compatible proxy of a listed model pays its price');
});

test('splitting keeps integers and sums exactly to the total', () => {
  for (const [total, weights] of [
    [10, [1, 1, 1]],
    [7, [5, 1, 1, 3]],
    [1, [1, 1, 1, 1]],
    [0, [1, 2]],
    [999_999_937, [17, 3, 250, 1, 1]],
  ] as const) {
    const parts = splitByWeight(total, weights);
    assert.equal(
      parts.reduce((a, b) => a + b, 0),
      total,
    );
    assert.ok(parts.every((p) => Number.isInteger(p) && p >= 0));
  }
  assert.deepEqual(splitByWeight(10, [1, 1, 1]), [4, 3, 3]);
  assert.deepEqual(splitByWeight(9, [0, 0, 0]), [3, 3, 3]);
});

test('USD strings are exact decimals', () => {
  assert.equal(formatUsd(0), '0');
  assert.equal(formatUsd(125_000), '0.000125');
  assert.equal(formatUsd(12_500_000_000), '12.5');
  assert.equal(formatUsd(1), '0.000000001');
});

test('the table says when and where each price was read, its own date the latest, and every price is sane', () => {
  assert.match(table.readOn, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(
    table.readOn,
    table.models
      .map((m) => m.readOn!)
      .sort()
      .at(-1),
  );
  for (const m of table.models) {
    assert.ok(m.cachedInput <= m.input, `${m.model}: cached input is not dearer than input`);
    assert.ok(m.cacheWrite === undefined || m.cacheWrite >= m.input, `${m.model}: a cache write is not cheaper than input`);
    assert.match(m.readOn!, /^\d{4}-\d{2}-\d{2}$/, m.model);
    assert.match(m.source!, /^https:\/\//, m.model);
  }
  const keys = table.models.map((m) => `${m.provider}/${m.model}`);
  assert.equal(new Set(keys).size, keys.length, 'one price per provider and model');
});

test('models the providers have superseded keep their price, marked legacy; the current ones are not', () => {
  for (const model of [
    'gpt-4o-mini',
    'gpt-4.1-nano',
    'gpt-4.1-mini',
    'gpt-4.1',
    'gpt-4o',
    'claude-haiku-4-5',
    'claude-sonnet-4-5',
    'claude-3-5-haiku',
  ]) {
    assert.equal(table.models.find((m) => m.model === model)?.legacy, true, model);
  }
  for (const model of ['gpt-6-luna', 'gpt-6.2-sol', 'claude-haiku-5-5', 'claude-sonnet-5-5', 'text-embedding-3-small']) {
    assert.notEqual(table.models.find((m) => m.model === model)?.legacy, true, model);
  }
  assert.equal(priceOf(table, 'openai', 'gpt-4o-mini').input, 0.15, 'a pinned legacy model still prices its calls');
});

test('a price file with a malformed date, source or legacy flag, or a stale table date, is refused by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parsimony-prices-'));
  const row = {
    provider: 'openai',
    model: 'm',
    input: 1,
    cachedInput: 0.1,
    output: 2,
    batchDiscount: 0.5,
    readOn: '2026-12-04',
    source: 'https://example.com/p',
  };
  const load = (models: object[], readOn = '2026-12-04') => {
    const path = join(dir, 'prices.json');
    writeFileSync(path, JSON.stringify({ readOn, models }));
    return () => loadPriceTable(path);
  };
  assert.equal(load([row, { ...row, model: 'n', readOn: '2025-11-01', legacy: true }])().models.length, 2);
  assert.throws(load([{ ...row, readOn: '2026-02-30' }]), /openai\/m\.readOn must be the day its figures were read/);
  assert.throws(load([{ ...row, readOn: undefined }]), /openai\/m\.readOn/);
  assert.throws(load([{ ...row, source: 'the website' }]), /openai\/m\.source must be the https URL/);
  assert.throws(load([{ ...row, legacy: 'yes' }]), /openai\/m\.legacy must be true or false/);
  assert.throws(load([{ ...row, cacheWrite: -1 }]), /openai\/m\.cacheWrite must be a number/);
  assert.throws(load([row], '2025-11-01'), /readOn must be the latest of the models' readOn dates \(2026-12-04\)/);
});
