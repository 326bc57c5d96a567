import assert from 'node:assert/strict';
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

test('the table says when its prices were read, and every price is sane', () => {
  assert.match(table.readOn, /^\d{4}-\d{2}-\d{2}$/);
  for (const m of table.models) assert.ok(m.cachedInput <= m.input, `${m.model}: cached input is not dearer than input`);
});
