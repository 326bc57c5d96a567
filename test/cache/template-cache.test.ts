/**
 * The template cache over the in-process store: learnt answers serve recurring records, feedback
 * marking an answer incorrect evicts its template, and a failing store never stops the window.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CACHE_POLICY } from '#src/cache/cache-policy.ts';
import { HotTemplateStore } from '#src/cache/hot-templates.ts';
import { createLocalEmbedder } from '#src/cache/local-embedder.ts';
import { MemoryTemplateStore } from '#src/cache/memory-store.ts';
import { type CacheItem, TemplateCache } from '#src/cache/template-cache.ts';
import type { LookupOptions, TemplateCandidate, TemplateQuery, TemplateStore } from '#src/cache/template-store.ts';
import { manualClock } from '#src/common/clock.ts';
import { createLogger } from '#src/common/logger.ts';
import { createMetrics } from '#src/common/metrics.ts';
import type { ExtractedFields, TransactionNarrative } from '#src/contract/records.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { applyRules } from '#src/rules/apply-rules.ts';

const NOW = Date.parse('2026-11-10T00:00:00Z');
const fields: ExtractedFields = {
  transaction_date: '2026-11-02',
  amount: '6.75',
  currency: 'USD',
  direction: 'DEBIT',
  counterparty: 'Blue Bottle Coffee',
  transaction_type: 'CARD',
  reference: null,
  category: 'DINING',
};

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

function cacheOver(store: TemplateStore, clock = manualClock(NOW, { sleepAdvances: true })) {
  const metrics = createMetrics();
  const cache = new TemplateCache({
    store,
    scope: 'source',
    embedder: createLocalEmbedder(64),
    policy: DEFAULT_CACHE_POLICY,
    lookup: { k: 3, numCandidates: 10 },
    admitMinConfidence: 0.85,
    clock,
    metrics,
    logger: createLogger({ level: 'error' }),
    prices: loadPriceTable(),
  });
  return { cache, metrics, clock };
}

test('a learnt answer serves the next record of the same template, with its own values', async () => {
  const store = new MemoryTemplateStore();
  const { cache } = cacheOver(store);
  const first = item(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75');
  assert.equal((await cache.answer([first])).answers.size, 0);
  assert.equal(
    await cache.learn([
      { prepared: first.prepared, fields, confidence: 0.95, producedBy: { tier: 'small', model: 'gpt-4o-mini' }, confirmed: true },
    ]),
    1,
  );
  const lookup = await cache.answer([item(2, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $9.10'), item(3, 'UBER *TRIP 11/04 $9.10')]);
  assert.deepEqual([...lookup.answers.keys()], [2]);
  assert.equal(lookup.answers.get(2)!.fields.amount, '9.10');
  assert.equal(lookup.answers.get(2)!.fields.transaction_date, '2026-11-04');
  assert.deepEqual(
    await store.templatesOfRecords(['r1', 'r2']),
    new Map([
      ['r1', lookup.answers.get(2)!.templateId],
      ['r2', lookup.answers.get(2)!.templateId],
    ]),
  );
});

test('a template serves only once an independent answer confirmed it; a contradicting answer retires it', async () => {
  const store = new MemoryTemplateStore();
  const { cache, metrics } = cacheOver(store);
  const lesson = (n: number, category = fields.category) => ({
    prepared: item(n, `SQ *BLUE BOTTLE COFFE OAKLAND CA 11/0${n} $${n}.25`).prepared,
    fields: { ...fields, category, amount: `${n}.25`, transaction_date: `2026-11-0${n}` },
    confidence: 0.95,
    producedBy: { tier: 'small', model: 'gpt-4o-mini' },
  });
  const next = (n: number) => item(n, `SQ *BLUE BOTTLE COFFE OAKLAND CA 11/0${n} $${n}.25`);
  await cache.learn([lesson(1)]);
  assert.equal((await cache.answer([next(2)])).answers.size, 0, 'one answer is not yet a template to repeat');
  await cache.learn([lesson(2)]);
  assert.equal((await cache.answer([next(3)])).answers.get(3)?.fields.amount, '3.25', 'a second, agreeing answer confirmed it');
  await cache.learn([lesson(4, 'GROCERIES')]);
  assert.equal((await cache.answer([next(5)])).answers.size, 0, 'an answer that disagrees retires it');
  assert.equal(await store.size(), 0);
  const outcomes = Object.fromEntries((await metrics.cacheAdmissions.get()).values.map((v) => [v.labels.outcome, v.value]));
  assert.deepEqual(outcomes, { admitted: 1, confirmed: 1, contradicted: 1 });
});

test('a template with a long agreeing history survives one stray contradicting answer, not a run of them', async () => {
  const store = new MemoryTemplateStore();
  const { cache, metrics } = cacheOver(store);
  const text = (n: number) => `SQ *BLUE BOTTLE COFFE OAKLAND CA 11/0${(n % 9) + 1} $${n}.25`;
  const lesson = (n: number, category = fields.category) => ({
    prepared: item(n, text(n)).prepared,
    fields: { ...fields, category, amount: `${n}.25`, transaction_date: `2026-11-0${(n % 9) + 1}` },
    confidence: 0.95,
    producedBy: { tier: 'small', model: 'gpt-4o-mini' },
  });
  await cache.learn(Array.from({ length: 400 }, (_, n) => lesson(n)));
  await cache.learn([lesson(400, 'GROCERIES')]);
  assert.equal((await cache.answer([item(401, text(401))])).answers.get(401)?.fields.category, 'DINING');
  await cache.learn([402, 403, 404].map((n) => lesson(n, 'GROCERIES')));
  assert.equal((await cache.answer([item(405, text(405))])).answers.size, 0, 'a run of them retires it');
  assert.equal(await store.size(), 0);
  const outcomes = Object.fromEntries((await metrics.cacheAdmissions.get()).values.map((v) => [v.labels.outcome, v.value]));
  assert.deepEqual(outcomes, { admitted: 1, confirmed: 399, contradicted: 4 });
});

test('a near template waiting for confirmation is confirmed by the answer for the record it would have served', async () => {
  const store = new MemoryTemplateStore();
  const { cache: near, metrics } = cacheOver(store);
  const lesson = (n: number, text: string) => ({
    prepared: item(n, text).prepared,
    fields: { ...fields, amount: `${n}.25`, transaction_date: `2026-11-0${n}` },
    confidence: 0.95,
    producedBy: { tier: 'small', model: 'gpt-4o-mini' },
  });
  await near.answer([item(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/01 $1.25 TIP INCL')]);
  await near.learn([lesson(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/01 $1.25 TIP INCL')]);
  const second = item(2, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $2.25');
  assert.equal((await near.answer([second])).answers.size, 0, 'the near template is not confirmed yet');
  await near.learn([lesson(2, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $2.25')]);
  assert.equal(await store.size(), 2);
  const third = (await near.answer([item(3, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/03 $3.25 TIP INCL')])).answers.get(3);
  assert.equal(third?.fields.amount, '3.25', 'the first template, confirmed by the second answer, serves');
  const outcomes = Object.fromEntries((await metrics.cacheAdmissions.get()).values.map((v) => [v.labels.outcome, v.value]));
  assert.deepEqual(outcomes, { admitted: 2, confirmed: 1 });
});

test('low-confidence answers are not learnt', async () => {
  const { cache } = cacheOver(new MemoryTemplateStore());
  const first = item(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75');
  assert.equal(await cache.learn([{ prepared: first.prepared, fields, confidence: 0.6, producedBy: { tier: 'small', model: null } }]), 0);
});

test('feedback marking an answer incorrect evicts the template behind it', async () => {
  const store = new MemoryTemplateStore();
  const { cache } = cacheOver(store);
  const first = item(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75');
  await cache.learn([
    {
      prepared: first.prepared,
      fields: { ...fields, category: 'GROCERIES' },
      confidence: 0.95,
      producedBy: { tier: 'small', model: null },
      confirmed: true,
    },
  ]);
  await cache.answer([item(2, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $9.10')]);
  assert.equal(await cache.feedback([{ recordId: 'r2', correct: false }]), 1);
  assert.equal(await store.size(), 0);
  assert.equal(
    (await cache.answer([item(3, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/05 $2.00')])).answers.size,
    0,
    'the in-memory copy went too',
  );
});

test('verdicts on the model answers templates were learnt from judge those templates, not the cache: young templates keep serving', async () => {
  const store = new MemoryTemplateStore();
  const { cache } = cacheOver(store);
  const lesson = (key: number, narrative: string, counterparty: string) => ({
    prepared: item(key, narrative).prepared,
    fields: { ...fields, counterparty },
    confidence: 0.95,
    producedBy: { tier: 'small', model: null },
    confirmed: true,
  });
  await cache.learn([
    lesson(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', 'Blue Bottle Coffee'),
    lesson(5, 'SQ *RITUAL COFFEE SAN FRANCISCO CA 11/02 $6.75', 'Ritual Coffee'),
    ...[10, 11, 12].map((k) => lesson(k, `PEETS COFFEE ${k} BERKELEY CA 11/02 $6.75`, "Peet's Coffee")),
  ]);
  // Wrong verdicts on three model answers: their templates go; the others' bounds are untouched.
  await cache.feedback([10, 11, 12].map((k) => ({ recordId: `r${k}`, correct: false })));
  const lookup = await cache.answer([
    item(2, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $9.10'),
    item(6, 'SQ *RITUAL COFFEE SAN FRANCISCO CA 11/04 $4.50'),
  ]);
  assert.equal(lookup.answers.size, 2, JSON.stringify([...lookup.misses]));
});

/** The in-process store, recording the keys of every lookup. */
class Recording extends MemoryTemplateStore {
  readonly asked: string[][] = [];
  override lookup(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>> {
    this.asked.push(queries.map((q) => q.key));
    return super.lookup(queries, options);
  }
}

test('over hot templates, a record whose template is at hand and serves costs no lookup; hits still count, and feedback evicts at once', async () => {
  const behind = new Recording();
  const clock = manualClock(NOW, { sleepAdvances: true });
  const hot = new HotTemplateStore({ store: behind, clock, maxEntries: 100, maxAgeMs: 60_000, writeLagMs: 5_000 });
  const { cache } = cacheOver(hot, clock);
  const first = item(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75');
  await cache.learn([{ prepared: first.prepared, fields, confidence: 0.95, producedBy: { tier: 'small', model: null }, confirmed: true }]);
  behind.asked.length = 0;
  const second = item(2, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $9.10');
  const lookup = await cache.answer([second, item(3, 'UBER *TRIP 11/04 $9.10')]);
  assert.equal(lookup.answers.get(2)?.fields.amount, '9.10');
  assert.deepEqual(behind.asked, [['3']], 'one lookup, for the record nothing at hand answered');
  const templateId = lookup.answers.get(2)!.templateId;
  assert.deepEqual(await behind.templatesOfRecords(['r2']), new Map([['r2', templateId]]));
  const anyScope = { source_id: null, document_type: null, template_version: undefined };
  const query = { key: 'q', skeleton: second.prepared.skeleton, embedding: null, filter: anyScope };
  const stored = (await behind.lookup([query], { k: 1, numCandidates: 1 })).get('q')!;
  assert.deepEqual(
    stored.map((c) => [c.template.id, c.template.hitCount, c.template.lastHitAt]),
    [[templateId, 1, NOW]],
    'the hit answered in process is counted in the store',
  );
  assert.equal(await cache.feedback([{ recordId: 'r2', correct: false }]), 1);
  assert.equal((await cache.answer([item(4, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/05 $2.00')])).answers.size, 0, 'evicted here at once');
});

test('a failing store costs one attempt, then the cache rests and comes back', async () => {
  const healthy = new MemoryTemplateStore();
  let down = true;
  let lookups = 0;
  const flaky: TemplateStore = Object.assign(Object.create(healthy), {
    exactAtHand: (queries: Parameters<TemplateStore['exactAtHand']>[0]) => healthy.exactAtHand(queries),
    lookup: async (...args: Parameters<TemplateStore['lookup']>) => {
      lookups += 1;
      if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:9200');
      return healthy.lookup(...args);
    },
  });
  const clock = manualClock(NOW, { sleepAdvances: true });
  const { cache, metrics } = cacheOver(flaky, clock);
  const record = item(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75');
  assert.equal((await cache.answer([record])).answers.size, 0, 'the window goes on without the cache');
  await cache.answer([record]);
  assert.equal(lookups, 1, 'no second try while the breaker rests');
  assert.equal((await metrics.cacheErrors.get()).values[0]!.value, 1);
  down = false;
  clock.advance(6_000);
  await cache.answer([record]);
  assert.equal(lookups, 2, 'the store is used again once it is back');
});

test('the cache scope decides whose templates a record may use', async () => {
  const store = new MemoryTemplateStore();
  const metrics = createMetrics();
  const make = (scope: 'source' | 'global') =>
    new TemplateCache({
      store,
      scope,
      embedder: createLocalEmbedder(64),
      policy: DEFAULT_CACHE_POLICY,
      lookup: { k: 3, numCandidates: 10 },
      admitMinConfidence: 0.85,
      clock: manualClock(NOW, { sleepAdvances: true }),
      metrics,
      logger: createLogger({ level: 'error' }),
      prices: loadPriceTable(),
    });
  const first = item(1, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75');
  await make('source').learn([
    { prepared: first.prepared, fields, confidence: 0.95, producedBy: { tier: 'small', model: null }, confirmed: true },
  ]);
  const other = item(2, 'SQ *BLUE BOTTLE COFFE OAKLAND CA 11/04 $9.10');
  const otherSource = {
    ...other,
    prepared: { ...other.prepared, record: { ...other.prepared.record, source_id: 'another-bank', template_version: 'v9' } },
  };
  assert.equal((await make('source').answer([otherSource])).answers.size, 0);
  assert.equal((await make('global').answer([otherSource])).answers.get(2)?.fields.amount, '9.10');
});
