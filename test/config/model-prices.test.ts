import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPENAI_EMBEDDING_MODEL, unpricedModels } from '#src/config/model-prices.ts';
import { DEFAULT_TIERS } from '#src/config/tier-specs.ts';
import { loadPriceTable, type PriceTable, zeroPrice } from '#src/pricing/price-table.ts';

const empty: PriceTable = { readOn: '2025-11-01', models: [] };

test('the default tiers and the OpenAI embedder are priced in the shipped table', () => {
  assert.deepEqual(unpricedModels({ tiers: DEFAULT_TIERS, openaiEmbeddings: true }, loadPriceTable()), []);
});

test('every unpriced model is named, the embedder only when it is used', () => {
  const problems = unpricedModels({ tiers: DEFAULT_TIERS, openaiEmbeddings: true }, empty);
  for (const model of ['gpt-4o-mini', 'claude-haiku-4-5', 'gpt-4.1', 'claude-sonnet-4-6', OPENAI_EMBEDDING_MODEL]) {
    assert.ok(
      problems.some((p) => p.includes(` model ${model} has no price`)),
      model,
    );
  }
  assert.equal(unpricedModels({ tiers: [], openaiEmbeddings: false }, empty).length, 0);
});

test("a compatible provider serving a listed model pays that model's price", () => {
  const table: PriceTable = { ...empty, models: [{ ...zeroPrice('openai', 'gpt-4o-mini'), input: 0.15 }] };
  const tiers = [
    { ...DEFAULT_TIERS[0]!, models: [{ ...DEFAULT_TIERS[0]!.models[0]!, provider: 'proxy', baseUrl: 'http://proxy:8080/v1' }] },
  ];
  assert.deepEqual(unpricedModels({ tiers, openaiEmbeddings: false }, table), []);
});
