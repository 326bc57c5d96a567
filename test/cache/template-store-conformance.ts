/**
 * The conformance suite of the TemplateStore port: every adapter (in-process, Elasticsearch)
 * registers it with a factory and must pass it unchanged. Each test gets a fresh, empty store.
 * Vectors come from the local n-gram embedder, so expected cosines are computed exactly here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cosine, createLocalEmbedder, embedText } from '#src/cache/local-embedder.ts';
import { type Template, type TemplateScope, templateId } from '#src/cache/template.ts';
import type { TemplateCandidate, TemplateQuery, TemplateStore } from '#src/cache/template-store.ts';

/** Adapters that need to know the vectors' space up front (Elasticsearch) take it from here. */
export const CONFORMANCE_EMBEDDER = createLocalEmbedder(64);
const DIMS = CONFORMANCE_EMBEDDER.dimensions;
/** Stores may keep vectors in float32 and search them quantised, but must report the true cosine this closely. */
export const SIMILARITY_TOLERANCE = 0.005;

export type StoreFixture = { store: TemplateStore; cleanup(): Promise<void> };

const MERCHANTS = [
  'TESCO STORES',
  'TESCO EXPRESS',
  'SAINSBURYS',
  'SHELL OIL',
  'SHELLY DELI',
  'BLUE BOTTLE COFFEE',
  'AMAZON MKTPL',
  'NETFLIX.COM',
  'UBER TRIP',
  'UBER EATS',
  'STARBUCKS',
  'CARREFOUR MARKET',
  'LIDL',
  'ALDI SUED',
  'BOOTS PHARMACY',
];
const PREFIXES = ['POS PURCHASE', 'CARD PAYMENT TO', 'CONTACTLESS'];

export function makeTemplate(skeleton: string, scope: Partial<TemplateScope> = {}, changes: Partial<Template> = {}): Template {
  const full: TemplateScope = { source_id: 'bank-a', document_type: 'card', template_version: null, locale: 'en-GB', ...scope };
  return {
    id: templateId(full, skeleton),
    skeleton,
    scope: full,
    stable: { counterparty: 'TESCO', transaction_type: 'CARD', category: 'GROCERIES', direction: 'DEBIT', currency: 'GBP' },
    roles: {
      amount: { kind: 'AMOUNT', ordinal: 0, anchor: '{DATE}', sign: 'none' },
      date: { kind: 'DATE', ordinal: 0, anchor: '{NUMBER}', order: 'day-first' },
      reference: null,
    },
    gate: ['TESCO', 'POS'],
    createdAt: 1_767_225_600_000,
    lastHitAt: null,
    hitCount: 0,
    feedback: { correct: 0, incorrect: 0 },
    producedBy: { tier: 'small', model: 'gpt-4.1-mini' },
    embedding: embedText(skeleton, DIMS),
    ...changes,
  };
}

function query(key: string, skeleton: string, filter: Partial<TemplateQuery['filter']> = {}, embed = true): TemplateQuery {
  return {
    key,
    skeleton,
    embedding: embed ? embedText(skeleton, DIMS) : null,
    filter: { source_id: null, document_type: null, template_version: undefined, ...filter },
  };
}

async function lookupOne(store: TemplateStore, q: TemplateQuery, k = 5): Promise<TemplateCandidate[]> {
  const answers = await store.lookup([q], { k, numCandidates: 100 });
  return answers.get(q.key) ?? [];
}

/** Equal apart from the vector, which stays in the store: a found template comes back without it. */
export function assertSameTemplate(actual: Template, expected: Template): void {
  assert.deepEqual(actual, { ...expected, embedding: null });
}

const ids = (candidates: TemplateCandidate[]) => candidates.map((c) => c.template.id);

export function templateStoreConformance(name: string, makeStore: () => Promise<StoreFixture>): void {
  const withStore = (body: (store: TemplateStore) => Promise<void>) => async () => {
    const fixture = await makeStore();
    try {
      await body(fixture.store);
    } finally {
      await fixture.store.close();
      await fixture.cleanup();
    }
  };

  describe(`TemplateStore conformance: ${name}`, { concurrency: true }, () => {
    test(
      'a template comes back as it was put, without its vector, exact match first with similarity 1',
      withStore(async (store) => {
        const skeleton = 'POS PURCHASE TESCO STORES {NUMBER} LONDON {DATE} {AMOUNT}';
        const full = makeTemplate(
          skeleton,
          { template_version: 'v3' },
          {
            lastHitAt: 1_767_300_000_000,
            hitCount: 4,
            feedback: { correct: 2, incorrect: 1 },
            roles: {
              amount: { kind: 'AMOUNT', ordinal: 1, anchor: 'AMT', sign: 'CR' },
              date: null,
              reference: { kind: 'REF', ordinal: 0, anchor: 'EREF' },
            },
          },
        );
        const neighbour = makeTemplate('POS PURCHASE TESCO STORES {NUMBER} LEEDS {DATE} {AMOUNT}');
        await store.put([full, neighbour]);
        const candidates = await lookupOne(store, query('q', skeleton));
        assert.equal(candidates[0]?.exact, true);
        assert.equal(candidates[0]?.similarity, 1);
        assertSameTemplate(candidates[0]!.template, full);
        assert.deepEqual(ids(candidates), [full.id, neighbour.id], 'the exact match is not repeated among the neighbours');
        assert.equal(candidates[1]?.exact, false);
        assert.ok(candidates[1]!.similarity < 1);
      }),
    );

    test(
      'source_id and document_type filters exclude other scopes; null filters exclude nothing',
      withStore(async (store) => {
        const skeleton = 'CARD PAYMENT TO SHELL OIL {NUMBER} {DATE} {AMOUNT}';
        const a = makeTemplate(skeleton, { source_id: 'bank-a', document_type: 'card' });
        const b = makeTemplate(skeleton, { source_id: 'bank-b', document_type: 'card' });
        const c = makeTemplate(skeleton, { source_id: 'bank-a', document_type: 'statement' });
        const near = makeTemplate('CARD PAYMENT TO SHELL OIL {NUMBER} {AMOUNT}', { source_id: 'bank-b' });
        await store.put([a, b, c, near]);
        const bySource = await lookupOne(store, query('q', skeleton, { source_id: 'bank-a' }));
        assert.deepEqual(new Set(ids(bySource)), new Set([a.id, c.id]));
        const both = await lookupOne(store, query('q', skeleton, { source_id: 'bank-a', document_type: 'card' }));
        assert.deepEqual(ids(both), [a.id]);
        const byType = await lookupOne(store, query('q', skeleton, { document_type: 'card' }));
        assert.deepEqual(new Set(ids(byType)), new Set([a.id, b.id, near.id]));
        assert.ok(byType.slice(0, 2).every((x) => x.exact) && !byType[2]!.exact, 'exact matches come before neighbours');
        const all = await lookupOne(store, query('q', skeleton));
        assert.deepEqual(new Set(ids(all)), new Set([a.id, b.id, c.id, near.id]));
      }),
    );

    test(
      'template_version: undefined matches any, null only templates without one, a string only that one',
      withStore(async (store) => {
        const skeleton = 'CONTACTLESS LIDL {NUMBER} {DATE} {AMOUNT}';
        const none = makeTemplate(skeleton, { template_version: null });
        const v1 = makeTemplate(skeleton, { template_version: 'v1' });
        const v2 = makeTemplate(skeleton, { template_version: 'v2' });
        const nearV1 = makeTemplate('CONTACTLESS LIDL {DATE} {AMOUNT}', { template_version: 'v1' });
        await store.put([none, v1, v2, nearV1]);
        const set = async (version: string | null | undefined) =>
          new Set(ids(await lookupOne(store, query('q', skeleton, { template_version: version }))));
        assert.deepEqual(await set(undefined), new Set([none.id, v1.id, v2.id, nearV1.id]));
        assert.deepEqual(await set(null), new Set([none.id]));
        assert.deepEqual(await set('v1'), new Set([v1.id, nearV1.id]));
        assert.deepEqual(await set('v9'), new Set());
      }),
    );

    test(
      'kNN returns the nearest neighbours in order, with similarities close to the true cosine',
      withStore(async (store) => {
        const templates = PREFIXES.flatMap((p) => MERCHANTS.map((m) => makeTemplate(`${p} ${m} {NUMBER} {DATE} {AMOUNT}`)));
        const otherSource = makeTemplate('POS PURCHASE TESCO STORES {NUMBER} {DATE} {AMOUNT} GB', { source_id: 'bank-z' });
        await store.put([...templates, otherSource]);
        const q = query('q', 'POS PURCHASE TESCO STORES {NUMBER} LONDON {DATE} {AMOUNT}', { source_id: 'bank-a' });
        const k = 6;
        const candidates = await lookupOne(store, q, k);
        const truth = new Map(templates.map((t) => [t.id, cosine(q.embedding!, t.embedding!)]));
        const expected = [...truth].sort((x, y) => y[1] - x[1]);
        assert.equal(candidates.length, k);
        assert.equal(candidates[0]!.template.id, expected[0]![0], 'the clearly nearest template is first');
        for (const [i, c] of candidates.entries()) {
          assert.equal(c.exact, false);
          assert.ok(truth.has(c.template.id), 'only templates of the filtered source');
          assert.ok(
            Math.abs(c.similarity - truth.get(c.template.id)!) <= SIMILARITY_TOLERANCE,
            `similarity ${c.similarity} vs cosine ${truth.get(c.template.id)}`,
          );
          if (i > 0) assert.ok(c.similarity <= candidates[i - 1]!.similarity, 'ordered by similarity');
        }
        const weakest = Math.min(...candidates.map((c) => truth.get(c.template.id)!));
        const missed = expected.filter(([id, cos]) => !ids(candidates).includes(id) && cos > weakest + 2 * SIMILARITY_TOLERANCE);
        assert.deepEqual(missed, [], 'no clearly nearer template was left out');
      }),
    );

    test(
      'a near-only query gets the near matches alone, as a whole lookup lists them after the exact; without an embedding none',
      withStore(async (store) => {
        const templates = MERCHANTS.map((m) => makeTemplate(`POS PURCHASE ${m} {NUMBER} {DATE} {AMOUNT}`));
        await store.put(templates);
        const q = query('q', templates[0]!.skeleton, { source_id: 'bank-a' });
        const whole = await lookupOne(store, q, 3);
        assert.deepEqual(
          whole.map((c) => c.exact),
          [true, false, false, false],
        );
        assert.deepEqual(ids(await lookupOne(store, { ...q, nearOnly: true }, 3)), ids(whole.slice(1)));
        assert.deepEqual(await lookupOne(store, { ...q, embedding: null, nearOnly: true }, 3), []);
      }),
    );

    test(
      'a query without an embedding gets exact matches only',
      withStore(async (store) => {
        const t = makeTemplate('UBER TRIP HELP.UBER.COM {DATE} {AMOUNT}');
        await store.put([t, makeTemplate('UBER EATS HELP.UBER.COM {DATE} {AMOUNT}')]);
        assert.deepEqual(ids(await lookupOne(store, query('q', t.skeleton, {}, false))), [t.id]);
        assert.deepEqual(await lookupOne(store, query('q', 'UBER TRIP {DATE} {AMOUNT}', {}, false)), []);
      }),
    );

    test(
      'put replaces a template by id',
      withStore(async (store) => {
        const t = makeTemplate('STARBUCKS {NUMBER} SEATTLE {DATE} {AMOUNT}');
        await store.put([t]);
        const changed = { ...t, stable: { ...t.stable, counterparty: 'STARBUCKS', category: 'DINING' as const }, gate: ['STARBUCKS'] };
        await store.put([changed]);
        assert.equal(await store.size(), 1);
        assertSameTemplate((await lookupOne(store, query('q', t.skeleton)))[0]!.template, changed);
        // Ids are hashes of scope and skeleton, but the port replaces by id whatever the skeleton.
        const moved = { ...changed, skeleton: 'STARBUCKS {NUMBER} PORTLAND {DATE} {AMOUNT}' };
        await store.put([moved]);
        assert.deepEqual(await lookupOne(store, query('q', t.skeleton, {}, false)), [], 'the old skeleton no longer matches exactly');
        assert.deepEqual(ids(await lookupOne(store, query('q', moved.skeleton, {}, false))), [t.id]);
      }),
    );

    test(
      'evict removes templates; unknown ids are ignored',
      withStore(async (store) => {
        const keep = makeTemplate('ALDI SUED {NUMBER} {DATE} {AMOUNT}');
        const gone = makeTemplate('ALDI SUED BERLIN {NUMBER} {DATE} {AMOUNT}');
        await store.put([keep, gone]);
        await store.evict([gone.id, 'no-such-template']);
        assert.equal(await store.size(), 1);
        assert.deepEqual(ids(await lookupOne(store, query('q', gone.skeleton))), [keep.id]);
        await store.evict([]);
      }),
    );

    test(
      'exactAtHand lists what lookup lists first or leaves the query to lookup; never an evicted template or an old version',
      withStore(async (store) => {
        const skeleton = 'CONTACTLESS TESCO EXPRESS {NUMBER} {DATE} {AMOUNT}';
        const a = makeTemplate(skeleton, { template_version: 'v1' });
        const b = makeTemplate(skeleton, { source_id: 'bank-b', template_version: 'v1' });
        await store.put([a, b, makeTemplate('CONTACTLESS TESCO EXPRESS {DATE} {AMOUNT}', { template_version: 'v1' })]);
        const queries = [
          query('a', skeleton, { source_id: 'bank-a', document_type: 'card', template_version: 'v1' }),
          query('b', skeleton, { source_id: 'bank-b', document_type: 'card', template_version: 'v1' }),
          query('bank-a', skeleton, { source_id: 'bank-a' }),
          query('any', skeleton),
          query('none', skeleton, { source_id: 'bank-z' }),
        ];
        const agrees = async () => {
          // A lookup also fills whatever the store keeps in process.
          const looked = await store.lookup(queries, { k: 3, numCandidates: 50 });
          for (const [key, candidates] of store.exactAtHand(queries))
            assert.deepEqual(
              candidates,
              looked.get(key)!.filter((c) => c.exact),
              key,
            );
        };
        await agrees();
        await store.evict([a.id]);
        for (const candidates of store.exactAtHand(queries).values()) assert.ok(!ids(candidates).includes(a.id), 'evicted');
        await agrees();
        const changed = { ...b, stable: { ...b.stable, category: 'DINING' as const } };
        await store.put([changed]);
        for (const candidates of store.exactAtHand(queries).values())
          for (const c of candidates) if (c.template.id === b.id) assertSameTemplate(c.template, changed);
        await agrees();
      }),
    );

    test(
      'recordHits adds one per hit and keeps the latest hit time',
      withStore(async (store) => {
        const t = makeTemplate('BOOTS PHARMACY {NUMBER} {DATE} {AMOUNT}', {}, { hitCount: 3 });
        await store.put([t]);
        await store.recordHits([
          { id: t.id, at: 2_000 },
          { id: t.id, at: 5_000 },
          { id: 'no-such-template', at: 1 },
        ]);
        await store.recordHits([{ id: t.id, at: 4_000 }]);
        const [hit] = await lookupOne(store, query('q', t.skeleton));
        assert.equal(hit!.template.hitCount, 6);
        assert.equal(hit!.template.lastHitAt, 5_000);
        await store.recordHits([]);
      }),
    );

    test(
      'recordFeedback counts correct and incorrect answers',
      withStore(async (store) => {
        const t = makeTemplate('NETFLIX.COM {MASKED} CA {DATE} {AMOUNT}', {}, { feedback: { correct: 1, incorrect: 0 } });
        await store.put([t]);
        await store.recordFeedback([
          { id: t.id, correct: true },
          { id: t.id, correct: false },
          { id: t.id, correct: true },
        ]);
        await store.recordFeedback([
          { id: t.id, correct: false },
          { id: 'no-such-template', correct: true },
        ]);
        const [hit] = await lookupOne(store, query('q', t.skeleton));
        assert.deepEqual(hit!.template.feedback, { correct: 3, incorrect: 2 });
      }),
    );

    test(
      'linkRecords and templatesOfRecords round trip; a later link wins',
      withStore(async (store) => {
        await store.linkRecords([
          { recordId: 'r1', templateId: 't1' },
          { recordId: 'r2', templateId: 't2' },
        ]);
        await store.linkRecords([{ recordId: 'r2', templateId: 't3' }]);
        const links = await store.templatesOfRecords(['r1', 'r2', 'r-unknown', 'r1']);
        assert.deepEqual([...links].sort(), [
          ['r1', 't1'],
          ['r2', 't3'],
        ]);
        assert.equal((await store.templatesOfRecords([])).size, 0);
      }),
    );

    test(
      'size counts templates; empty calls are no-ops',
      withStore(async (store) => {
        assert.equal(await store.size(), 0);
        await store.put([]);
        assert.equal((await store.lookup([], { k: 5, numCandidates: 50 })).size, 0);
        await store.put(MERCHANTS.map((m) => makeTemplate(`${m} {DATE} {AMOUNT}`)));
        assert.equal(await store.size(), MERCHANTS.length);
      }),
    );

    test(
      'a batch of 50 queries is answered in one call, each under its key',
      withStore(async (store) => {
        const templates = Array.from({ length: 50 }, (_, i) =>
          makeTemplate(`${PREFIXES[i % 3]} ${MERCHANTS[i % 15]} STORE ${i} {DATE} {AMOUNT}`),
        );
        await store.put(templates);
        const queries = templates.map((t, i) => query(`k${i}`, t.skeleton));
        const answers = await store.lookup(queries, { k: 3, numCandidates: 50 });
        assert.equal(answers.size, 50);
        for (const [i, t] of templates.entries()) {
          const candidates = answers.get(`k${i}`)!;
          assert.equal(candidates[0]?.template.id, t.id);
          assert.equal(candidates[0]?.exact, true);
          assert.equal(candidates.length, 4, 'the exact match and k = 3 neighbours');
        }
      }),
    );
  });
}
