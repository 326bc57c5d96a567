/**
 * The real Elasticsearch node serves what the template cache relies on: dense_vector fields,
 * bulk indexing, filtered kNN returning the true nearest neighbours, and msearch.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Client } from '@elastic/elasticsearch';
import { requireServers, testElasticsearch, uniqueName } from '#test/support/servers.ts';

const DIMS = 8;
const index = uniqueName('smoke-vectors');
let client: Client;

/** Deterministic vectors: 100 points, each tagged with one of four sources. */
function vector(i: number): number[] {
  return Array.from({ length: DIMS }, (_, d) => Math.sin(i * 0.37 + d * 1.3) + (d === i % DIMS ? 1 : 0));
}
const docs = Array.from({ length: 100 }, (_, i) => ({ id: `t-${i}`, source_id: `source-${i % 4}`, embedding: vector(i) }));

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

before(async () => {
  await requireServers('elasticsearch');
  client = testElasticsearch();
  await client.indices.create({
    index,
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: {
      properties: {
        source_id: { type: 'keyword' },
        embedding: { type: 'dense_vector', dims: DIMS, index: true, similarity: 'cosine' },
      },
    },
  });
  const bulk = await client.bulk({
    refresh: true,
    operations: docs.flatMap((d) => [{ index: { _index: index, _id: d.id } }, { source_id: d.source_id, embedding: d.embedding }]),
  });
  assert.equal(bulk.errors, false);
});

after(async () => {
  await client?.indices.delete({ index }, { ignore: [404] });
  await client?.close();
});

test('the node is Elasticsearch 9 and answers ping', async () => {
  assert.equal(await client.ping(), true);
  const info = await client.info();
  assert.match(info.version.number, /^9\./);
  const mapping = await client.indices.getMapping({ index });
  assert.equal((mapping[index]!.mappings.properties!.embedding as { type: string }).type, 'dense_vector');
});

test('a filtered kNN query returns the true nearest neighbours of that source', async () => {
  const query = vector(1000);
  const expected = docs
    .filter((d) => d.source_id === 'source-2')
    .map((d) => ({ id: d.id, score: cosine(query, d.embedding) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((d) => d.id);
  const result = await client.search({
    index,
    knn: { field: 'embedding', query_vector: query, k: 5, num_candidates: 100, filter: { term: { source_id: 'source-2' } } },
    _source: ['source_id'],
  });
  const hits = result.hits.hits;
  assert.deepEqual(
    hits.map((h) => h._id),
    expected,
  );
  assert.ok(hits.every((h) => (h._source as { source_id: string }).source_id === 'source-2'));
});

test('msearch answers several kNN lookups in one round trip', async () => {
  const result = await client.msearch({
    searches: [0, 1, 2].flatMap((i) => [
      { index },
      { knn: { field: 'embedding', query_vector: docs[i]!.embedding, k: 1, num_candidates: 50 }, _source: false },
    ]),
  });
  assert.deepEqual(
    result.responses.map((r) => ('hits' in r ? r.hits.hits[0]?._id : r.error.type)),
    ['t-0', 't-1', 't-2'],
  );
});
