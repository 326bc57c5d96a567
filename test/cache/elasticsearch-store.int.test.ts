/**
 * The Elasticsearch template store against the real node: the port's conformance suite, the
 * mapping it creates, refusing an index of another vector space, migrating an older one,
 * counters that survive concurrent writers, one round trip per lookup batch, and failing fast
 * with ELASTICSEARCH_UNREACHABLE when the node is down or silent.
 */
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { ElasticsearchTemplateStore, type ElasticsearchTemplateStoreOptions } from '#src/cache/elasticsearch-store.ts';
import { embedText } from '#src/cache/local-embedder.ts';
import { isParsimonyError, type ParsimonyError } from '#src/common/errors.ts';
import { CONFORMANCE_EMBEDDER, makeTemplate, templateStoreConformance } from '#test/cache/template-store-conformance.ts';
import { requireServers, testConfig, testElasticsearch, uniqueName } from '#test/support/servers.ts';

let client: Client;
const created: string[] = [];

before(async () => {
  await requireServers('elasticsearch');
  client = testElasticsearch();
});
after(async () => {
  await Promise.all(created.map((index) => client.indices.delete({ index: [index, `${index}-links`], ignore_unavailable: true })));
  await client?.close();
});

function options(index: string, changes: Partial<ElasticsearchTemplateStoreOptions> = {}): ElasticsearchTemplateStoreOptions {
  return {
    client,
    index,
    dimensions: CONFORMANCE_EMBEDDER.dimensions,
    embedderId: CONFORMANCE_EMBEDDER.id,
    requestTimeoutMs: 10_000,
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
    cleanup: async () => {
      await client.indices.delete({ index: [index, `${index}-links`], ignore_unavailable: true });
    },
  };
});

const unreachable = (e: unknown) => isParsimonyError(e) && e.code === 'ELASTICSEARCH_UNREACHABLE' && e.retryable;

test('the index has the expected mapping: int8_hnsw cosine vectors, keyword scope, no replicas', async () => {
  const index = freshIndex();
  await ElasticsearchTemplateStore.open(options(index));
  const mapping = (await client.indices.getMapping({ index }))[index]!.mappings;
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
  const settings = (await client.indices.getSettings({ index }))[index]!.settings!.index!;
  assert.equal(settings.number_of_replicas, '0');
  assert.ok(await client.indices.exists({ index: `${index}-links` }));
});

test('reopening with other dimensions or another embedder fails at open, naming the index and the fix', async () => {
  const index = freshIndex();
  await ElasticsearchTemplateStore.open(options(index));
  const refused = (pattern: RegExp) => (e: unknown) => {
    const error = e as ParsimonyError;
    assert.equal(error.code, 'CONFIG_INVALID');
    assert.match(error.message, new RegExp(`"${index}"`));
    assert.match(error.message, pattern);
    assert.match(error.message, /new index name, or delete/);
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
  await client.indices.create({ index: foreign, mappings: { properties: { skeleton: { type: 'text' } } } });
  await assert.rejects(
    ElasticsearchTemplateStore.open(options(foreign)),
    (e) => (e as ParsimonyError).code === 'CONFIG_INVALID' && /no _meta.parsimony stamp/.test((e as Error).message),
  );
  const altered = freshIndex();
  const stamp = { kind: 'templates', mappingVersion: 1, dimensions: 64, embedderId: CONFORMANCE_EMBEDDER.id };
  await client.indices.create({ index: altered, mappings: { _meta: { parsimony: stamp }, properties: { skeleton: { type: 'text' } } } });
  await assert.rejects(
    ElasticsearchTemplateStore.open(options(altered)),
    (e) => (e as ParsimonyError).code === 'CONFIG_INVALID' && /field skeleton is text, expected keyword/.test((e as Error).message),
  );
});

test('an index of an older mapping version gets the missing fields at open', async () => {
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

test('a node that is down fails open within the timeout, with ELASTICSEARCH_UNREACHABLE', async () => {
  const dead = new Client({ node: 'http://127.0.0.1:1', maxRetries: 0 });
  try {
    const started = performance.now();
    await assert.rejects(
      ElasticsearchTemplateStore.open(options('unreachable-templates', { client: dead, requestTimeoutMs: 500 })),
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
