/**
 * The hot templates in front of the Elasticsearch store pass the port's conformance suite against
 * the real node: what is at hand agrees with what a lookup finds there.
 */
import { after, before } from 'node:test';
import type { Client } from '@elastic/elasticsearch';
import { deleteTemplateIndices } from '#src/cache/elasticsearch-index.ts';
import { ElasticsearchTemplateStore } from '#src/cache/elasticsearch-store.ts';
import { HotTemplateStore } from '#src/cache/hot-templates.ts';
import { systemClock } from '#src/common/clock.ts';
import { CONFORMANCE_EMBEDDER, templateStoreConformance } from '#test/cache/template-store-conformance.ts';
import { requireServers, testElasticsearch, uniqueName } from '#test/support/servers.ts';

let client: Client;

before(async () => {
  await requireServers('elasticsearch');
  client = testElasticsearch();
});
after(async () => {
  await client?.close();
});

templateStoreConformance('HotTemplateStore over ElasticsearchTemplateStore', async () => {
  const index = uniqueName('test-templates');
  const behind = await ElasticsearchTemplateStore.open({
    client,
    index,
    dimensions: CONFORMANCE_EMBEDDER.dimensions,
    embedderId: CONFORMANCE_EMBEDDER.id,
    requestTimeoutMs: 30_000,
    refresh: 'wait_for',
  });
  return {
    store: new HotTemplateStore({ store: behind, clock: systemClock, maxEntries: 1_000, maxAgeMs: 60_000, writeLagMs: 5_000 }),
    cleanup: () => deleteTemplateIndices(client, index),
  };
});
