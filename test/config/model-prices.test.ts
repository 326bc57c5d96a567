import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legacyModels, OPENAI_EMBEDDING_MODEL, unpricedModels } from '#src/config/model-prices.ts';
import { DEFAULT_TIERS } from '#src/config/tier-specs.ts';
import { loadPriceTable, type PriceTable, zeroPrice } from '#src/pricing/price-table.ts';

const empty: PriceTable = { readOn: '2025-11-01', models: [] };

test('the default tiers and the OpenAI embedder are priced in the shipped table', () => {
  assert.deepEqual(unpricedModels({ tiers: DEFAULT_TIERS, openaiEmbeddings: true }, loadPriceTable()), []);
});

test('every unpriced model is named, the embedder only when it is used', () => {
  const problems = unpricedModels({ tiers: DEFAULT_TIERS, openaiEmbeddings: true }, empty);
  const defaultModels = DEFAULT_TIERS.flatMap((tier) => tier.models.map((m) => m.model));
  assert.equal(problems.length, defaultModels.length + 1);
  for (const model of [...defaultModels, OPENAI_EMBEDDING_MODEL]) {
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
    {
      ...DEFAULT_TIERS[0]!,
      models: [{ ...DEFAULT_TIERS[0]!.models[0]!, provider: 'proxy', model: 'gpt-4o-mini', baseUrl: 'http://proxy:8080/v1' }],
    },
  ];
  assert.deepEqual(unpricedModels({ tiers, openaiEmbeddings: false }, table), []);
});

test('a tier model priced as legacy is named in one warning line each, the rest pass silently', () => {
  const table: PriceTable = {
    ...empty,
    models: [
      { ...zeroPrice('openai', 'gpt-4o-mini'), legacy: true },
      { ...zeroPrice('openai', 'gpt-6-luna'), legacy: false },
      { ...zeroPrice('anthropic', 'claude-haiku-5-5') },
      { ...zeroPrice('openai', OPENAI_EMBEDDING_MODEL), legacy: true },
    ],
  };
  const spec = (provider: string, model: string, extra: object = {}) => ({ ...DEFAULT_TIERS[0]!.models[0]!, provider, model, ...extra });
  const tiers = [
    { ...DEFAULT_TIERS[0]!, name: 'small', models: [spec('openai', 'gpt-6-luna'), spec('openai', 'gpt-4o-mini')] },
    {
      ...DEFAULT_TIERS[0]!,
      name: 'large',
      models: [spec('anthropic', 'claude-haiku-5-5'), spec('proxy', 'gpt-4o-mini', { baseUrl: 'http://proxy:8080/v1' })],
    },
  ];
  assert.deepEqual(legacyModels({ tiers, openaiEmbeddings: false }, table), [
    'tiers (tier small): openai model gpt-4o-mini is legacy: its provider recommends a newer model and may retire this one; it still runs, priced (see src/pricing/prices.json)',
    'tiers (tier large): proxy model gpt-4o-mini is legacy: its provider recommends a newer model and may retire this one; it still runs, priced (see src/pricing/prices.json)',
  ]);
  const withEmbedder = legacyModels({ tiers: [], openaiEmbeddings: true }, table);
  assert.equal(withEmbedder.length, 1);
  assert.match(withEmbedder[0]!, /^cache\.embeddings is openai: openai model text-embedding-3-small is legacy/);
  assert.deepEqual(
    legacyModels({ tiers, openaiEmbeddings: true }, empty),
    [],
    "an unpriced model is unpricedModels' business, not a warning",
  );
});

test('the default tiers run on the shipped table with one warning: the large fallback, until Sonnet 5.5 takes structured output', () => {
  const warnings = legacyModels({ tiers: DEFAULT_TIERS, openaiEmbeddings: true }, loadPriceTable());
  assert.deepEqual(
    warnings.map((w) => w.replace(/ is legacy: .*/, '')),
    ['tiers (tier large): anthropic model claude-sonnet-4-6'],
  );
});
