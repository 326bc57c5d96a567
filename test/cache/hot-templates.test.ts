/**
 * The hot templates in front of a store: the port's conformance suite, exact matches answered
 * without asking the store behind, least recently used entries dropped first, entries looked up
 * again past their age, and this process's writes applied at once — even against an answer that
 * was on its way when they were made. The store behind is the in-process one, recording its
 * lookups and able to hold an answer back as a search that lags a write would.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HotTemplateStore, type HotTemplateStoreOptions } from '#src/cache/hot-templates.ts';
import { embedText } from '#src/cache/local-embedder.ts';
import { MemoryTemplateStore } from '#src/cache/memory-store.ts';
import type { Template } from '#src/cache/template.ts';
import type { LookupOptions, TemplateCandidate, TemplateQuery } from '#src/cache/template-store.ts';
import { manualClock, systemClock } from '#src/common/clock.ts';
import { CONFORMANCE_EMBEDDER, makeTemplate, templateStoreConformance } from '#test/cache/template-store-conformance.ts';

templateStoreConformance('HotTemplateStore over MemoryTemplateStore', async () => ({
  store: new HotTemplateStore({
    store: new MemoryTemplateStore(),
    clock: systemClock,
    maxEntries: 1_000,
    maxAgeMs: 60_000,
    writeLagMs: 5_000,
  }),
  cleanup: async () => {},
}));

/** The store behind: records what it is asked; while `held`, answers as it was when asked, once released. */
class Behind extends MemoryTemplateStore {
  readonly asked: string[][] = [];
  /** For each lookup, whether it asked for exact matches only. */
  readonly exactOnly: boolean[] = [];
  /** For each lookup, whether it asked for near matches only. */
  readonly nearOnly: boolean[] = [];
  held: Promise<void> | undefined;

  override async lookup(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>> {
    this.asked.push(queries.map((q) => q.key));
    this.exactOnly.push(queries.every((q) => q.embedding === null));
    this.nearOnly.push(queries.every((q) => q.nearOnly === true));
    const answer = await super.lookup(queries, options);
    await this.held;
    return answer;
  }

  /** Holds the next answers back until the returned function is called. */
  hold(): () => void {
    let release = () => {};
    this.held = new Promise((resolve) => {
      release = () => {
        this.held = undefined;
        resolve();
      };
    });
    return release;
  }
}

const LOOKUP = { k: 3, numCandidates: 10 };
const AGE = 60_000;
const LAG = 5_000;

function hotOver(options: Partial<HotTemplateStoreOptions> = {}) {
  const behind = new Behind();
  const clock = manualClock(1_000_000);
  const store = new HotTemplateStore({ store: behind, clock, maxEntries: 100, maxAgeMs: AGE, writeLagMs: LAG, ...options });
  return { store, behind, clock };
}

/** The query of a template's own scope, as the `source` cache scope asks; with its embedding unless `exactOnly`. */
function own(t: Template, exactOnly = false): TemplateQuery {
  const { source_id, document_type, template_version } = t.scope;
  return {
    key: t.id,
    skeleton: t.skeleton,
    embedding: exactOnly ? null : embedText(t.skeleton, CONFORMANCE_EMBEDDER.dimensions),
    filter: { source_id, document_type, template_version },
  };
}

const ids = (candidates: readonly TemplateCandidate[]) => candidates.filter((c) => c.exact).map((c) => c.template.id);

const atHand = (store: HotTemplateStore, ...templates: Template[]) =>
  templates.filter((t) => store.exactAtHand([own(t)]).has(t.id)).map((t) => t.skeleton);

const tesco = makeTemplate('TESCO STORES {NUMBER} {DATE} {AMOUNT}');
const lidl = makeTemplate('LIDL {NUMBER} {DATE} {AMOUNT}');
const aldi = makeTemplate('ALDI SUED {NUMBER} {DATE} {AMOUNT}');

test('an exact match a lookup found is at hand, and answers exact lookups without the store behind; a miss is not kept', async () => {
  const { store, behind } = hotOver();
  // Learnt by another instance: only a lookup finds it.
  await behind.put([tesco]);
  assert.equal(store.exactAtHand([own(tesco)]).size, 0);
  await store.lookup([own(tesco), own(lidl)], LOOKUP);
  const [candidate] = store.exactAtHand([own(tesco)]).get(tesco.id)!;
  assert.deepEqual(candidate, { template: { ...tesco, embedding: null }, similarity: 1, exact: true });
  assert.equal(store.exactAtHand([own(lidl)]).size, 0, 'no match is not kept: another instance may learn it any moment');
  behind.asked.length = 0;
  const answers = await store.lookup([own(tesco, true), own(lidl, true)], LOOKUP);
  assert.deepEqual(behind.asked, [[lidl.id]], 'only the miss is asked behind');
  assert.deepEqual(answers.get(tesco.id), [candidate]);
  await store.lookup([own(tesco)], LOOKUP);
  assert.deepEqual(behind.asked.at(-1), [tesco.id], 'a query with an embedding still goes behind, for its neighbours');
});

test('a query with an embedding whose exact matches are at hand asks behind for its neighbours only, and lists them after its own', async () => {
  const { store, behind } = hotOver();
  const express = makeTemplate('TESCO EXPRESS {NUMBER} {DATE} {AMOUNT}');
  await behind.put([tesco, express, lidl]);
  const whole = (await store.lookup([own(tesco)], LOOKUP)).get(tesco.id)!;
  assert.equal(behind.nearOnly.at(-1), false, 'nothing at hand yet: exact and near matches asked behind');
  const again = (await store.lookup([own(tesco)], LOOKUP)).get(tesco.id)!;
  assert.equal(behind.nearOnly.at(-1), true);
  assert.deepEqual(again, whole, 'the same candidates, the exact match from the entry');
  assert.deepEqual(
    again.map((c) => [c.template.id, c.exact]),
    [[tesco.id, true], ...again.slice(1).map((c) => [c.template.id, false])],
  );
});

/** Lets a lookup started in the background answer. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('an entry in use past half its age is looked up again in the background, exact terms only, and lives on', async () => {
  const { store, behind, clock } = hotOver();
  await behind.put([tesco, lidl]);
  await store.lookup([own(tesco), own(lidl)], LOOKUP);
  clock.advance(AGE / 2 - 1);
  store.exactAtHand([own(tesco)]);
  assert.equal(behind.asked.length, 1, 'young enough');
  clock.advance(1);
  const release = behind.hold();
  assert.deepEqual(atHand(store, tesco), [tesco.skeleton], 'it still answers meanwhile');
  assert.deepEqual([behind.asked.length, behind.exactOnly.at(-1)], [2, true]);
  store.exactAtHand([own(tesco), own(lidl)]);
  assert.equal(behind.asked.length, 2, 'one renewal at a time: the next waits for it');
  release();
  await settle();
  await settle();
  assert.equal(behind.asked.length, 3);
  assert.equal(behind.asked.at(-1)!.length, 1, 'then renews what came due meanwhile and was not renewed already');
  clock.advance(AGE / 2);
  assert.deepEqual(atHand(store, tesco, lidl), [tesco.skeleton, lidl.skeleton], 'renewed: their age starts again');
});

test('a renewal that finds the template gone elsewhere drops it before its age runs out', async () => {
  const { store, behind, clock } = hotOver();
  await behind.put([tesco]);
  await store.lookup([own(tesco)], LOOKUP);
  await behind.evict([tesco.id]);
  clock.advance(AGE / 2);
  assert.deepEqual(atHand(store, tesco), [tesco.skeleton]);
  await settle();
  assert.deepEqual(atHand(store, tesco), []);
});

test('past maxEntries the least recently used entry goes first', async () => {
  const { store, behind } = hotOver({ maxEntries: 2 });
  await behind.put([tesco, lidl, aldi]);
  await store.lookup([own(tesco)], LOOKUP);
  await store.lookup([own(lidl)], LOOKUP);
  store.exactAtHand([own(tesco)]);
  await store.lookup([own(aldi)], LOOKUP);
  assert.deepEqual(atHand(store, tesco, lidl, aldi), [tesco.skeleton, aldi.skeleton]);
});

test("an entry is looked up again once maxAgeMs old: the longest another instance's eviction goes unseen", async () => {
  const { store, behind, clock } = hotOver();
  await behind.put([tesco]);
  await store.lookup([own(tesco)], LOOKUP);
  await behind.evict([tesco.id]);
  clock.advance(AGE - 1);
  assert.deepEqual(atHand(store, tesco), [tesco.skeleton], 'still served: nothing here tells of the eviction');
  clock.advance(1);
  assert.deepEqual(atHand(store, tesco), []);
  assert.deepEqual((await store.lookup([own(tesco, true)], LOOKUP)).get(tesco.id), []);
  assert.deepEqual(behind.asked.at(-1), [tesco.id]);
});

test('an eviction here applies at once, and no answer that may predate it brings the template back', async () => {
  const { store, behind, clock } = hotOver();
  await behind.put([tesco, lidl]);
  await store.lookup([own(tesco), own(lidl)], LOOKUP);
  const release = behind.hold();
  const lagging = store.lookup([own(tesco)], LOOKUP);
  await store.evict([tesco.id]);
  assert.deepEqual(atHand(store, tesco, lidl), [lidl.skeleton]);
  release();
  const answered = (await lagging).get(tesco.id)!.map((c) => c.template.id);
  assert.deepEqual(answered, [lidl.id], 'the answer from before the eviction leaves it out; its neighbour stays');
  assert.deepEqual(atHand(store, tesco), []);
  // Another instance learns it again: once searches surely show this eviction, lookups are believed again.
  await behind.put([tesco]);
  clock.advance(LAG - 1);
  await store.lookup([own(tesco)], LOOKUP);
  assert.deepEqual(atHand(store, tesco), [], 'within the lag an answer might still be from before the eviction');
  clock.advance(1);
  await store.lookup([own(tesco)], LOOKUP);
  assert.deepEqual(atHand(store, tesco), [tesco.skeleton]);
});

test('a put is at hand at once in its own scope; the wider entries it changes are dropped', async () => {
  const { store, behind } = hotOver();
  await behind.put([tesco]);
  const anySource: TemplateQuery = {
    ...own(tesco),
    key: 'any',
    filter: { source_id: null, document_type: null, template_version: undefined },
  };
  await store.lookup([own(tesco), anySource], LOOKUP);
  assert.equal(store.exactAtHand([anySource]).size, 1);
  const changed = { ...tesco, stable: { ...tesco.stable, category: 'DINING' as const } };
  await store.put([changed, lidl]);
  assert.deepEqual(store.exactAtHand([own(tesco)]).get(tesco.id)![0]!.template, { ...changed, embedding: null });
  assert.deepEqual(atHand(store, lidl), [lidl.skeleton], 'a new template too: a lookup might not find it before the next refresh');
  assert.equal(store.exactAtHand([anySource]).size, 0, 'left to a lookup: another source may have the same skeleton');
});

test('an answer that may predate a put does not fill an entry the put changed', async () => {
  const { store, behind, clock } = hotOver();
  const otherBank = makeTemplate(tesco.skeleton, { source_id: 'bank-b' });
  await behind.put([otherBank]);
  const anySource: TemplateQuery = {
    ...own(tesco),
    key: 'any',
    filter: { source_id: null, document_type: null, template_version: undefined },
  };
  const release = behind.hold();
  const lagging = store.lookup([anySource], LOOKUP);
  await store.put([tesco]);
  release();
  assert.deepEqual(ids((await lagging).get('any')!), [otherBank.id], 'the answer as the store gave it');
  assert.equal(store.exactAtHand([anySource]).size, 0, 'not kept: it lacks the template just put');
  clock.advance(LAG);
  await store.lookup([anySource], LOOKUP);
  assert.deepEqual(ids(store.exactAtHand([anySource]).get('any')!), [otherBank.id, tesco.id]);
});

test('counts written through it change the copies at hand, and an answer from before them does not undo them', async () => {
  const { store, behind } = hotOver();
  await behind.put([tesco]);
  await store.lookup([own(tesco)], LOOKUP);
  const release = behind.hold();
  const lagging = store.lookup([own(tesco)], LOOKUP);
  await store.recordFeedback([{ id: tesco.id, correct: false }]);
  await store.recordHits([{ id: tesco.id, at: 7 }]);
  release();
  const [answered] = (await lagging).get(tesco.id)!;
  assert.deepEqual(answered!.template.feedback, { correct: 0, incorrect: 1 }, "this process's copy, not the answer's");
  const kept = store.exactAtHand([own(tesco)]).get(tesco.id)![0]!.template;
  assert.deepEqual([kept.feedback, kept.hitCount, kept.lastHitAt], [{ correct: 0, incorrect: 1 }, 1, 7]);
});

test('a count that fails behind drops the entries it may have changed', async () => {
  const { store, behind } = hotOver();
  await behind.put([tesco]);
  await store.lookup([own(tesco)], LOOKUP);
  behind.recordFeedback = async () => {
    throw new Error('connect ECONNREFUSED');
  };
  await assert.rejects(store.recordFeedback([{ id: tesco.id, correct: true }]), /ECONNREFUSED/);
  assert.deepEqual(atHand(store, tesco), []);
});

test('maxEntries 0 keeps nothing at hand', async () => {
  const { store, behind } = hotOver({ maxEntries: 0 });
  await store.put([tesco]);
  await store.lookup([own(tesco)], LOOKUP);
  assert.deepEqual(atHand(store, tesco), []);
  assert.equal(await behind.size(), 1);
});
