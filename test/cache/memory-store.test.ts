/**
 * The in-process template store passes the port's conformance suite, and a saved store loads
 * back warm (vectors kept only for the same embedder).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { embedText } from '#src/cache/local-embedder.ts';
import { MemoryTemplateStore } from '#src/cache/memory-store.ts';
import { isParsimonyError } from '#src/common/errors.ts';
import { CONFORMANCE_EMBEDDER, makeTemplate, templateStoreConformance } from '#test/cache/template-store-conformance.ts';

templateStoreConformance('MemoryTemplateStore', async () => ({ store: new MemoryTemplateStore(), cleanup: async () => {} }));

function tempFile(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parsimony-cache-'));
  return { path: join(dir, 'templates.json'), remove: () => rmSync(dir, { recursive: true, force: true }) };
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
    store.save(file.path, CONFORMANCE_EMBEDDER.id);

    const loaded = await MemoryTemplateStore.load(file.path, CONFORMANCE_EMBEDDER.id);
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
    store.save(file.path, CONFORMANCE_EMBEDDER.id);
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
    store.save(file.path, 'openai/text-embedding-3-small@256');
    const loaded = await MemoryTemplateStore.load(file.path, CONFORMANCE_EMBEDDER.id);
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
    assert.equal(await (await MemoryTemplateStore.load(file.path, 'x')).size(), 0);
    writeFileSync(file.path, '{ not json');
    await assert.rejects(
      MemoryTemplateStore.load(file.path, 'x'),
      (e) => isParsimonyError(e) && e.code === 'INPUT_INVALID' && /delete it/.test(e.message),
    );
  } finally {
    file.remove();
  }
});
