/**
 * The in-process template store passes the port's conformance suite, keeps its memory bounded
 * (least recently used templates and oldest links dropped first), and a saved store loads back
 * warm (vectors kept only for the same embedder; a version 1 file still reads).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { embedText } from '#src/cache/local-embedder.ts';
import { MemoryTemplateStore } from '#src/cache/memory-store.ts';
import { loadTemplateFile, saveTemplateFile } from '#src/cache/memory-store-file.ts';
import { isParsimonyError } from '#src/common/errors.ts';
import { CONFORMANCE_EMBEDDER, makeTemplate, templateStoreConformance } from '#test/cache/template-store-conformance.ts';

templateStoreConformance('MemoryTemplateStore', async () => ({ store: new MemoryTemplateStore(), cleanup: async () => {} }));

function tempFile(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parsimony-cache-'));
  return { path: join(dir, 'templates.jsonl'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

test('save then load round trips templates, counters and links', async () => {
  const file = tempFile();
  try {
    const store = new MemoryTemplateStore();
    const a = makeTemplate('SAINSBURYS {NUMBER} {DATE} {AMOUNT}', { template_version: 'v2' });
    const b = makeTemplate('SAINSBURYS LOCAL {NUMBER} {DATE} {AMOUNT}');
    await store.put([a, b]);
    await store.recordHits([{ id: a.id, at: 9_000 }]);
    await store.recordFeedback([{ id: b.id, correct: false }]);
    await store.linkRecords([{ recordId: 'r1', templateId: a.id }]);
    saveTemplateFile(store, file.path, CONFORMANCE_EMBEDDER.id);

    const loaded = await loadTemplateFile(file.path, CONFORMANCE_EMBEDDER.id);
    assert.equal(await loaded.size(), 2);
    assert.deepEqual([...(await loaded.templatesOfRecords(['r1']))], [['r1', a.id]]);
    const answers = await loaded.lookup(
      [
        {
          key: 'q',
          skeleton: a.skeleton,
          embedding: embedText(a.skeleton, 64),
          filter: { source_id: null, document_type: null, template_version: undefined },
        },
      ],
      { k: 3, numCandidates: 10 },
    );
    const [exact, near] = answers.get('q')!;
    assert.deepEqual(exact!.template, { ...a, embedding: null, hitCount: 1, lastHitAt: 9_000 });
    // Found by kNN: the vectors were saved and loaded, though a lookup does not return them.
    assert.deepEqual(near!.template, { ...b, embedding: null, feedback: { correct: 0, incorrect: 1 } });
  } finally {
    file.remove();
  }
});

test('the saved file is readable by its owner only: skeletons are cut from narratives', async () => {
  const file = tempFile();
  try {
    writeFileSync(file.path, '{"version":1,"embedder":"x","templates":[],"links":[]}');
    chmodSync(file.path, 0o644);
    const store = new MemoryTemplateStore();
    await store.put([makeTemplate('SAINSBURYS {NUMBER} {DATE} {AMOUNT}')]);
    saveTemplateFile(store, file.path, CONFORMANCE_EMBEDDER.id);
    assert.equal(statSync(file.path).mode & 0o777, 0o600);
  } finally {
    file.remove();
  }
});

test('a store saved with another embedder loads for exact matches only', async () => {
  const file = tempFile();
  try {
    const store = new MemoryTemplateStore();
    const a = makeTemplate('LIDL {NUMBER} {DATE} {AMOUNT}');
    await store.put([a, makeTemplate('LIDL CITY {NUMBER} {DATE} {AMOUNT}')]);
    saveTemplateFile(store, file.path, 'openai/text-embedding-3-small@256');
    const loaded = await loadTemplateFile(file.path, CONFORMANCE_EMBEDDER.id);
    const answers = await loaded.lookup(
      [
        {
          key: 'q',
          skeleton: a.skeleton,
          embedding: embedText(a.skeleton, 64),
          filter: { source_id: null, document_type: null, template_version: undefined },
        },
      ],
      { k: 3, numCandidates: 10 },
    );
    assert.deepEqual(
      answers.get('q')!.map((c) => [c.template.id, c.exact, c.template.embedding]),
      [[a.id, true, null]],
    );
  } finally {
    file.remove();
  }
});

test('a missing file loads empty; an unreadable one fails saying how to recover', async () => {
  const file = tempFile();
  try {
    assert.equal(await (await loadTemplateFile(file.path, 'x')).size(), 0);
    writeFileSync(file.path, '{ not json');
    await assert.rejects(
      loadTemplateFile(file.path, 'x'),
      (e) => isParsimonyError(e) && e.code === 'INPUT_INVALID' && /delete it/.test(e.message),
    );
  } finally {
    file.remove();
  }
});

test('a version 1 file (one JSON document) still loads', async () => {
  const file = tempFile();
  try {
    const a = makeTemplate('TESCO {NUMBER} {DATE} {AMOUNT}');
    writeFileSync(file.path, JSON.stringify({ version: 1, embedder: CONFORMANCE_EMBEDDER.id, templates: [a], links: [['r1', a.id]] }));
    const loaded = await loadTemplateFile(file.path, CONFORMANCE_EMBEDDER.id);
    assert.equal(await loaded.size(), 1);
    assert.deepEqual([...(await loaded.templatesOfRecords(['r1']))], [['r1', a.id]]);
  } finally {
    file.remove();
  }
});

const anyFilter = { source_id: null, document_type: null, template_version: undefined };

test('past maxTemplates the least recently used template goes first: a hit keeps one', async () => {
  const store = new MemoryTemplateStore({ maxTemplates: 2 });
  const [a, b, c] = ['ALDI', 'LIDL', 'COOP'].map((name) => makeTemplate(`${name} {NUMBER} {DATE} {AMOUNT}`));
  await store.put([a!, b!]);
  await store.recordHits([{ id: a!.id, at: 1 }]);
  await store.put([c!]);
  assert.equal(await store.size(), 2);
  const found = await store.lookup(
    [a!, b!, c!].map((t) => ({ key: t.id, skeleton: t.skeleton, embedding: null, filter: anyFilter })),
    { k: 1, numCandidates: 10 },
  );
  assert.deepEqual(
    [a!, b!, c!].map((t) => found.get(t.id)!.length),
    [1, 0, 1],
    'B, neither hit nor learnt since, was dropped',
  );
});

test('past maxLinks the oldest record links go first', async () => {
  const store = new MemoryTemplateStore({ maxLinks: 2 });
  await store.linkRecords(['r1', 'r2', 'r3'].map((recordId) => ({ recordId, templateId: 't' })));
  assert.deepEqual([...(await store.templatesOfRecords(['r1', 'r2', 'r3'])).keys()], ['r2', 'r3']);
});

test('a saved store reloads with its templates in the order they were last used', async () => {
  const file = tempFile();
  try {
    const store = new MemoryTemplateStore();
    const [a, b] = ['ALDI', 'LIDL'].map((name) => makeTemplate(`${name} {NUMBER} {DATE} {AMOUNT}`));
    await store.put([a!, b!]);
    await store.recordHits([{ id: a!.id, at: 1 }]);
    saveTemplateFile(store, file.path, CONFORMANCE_EMBEDDER.id);
    const loaded = await loadTemplateFile(file.path, CONFORMANCE_EMBEDDER.id, { maxTemplates: 1 });
    assert.deepEqual(
      [...loaded.templates()].map((t) => t.id),
      [a!.id],
      'a smaller cache keeps the most recently used',
    );
  } finally {
    file.remove();
  }
});
