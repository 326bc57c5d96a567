/**
 * The template cache over the real Elasticsearch store when the store's indices are deleted under
 * it (a node whose data was wiped): the window goes on without the cache, the store makes the
 * indices again with their mapping, and once the breaker's rest is over the cache serves and
 * learns again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@elastic/elasticsearch';
import { DEFAULT_CACHE_POLICY } from '#src/cache/cache-policy.ts';
import { deleteTemplateIndices } from '#src/cache/elasticsearch-index.ts';
import { ElasticsearchTemplateStore } from '#src/cache/elasticsearch-store.ts';
import { createLocalEmbedder } from '#src/cache/local-embedder.ts';
import { type CacheItem, type Lesson, TemplateCache } from '#src/cache/template-cache.ts';
import { manualClock } from '#src/common/clock.ts';
import { createLogger } from '#src/common/logger.ts';
import { createMetrics } from '#src/common/metrics.ts';
import type { ExtractedFields, TransactionNarrative } from '#src/contract/records.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { applyRules } from '#src/rules/apply-rules.ts';
import { requireServers, testElasticsearch, uniqueName } from '#test/support/servers.ts';

const NOW = Date.parse('2026-11-10T00:00:00Z');
const index = uniqueName('test-cache-recovery');
let client: Client;

before(async () => {
  await requireServers('elasticsearch');
  client = testElasticsearch();
});
after(async () => {
  await deleteTemplateIndices(client, index);
  await client?.close();
});

function item(key: number, narrative: string): CacheItem {
  const record: TransactionNarrative = {
    record_id: `r${key}`,
    narrative,
    source_id: 'chase-card',
    document_type: 'card_feed',
    template_version: null,
    account_id: null,
    statement_date: '2026-11-05',
    locale: 'en-US',
    currency_hint: 'USD',
    source_updated_at: null,
    received_at: NOW,
  };
  const prepared = prepare(record);
  return { key, prepared, rules: applyRules({ text: prepared.masked, locale: 'en-US', statementDate: '2026-11-05', currencyHint: 'USD' }) };
}

const coffee = (key: number, day: string, amount: string) => item(key, `SQ *BLUE BOTTLE COFFE OAKLAND CA 11/${day} $${amount}`);

/** A model's confirmed answer for the record `coffee(key, day, amount)`. */
function lesson(key: number, day: string, amount: string): Lesson {
  const learnt = coffee(key, day, amount);
  const fields: ExtractedFields = {
    transaction_date: `2026-11-${day}`,
    amount,
    currency: 'USD',
    direction: 'DEBIT',
    counterparty: 'Blue Bottle Coffee',
    transaction_type: 'CARD',
    reference: null,
    category: 'DINING',
  };
  return { prepared: learnt.prepared, fields, confidence: 0.95, producedBy: { tier: 'small', model: 'gpt-4o-mini' }, confirmed: true };
}

test('after its indices are deleted, the cache rests, the store makes them again, and the cache serves and learns again', async () => {
  const store = await ElasticsearchTemplateStore.open({
    client,
    index,
    dimensions: 64,
    embedderId: createLocalEmbedder(64).id,
    requestTimeoutMs: 30_000,
    refresh: 'wait_for',
  });
  const clock = manualClock(NOW, { sleepAdvances: true });
  const metrics = createMetrics();
  const cache = new TemplateCache({
    store,
    // Not 'source': that scope answers repeats from memory, and every lookup here must reach the store.
    scope: 'global',
    embedder: createLocalEmbedder(64),
    policy: DEFAULT_CACHE_POLICY,
    lookup: { k: 3, numCandidates: 10 },
    admitMinConfidence: 0.85,
    clock,
    metrics,
    logger: createLogger({ level: 'error' }),
    prices: loadPriceTable(),
  });
  const errors = async () => (await metrics.cacheErrors.get()).values.reduce((sum, v) => sum + v.value, 0);

  assert.equal(await cache.learn([lesson(1, '02', '6.75')]), 1);
  assert.equal((await cache.answer([coffee(2, '03', '4.10')])).answers.size, 1, 'served from the store');

  await deleteTemplateIndices(client, index);
  assert.equal((await cache.answer([coffee(3, '04', '5.20')])).answers.size, 0, 'the window goes on without the cache');
  assert.equal(await errors(), 1);

  // The store makes the indices again in the background; the cache rests meanwhile.
  for (let waited = 0; !(await client.indices.exists({ index: [index, `${index}-links`] })); waited += 100) {
    assert.ok(waited < 60_000, 'the indices were made again');
    await sleep(100);
  }
  await store.close(); // waits for the re-creation to finish
  assert.equal((await cache.answer([coffee(4, '05', '5.30')])).answers.size, 0);
  assert.equal(await errors(), 1, 'no call while the breaker rests');

  clock.advance(6_000);
  assert.equal((await cache.answer([coffee(5, '06', '5.40')])).answers.size, 0, 'a miss: the cache starts empty');
  assert.equal(await cache.learn([lesson(5, '06', '5.40')]), 1);
  const served = await cache.answer([coffee(6, '07', '8.80')]);
  assert.equal(served.answers.get(6)?.fields.amount, '8.80', 'learnt into the new index and served from it');
  assert.equal(await errors(), 1);
  assert.equal(await store.size(), 1);
});
