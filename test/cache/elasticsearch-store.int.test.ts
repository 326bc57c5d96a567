/**
 * The Elasticsearch template store against the real node: the port's conformance suite, the
 * mapping it creates behind its alias, refusing an index of another vector space or one it did
 * not make, migrating an older one, making a deleted index again (never letting a write create
 * one with a guessed mapping), counters that survive concurrent writers, one round trip per
 * lookup batch, and failing fast with ELASTICSEARCH_UNREACHABLE when the node is down or silent.
 */
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@elastic/elasticsearch';
import { concreteIndexName, deleteTemplateIndices } from '#src/cache/elasticsearch-index.ts';
import { ElasticsearchTemplateStore, type ElasticsearchTemplateStoreOptions } from '#src/cache/elasticsearch-store.ts';
import { embedText } from '#src/cache/local-embedder.ts';
import { isParsimonyError, type ParsimonyError } from '#src/common/errors.ts';
import { createLogger } from '#src/common/logger.ts';
import { CONFORMANCE_EMBEDDER, makeTemplate, templateStoreConformance } from '#test/cache/template-store-conformance.ts';
import { requireServers, testConfig, testElasticsearch, uniqueName } from '#test/support/servers.ts';

let client: Client;
const created: string[] = [];

before(async () => {
  await requireServers('elasticsearch');
  client = testElasticsearch();
});
after(async () => {
  await Promise.all(created.map((index) => deleteTemplateIndices(client, index)));
  await client?.close();
});

function options(index: string, changes: Partial<ElasticsearchTemplateStoreOptions> = {}): ElasticsearchTemplateStoreOptions {
  return {
    client,
    index,
    dimensions: CONFORMANCE_EMBEDDER.dimensions,
    embedderId: CONFORMANCE_EMBEDDER.id,
    requestTimeoutMs: 30_000,
    refresh: 'wait_for',
    ...changes,
  };
}

function freshIndex(): string {
  const index = uniqueName('test-templates');
  created.push(index);
  return index;
}

templateStoreConformance('ElasticsearchTemplateStore', async () => {
  const index = uniqueName('test-templates');
  const store = await ElasticsearchTemplateStore.open(options(index));
  return {
    store,
    cleanup: () => deleteTemplateIndices(client, index),
  };
});

templateStoreConformance('ElasticsearchTemplateStore, flat vectors', async () => {
  const index = uniqueName('test-templates');
  const store = await ElasticsearchTemplateStore.open(options(index, { vectorIndex: 'flat' }));
  return {
    store,
    cleanup: () => deleteTemplateIndices(client, index),
  };
});

const ids = (candidates: { template: { id: string } }[]) => candidates.map((c) => c.template.id);

const unreachable = (e: unknown) => isParsimonyError(e) && e.code === 'ELASTICSEARCH_UNREACHABLE' && e.retryable;

/** The concrete index behind a name, with its mapping. */
async function behind(name: string) {
  const [[concrete, state]] = Object.entries(await client.indices.get({ index: name, features: ['aliases', 'mappings'] })) as [
    [string, { aliases?: Record<string, unknown>; mappings: { properties?: Record<string, unknown>; _meta?: unknown } }],
  ];
  return { concrete, aliases: Object.keys(state.aliases ?? {}), mappings: state.mappings };
}

test('the index has the expected mapping and settings, behind its alias: int8_hnsw cosine vectors, keyword scope, no replicas, its refresh interval', async () => {
  const index = freshIndex();
  await ElasticsearchTemplateStore.open(options(index));
  const templates = await behind(index);
  assert.equal(templates.concrete, `${index}-v1`);
  assert.deepEqual(templates.aliases, [index]);
  const links = await behind(`${index}-links`);
  assert.deepEqual([links.concrete, links.aliases], [`${index}-links-v1`, [`${index}-links`]]);
  const mapping = (await client.indices.getMapping({ index }))[`${index}-v1`]!.mappings;
  const props = mapping.properties as Record<string, Record<string, unknown> & { properties?: Record<string, { type: string }> }>;
  assert.deepEqual(props.embedding, {
    type: 'dense_vector',
    dims: 64,
    index: true,
    similarity: 'cosine',
    index_options: { type: 'int8_hnsw', m: 16, ef_construction: 100 },
  });
  assert.equal(mapping.dynamic, 'strict');
  assert.deepEqual(mapping._meta, {
    parsimony: { kind: 'templates', mappingVersion: 1, dimensions: 64, embedderId: CONFORMANCE_EMBEDDER.id },
  });
  for (const field of ['id', 'skeleton', 'gate', 'embedder']) assert.equal(props[field]!.type, 'keyword', field);
  for (const field of ['source_id', 'document_type', 'template_version', 'locale'])
    assert.equal(props.scope!.properties![field]!.type, 'keyword');
  assert.equal(props.stable!.properties!.counterparty!.type, 'keyword');
  assert.deepEqual(props.roles, { type: 'object', enabled: false });
  assert.equal(props.createdAt!.type, 'date');
  assert.equal(props.hitCount!.type, 'long');
  assert.equal(props.feedback!.properties!.incorrect!.type, 'long');
  assert.equal(props.producedBy!.properties!.tier!.type, 'keyword');
  const settings = async () => (await client.indices.getSettings({ index }))[`${index}-v1`]!.settings!.index!;
  assert.equal((await settings()).number_of_replicas, '0');
  assert.equal((await settings()).refresh_interval, '1000ms', 'set, so an idle shard still refreshes on time');
  await ElasticsearchTemplateStore.open(options(index, { refreshIntervalMs: 250 }));
  assert.equal((await settings()).refresh_interval, '250ms', 'an index made with another interval gets the configured one');
});

test('a flat index takes the graph asked for later; one with a graph keeps it and says so', async () => {
  const vectorType = async (index: string) => {
    const mapping = (await client.indices.getMapping({ index }))[concreteIndexName(index)]!.mappings;
    return (mapping.properties as Record<string, { index_options?: { type: string } }>).embedding!.index_options!.type;
  };
  const warnings: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => warnings.push(line) });
  const near = (n: number) => makeTemplate(`LIDL STORE ${n} {DATE} {AMOUNT}`, {}, { id: `t${n}` });
  const query = { key: 'q', skeleton: 'LIDL STORE 9 {DATE} {AMOUNT}', embedding: embedText('LIDL STORE 9 {DATE} {AMOUNT}', 64) };
  const filter = { source_id: null, document_type: null, template_version: undefined };

  const flat = freshIndex();
  const store = await ElasticsearchTemplateStore.open(options(flat, { vectorIndex: 'flat', logger }));
  assert.equal(await vectorType(flat), 'int8_flat');
  await store.put([near(1)]);
  const upgraded = await ElasticsearchTemplateStore.open(options(flat, { vectorIndex: 'hnsw', logger }));
  assert.equal(await vectorType(flat), 'int8_hnsw');
  await upgraded.put([near(2)]);
  const found = await upgraded.lookup([{ ...query, filter }], { k: 5, numCandidates: 50 });
  assert.deepEqual(ids(found.get('q')!).sort(), ['t1', 't2'], 'vectors indexed before and after are both found');

  const graph = freshIndex();
  await ElasticsearchTemplateStore.open(options(graph, { vectorIndex: 'hnsw', logger }));
  assert.deepEqual(warnings, []);
  await ElasticsearchTemplateStore.open(options(graph, { vectorIndex: 'flat', logger }));
  assert.equal(await vectorType(graph), 'int8_hnsw');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /keeps its vectors as int8_hnsw, not int8_flat as configured \(cache.vectorIndex\)/);
});

test('reopening with other dimensions or another embedder fails at open, naming the index and the fix', async () => {
  const index = freshIndex();
  await ElasticsearchTemplateStore.open(options(index));
  const refused = (pattern: RegExp) => (e: unknown) => {
    const error = e as ParsimonyError;
    assert.equal(error.code, 'CONFIG_INVALID');
    assert.match(error.message, new RegExp(`index "${index}-v1" \\(behind alias "${index}"\\)`));
    assert.match(error.message, pattern);
    assert.match(error.message, new RegExp(`new index name, or delete index "${index}-v1" \\(DELETE /${index}-v1\\)`));
    return true;
  };
  await assert.rejects(
    ElasticsearchTemplateStore.open(options(index, { dimensions: 128 })),
    refused(/64-dimension vectors .* expected 128 dimensions/),
  );
  await assert.rejects(
    ElasticsearchTemplateStore.open(options(index, { embedderId: 'openai/text-embedding-3-small@64' })),
    refused(/embedder "local\/char-ngram-64", expected 64 dimensions of "openai\/text-embedding-3-small@64"/),
  );
  const store = await ElasticsearchTemplateStore.open(options(index));
  const short = makeTemplate('LIDL {DATE} {AMOUNT}', {}, { embedding: embedText('LIDL {DATE} {AMOUNT}', 32) });
  const otherSpace = (e: unknown) => (e as ParsimonyError).code === 'CONFIG_INVALID' && /32-dimension embedding/.test((e as Error).message);
  await assert.rejects(store.put([short]), otherSpace);
  const q = {
    key: 'q',
    skeleton: short.skeleton,
    embedding: short.embedding,
    filter: { source_id: null, document_type: null, template_version: undefined },
  };
  await assert.rejects(store.lookup([q], { k: 3, numCandidates: 10 }), otherSpace);
});

test('an index parsimony did not create, or with a field of another type, is refused', async () => {
  const foreign = freshIndex();
  // What a write to a missing name makes: the mapping Elasticsearch guesses from the document.
  await client.index({ index: foreign, id: 'x', document: makeTemplate('LIDL {DATE} {AMOUNT}') });
  await assert.rejects(
    ElasticsearchTemplateStore.open(options(foreign)),
    (e) =>
      (e as ParsimonyError).code === 'CONFIG_INVALID' &&
      /no _meta.parsimony stamp, so it was not created by parsimony/.test((e as Error).message) &&
      (e as Error).message.includes(`delete index "${foreign}" (DELETE /${foreign})`),
  );
  const orphan = freshIndex();
  await client.indices.create({ index: concreteIndexName(orphan), mappings: { properties: { skeleton: { type: 'text' } } } });
  await assert.rejects(
    ElasticsearchTemplateStore.open(options(orphan)),
    (e) => (e as ParsimonyError).code === 'CONFIG_INVALID' && /no _meta.parsimony stamp/.test((e as Error).message),
  );
  assert.equal(await client.indices.existsAlias({ name: orphan }), false, 'no alias to an index that was refused');
  const altered = freshIndex();
  const stamp = { kind: 'templates', mappingVersion: 1, dimensions: 64, embedderId: CONFORMANCE_EMBEDDER.id };
  await client.indices.create({ index: altered, mappings: { _meta: { parsimony: stamp }, properties: { skeleton: { type: 'text' } } } });
  await assert.rejects(
    ElasticsearchTemplateStore.open(options(altered)),
    (e) => (e as ParsimonyError).code === 'CONFIG_INVALID' && /field skeleton is text, expected keyword/.test((e as Error).message),
  );
});

test('a concrete index of an older build and mapping version is used as it is, with the missing fields added at open', async () => {
  const index = freshIndex();
  const old = { kind: 'templates', mappingVersion: 0, dimensions: 64, embedderId: CONFORMANCE_EMBEDDER.id };
  await client.indices.create({
    index,
    mappings: { dynamic: 'strict', _meta: { parsimony: old }, properties: { id: { type: 'keyword' }, skeleton: { type: 'keyword' } } },
  });
  const store = await ElasticsearchTemplateStore.open(options(index));
  const mapping = (await client.indices.getMapping({ index }))[index]!.mappings;
  assert.equal((mapping._meta as { parsimony: { mappingVersion: number } }).parsimony.mappingVersion, 1);
  assert.equal((mapping.properties!.embedding as { type: string }).type, 'dense_vector');
  const t = makeTemplate('SHELL OIL {NUMBER} HOUSTON TX {DATE} {AMOUNT}');
  await store.put([t]);
  assert.equal(await store.size(), 1);
  // Writes to a concrete index cannot require an alias; each kind of write still lands.
  await store.recordHits([{ id: t.id, at: 5 }]);
  await store.linkRecords([{ recordId: 'r1', templateId: t.id }]);
  assert.deepEqual(await store.templatesOfRecords(['r1']), new Map([['r1', t.id]]));
  await store.evict([t.id]);
  assert.equal(await store.size(), 0);
  assert.equal(await client.indices.existsAlias({ name: index }), false);
});

const queryOf = (skeleton: string, embedding: number[] | null = null) => ({
  key: 'q',
  skeleton,
  embedding,
  filter: { source_id: null, document_type: null, template_version: undefined },
});

/** Retries `check` until it passes: the store makes a missing index again in the background. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** Whatever goes by the name now: nothing, or our alias; never an index a write made by itself. */
async function notGuessed(index: string): Promise<void> {
  const now = await client.indices.get({ index, ignore_unavailable: true, allow_no_indices: true, features: ['aliases'] });
  for (const concrete of Object.keys(now)) assert.equal(concrete, concreteIndexName(index), `"${index}" leads to ${concrete}`);
}

test('a write after the index was deleted is refused, not let create one with a guessed mapping; the store makes it again', async () => {
  const index = freshIndex();
  const store = await ElasticsearchTemplateStore.open(options(index));
  const before = makeTemplate('TESCO STORES {NUMBER} {DATE} {AMOUNT}');
  await store.put([before]);
  await store.linkRecords([{ recordId: 'r1', templateId: before.id }]);
  await deleteTemplateIndices(client, index);
  assert.equal(await client.indices.exists({ index: [index, `${index}-links`], allow_no_indices: true }), false);

  const lost = makeTemplate('SHELL OIL {NUMBER} HOUSTON TX {DATE} {AMOUNT}');
  await assert.rejects(store.put([lost]), (e) => unreachable(e) && /index is missing, and is being re-created/.test((e as Error).message));
  await notGuessed(index);
  await assert.rejects(store.linkRecords([{ recordId: 'r2', templateId: lost.id }]), unreachable);
  await notGuessed(`${index}-links`);

  assert.equal(await eventually(() => store.size()), 0, 'the refused write is nowhere');
  assert.equal((await eventually(() => store.templatesOfRecords(['r1', 'r2']))).size, 0);
  const recovered = await behind(index);
  assert.equal(recovered.concrete, `${index}-v1`);
  assert.deepEqual(recovered.mappings._meta, {
    parsimony: { kind: 'templates', mappingVersion: 1, dimensions: 64, embedderId: CONFORMANCE_EMBEDDER.id },
  });
  assert.deepEqual(recovered.mappings.properties!.embedding, {
    type: 'dense_vector',
    dims: 64,
    index: true,
    similarity: 'cosine',
    index_options: { type: 'int8_hnsw', m: 16, ef_construction: 100 },
  });
  assert.equal((await behind(`${index}-links`)).concrete, `${index}-links-v1`);

  await store.put([lost]);
  await store.recordHits([{ id: lost.id, at: 7 }]);
  await store.linkRecords([{ recordId: 'r2', templateId: lost.id }]);
  const [exact] = (await store.lookup([queryOf(lost.skeleton)], { k: 3, numCandidates: 10 })).get('q')!;
  assert.equal(exact!.template.id, lost.id);
  assert.equal(exact!.template.hitCount, 1);
  const nearby = 'SHELL OIL {NUMBER} DALLAS TX {DATE} {AMOUNT}';
  const [neighbour] = (await store.lookup([queryOf(nearby, embedText(nearby, 64))], { k: 3, numCandidates: 10 })).get('q')!;
  assert.equal(neighbour?.template.id, lost.id, 'kNN works on the re-created vectors');
  assert.deepEqual(await store.templatesOfRecords(['r1', 'r2']), new Map([['r2', lost.id]]));
});

test('calls that find the index missing together have it made again once', async () => {
  const index = freshIndex();
  const watched = testElasticsearch();
  try {
    const store = await ElasticsearchTemplateStore.open(options(index, { client: watched }));
    const t = makeTemplate('UBER TRIP {REF} HELP.UBER.COM {DATE} {AMOUNT}');
    await store.put([t]);
    await deleteTemplateIndices(client, index);
    const creations: string[] = [];
    watched.diagnostic.on('request', (_error, event) => {
      const { method, path } = event?.meta.request.params ?? {};
      if (method === 'PUT' && path) creations.push(path);
    });
    const calls = [
      store.lookup([queryOf(t.skeleton)], { k: 3, numCandidates: 10 }),
      store.put([t]),
      store.recordHits([{ id: t.id, at: 1 }]),
      store.recordFeedback([{ id: t.id, correct: true }]),
      store.evict([t.id]),
      store.linkRecords([{ recordId: 'r', templateId: t.id }]),
      store.templatesOfRecords(['r']),
      store.size(),
    ];
    const outcomes = await Promise.allSettled(calls);
    assert.ok(
      outcomes.every((o) => o.status === 'rejected' && unreachable(o.reason)),
      'every call fails, retryable',
    );
    await store.close(); // waits for the re-creation under way
    assert.deepEqual(creations.sort(), [`/${index}-links-v1`, `/${index}-v1`]);
    assert.equal(await store.size(), 0);
  } finally {
    await watched.close();
  }
});

test('when an index without the stamp has taken the name, the store refuses it and writes keep failing', async () => {
  const index = freshIndex();
  const store = await ElasticsearchTemplateStore.open(options(index));
  await deleteTemplateIndices(client, index);
  // An older build's write, without require_alias, makes an index with a guessed mapping.
  await client.index({ index, id: 'x', document: { skeleton: 'LIDL {DATE} {AMOUNT}' }, refresh: 'wait_for' });
  const t = makeTemplate('LIDL {DATE} {AMOUNT}');
  await assert.rejects(store.put([t]), unreachable);
  await store.close();
  await assert.rejects(store.put([t]), unreachable);
  const guessed = await behind(index);
  assert.equal(guessed.concrete, index);
  assert.equal(guessed.mappings._meta, undefined);
  assert.equal((await client.count({ index })).count, 1, 'nothing of ours was written into it');
});

test('hits recorded by two consumers at once all count (mget + bulk update guarded by seq_no)', async () => {
  const index = freshIndex();
  // No refresh wait: counters are read with real-time mget, so writers race as hard as in production.
  const racing = options(index, { refresh: false });
  const [a, b] = await Promise.all([ElasticsearchTemplateStore.open(racing), ElasticsearchTemplateStore.open(racing)]);
  const t = makeTemplate('UBER TRIP {REF} HELP.UBER.COM {DATE} {AMOUNT}');
  await a!.put([t]);
  const hits = (at: number) => Array.from({ length: 3 }, (_, i) => ({ id: t.id, at: at + i }));
  await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).recordHits(hits(i * 10))));
  const visible = await ElasticsearchTemplateStore.open(options(index));
  await visible.recordFeedback([{ id: t.id, correct: true }]);
  const [candidate] = (
    await visible.lookup(
      [{ key: 'q', skeleton: t.skeleton, embedding: null, filter: { source_id: null, document_type: null, template_version: undefined } }],
      { k: 1, numCandidates: 10 },
    )
  ).get('q')!;
  assert.equal(candidate!.template.hitCount, 24);
  assert.equal(candidate!.template.lastHitAt, 72);
  assert.deepEqual(candidate!.template.feedback, { correct: 1, incorrect: 0 });
});

test('50 queries over ~1,000 templates are one _msearch request', async (t) => {
  const index = freshIndex();
  const dims = 256;
  const counting = testElasticsearch();
  try {
    const store = await ElasticsearchTemplateStore.open({
      ...options(index),
      client: counting,
      dimensions: dims,
      embedderId: `local/char-ngram-${dims}`,
    });
    const templates = Array.from({ length: 1_000 }, (_, i) => {
      const skeleton = `POS PURCHASE MERCHANT ${i} STORE ${i % 37} CITY ${i % 11} {DATE} {AMOUNT}`;
      return makeTemplate(skeleton, { source_id: `bank-${i % 4}` }, { embedding: embedText(skeleton, dims) });
    });
    await store.put(templates);
    const queries = templates.slice(0, 50).map((x, i) => ({
      key: `k${i}`,
      skeleton: x.skeleton,
      embedding: x.embedding,
      filter: { source_id: x.scope.source_id, document_type: 'card', template_version: undefined },
    }));
    const paths: string[] = [];
    counting.diagnostic.on('request', (_error, event) => {
      paths.push(event?.meta.request.params.path ?? '');
    });
    const timings: number[] = [];
    for (let round = 0; round < 11; round += 1) {
      const started = performance.now();
      const answers = await store.lookup(queries, { k: 5, numCandidates: 50 });
      timings.push(performance.now() - started);
      assert.equal(answers.size, 50);
      assert.ok(queries.every((q) => answers.get(q.key)![0]!.exact && answers.get(q.key)!.length === 6));
    }
    assert.deepEqual(paths, Array(11).fill(`/${index}/_msearch`));
    const sorted = timings.slice(1).sort((x, y) => x - y);
    t.diagnostic(
      `50-query lookup over 1,000 templates (${dims} dims, k 5): median ${sorted[5]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
  } finally {
    await counting.close();
  }
});

test('queries asking the same thing in one batch are searched once, each answered under its own key', async () => {
  const index = freshIndex();
  const counting = testElasticsearch();
  try {
    const store = await ElasticsearchTemplateStore.open(options(index, { client: counting }));
    const a = makeTemplate('TESCO STORES {NUMBER} {DATE} {AMOUNT}');
    const b = makeTemplate('TESCO EXPRESS {NUMBER} {DATE} {AMOUNT}');
    await store.put([a, b]);
    const ask = (key: string, skeleton: string, changes: { embed?: boolean; source_id?: string | null } = {}) => ({
      key,
      skeleton,
      embedding: changes.embed === false ? null : embedText(skeleton, CONFORMANCE_EMBEDDER.dimensions),
      filter: { source_id: changes.source_id ?? null, document_type: null, template_version: undefined },
    });
    const queries = [
      ask('a1', a.skeleton),
      ask('a2', a.skeleton),
      ask('a-exact', a.skeleton, { embed: false }),
      ask('a-bank-b', a.skeleton, { source_id: 'bank-b' }),
      ask('a3', a.skeleton),
      ask('b', b.skeleton),
    ];
    const searched: number[] = [];
    counting.diagnostic.on('request', (_error, event) => {
      const body = event?.meta.request.params.body;
      if (typeof body === 'string') searched.push(body.trim().split('\n').length / 2);
    });
    const answers = await store.lookup(queries, { k: 3, numCandidates: 10 });
    // (a, kNN) once for a1, a2 and a3; a alone exactly; a in bank-b; b: four exact and three kNN searches.
    assert.deepEqual(searched, [7]);
    assert.deepEqual(ids(answers.get('a1')!), [a.id, b.id]);
    for (const key of ['a2', 'a3']) assert.deepEqual(answers.get(key), answers.get('a1'));
    assert.deepEqual(ids(answers.get('a-exact')!), [a.id]);
    assert.deepEqual(answers.get('a-bank-b'), []);
    assert.deepEqual(ids(answers.get('b')!), [b.id, a.id]);
  } finally {
    await counting.close();
  }
});

test("an exact-term search asked again is answered from the node's request cache until the index changes", async () => {
  const index = freshIndex();
  const store = await ElasticsearchTemplateStore.open(options(index));
  const t = makeTemplate('BOOTS PHARMACY {NUMBER} {DATE} {AMOUNT}');
  await store.put([t]);
  const hits = async () => (await client.indices.stats({ index, metric: 'request_cache' }))._all.primaries!.request_cache!.hit_count;
  const ask = async () => ids((await store.lookup([queryOf(t.skeleton)], { k: 3, numCandidates: 10 })).get('q')!);
  assert.deepEqual(await ask(), [t.id]);
  const before = await hits();
  assert.deepEqual(await ask(), [t.id]);
  assert.equal(await hits(), before + 1);
  await store.evict([t.id]);
  assert.deepEqual(await ask(), [], 'the refresh that showed the eviction cleared it');
});

test('a node that is down fails open within the timeout, with ELASTICSEARCH_UNREACHABLE', async () => {
  const dead = new Client({ node: 'http://127.0.0.1:1', maxRetries: 0 });
  try {
    const started = performance.now();
    await assert.rejects(
      ElasticsearchTemplateStore.open(options('unreachable-templates', { client: dead, requestTimeoutMs: 500, setupTimeoutMs: 500 })),
      unreachable,
    );
    assert.ok(performance.now() - started < 1_000);
  } finally {
    await dead.close();
  }
});

/** A TCP relay to the test node that can turn silent: accepts connections and never answers. */
async function relay(): Promise<{ url: string; silence(): void; close(): Promise<void> }> {
  const target = new URL(testConfig.elasticsearch.url);
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let silent = false;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (silent) return;
    const upstream = connect(Number(target.port || 9200), target.hostname);
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
    pairs.add([socket, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    // Open connections stay open but nothing comes back: a hung node, not a refused one.
    silence: () => {
      silent = true;
      for (const [socket, upstream] of pairs) {
        socket.unpipe(upstream);
        upstream.unpipe(socket);
        upstream.destroy();
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

test('a node that goes silent after open fails every call within the timeout, with ELASTICSEARCH_UNREACHABLE', async () => {
  const index = freshIndex();
  const proxy = await relay();
  const relayed = new Client({ node: proxy.url, maxRetries: 0 });
  try {
    // The index is created directly first: creating it can outlast a short timeout on a busy machine,
    // and only calls after the silence are under test.
    await (await ElasticsearchTemplateStore.open(options(index))).close();
    const store = await ElasticsearchTemplateStore.open(options(index, { client: relayed, requestTimeoutMs: 300, refresh: false }));
    const t = makeTemplate('LIDL {NUMBER} {DATE} {AMOUNT}');
    await store.put([t]);
    proxy.silence();
    const q = {
      key: 'q',
      skeleton: t.skeleton,
      embedding: t.embedding,
      filter: { source_id: null, document_type: null, template_version: undefined },
    };
    const calls: [string, () => Promise<unknown>][] = [
      ['lookup', () => store.lookup([q], { k: 3, numCandidates: 10 })],
      ['put', () => store.put([t])],
      ['recordHits', () => store.recordHits([{ id: t.id, at: 1 }])],
      ['recordFeedback', () => store.recordFeedback([{ id: t.id, correct: true }])],
      ['evict', () => store.evict([t.id])],
      ['linkRecords', () => store.linkRecords([{ recordId: 'r', templateId: t.id }])],
      ['templatesOfRecords', () => store.templatesOfRecords(['r'])],
      ['size', () => store.size()],
    ];
    for (const [name, call] of calls) {
      const started = performance.now();
      await assert.rejects(call(), (e) => unreachable(e) && /no answer within 300 ms/.test((e as Error).message), name);
      const elapsed = performance.now() - started;
      // Bounded, not hung: a generous margin over the timeout, for a loaded machine.
      assert.ok(elapsed < 3_000, `${name} took ${elapsed.toFixed(0)} ms`);
    }
  } finally {
    await relayed.close();
    await proxy.close();
  }
});
