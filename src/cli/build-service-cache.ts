/**
 * The service's template cache: templates in Elasticsearch, the hot ones kept in process in front
 * of it (cache/hot-templates.ts).
 */
import type { VectorIndex } from '../cache/elasticsearch-index.ts';
import { ElasticsearchTemplateStore } from '../cache/elasticsearch-store.ts';
import { HotTemplateStore } from '../cache/hot-templates.ts';
import type { TemplateCache } from '../cache/template-cache.ts';
import type { Clock } from '../common/clock.ts';
import type { Config } from '../config/config.ts';
import { checkElasticsearch, createElasticsearch } from '../connect/elasticsearch.ts';
import { type CacheDeps, createEmbedder, createTemplateCache } from './build-cache.ts';

/** What a refresh of the template index may take past its interval on a busy node. */
const LATE_REFRESH_MS = 4_000;

/** The vector index cache.vectorIndex asks for: with `auto`, flat where each search reads one source's templates. */
export function vectorIndexOf(cache: Config['cache']): VectorIndex {
  if (cache.vectorIndex !== 'auto') return cache.vectorIndex;
  return cache.scope === 'source' ? 'flat' : 'hnsw';
}

/** The hot templates kept in process in front of the Elasticsearch store, as configured. */
export function keepHotTemplates(elasticsearch: ElasticsearchTemplateStore, config: Config, clock: Clock): HotTemplateStore {
  return new HotTemplateStore({
    store: elasticsearch,
    clock,
    maxEntries: config.cache.hotTemplates,
    maxAgeMs: config.cache.hotTemplateMaxAgeMs,
    writeLagMs: config.cache.refreshIntervalMs + LATE_REFRESH_MS,
  });
}

/**
 * The service's cache: templates in Elasticsearch, checked (address, version, mapping) at start,
 * the hot ones kept in process in front of it.
 */
export async function openElasticsearchCache(deps: CacheDeps): Promise<{ cache: TemplateCache; close(): Promise<void> }> {
  const { cache: options } = deps.config;
  const client = createElasticsearch(deps.config.elasticsearch);
  await checkElasticsearch(client, deps.config.elasticsearch);
  const embedder = createEmbedder(deps.config, deps.clock);
  const elasticsearch = await ElasticsearchTemplateStore.open({
    client,
    index: options.index,
    dimensions: embedder.dimensions,
    embedderId: embedder.id,
    requestTimeoutMs: deps.config.elasticsearch.requestTimeoutMs,
    refreshIntervalMs: options.refreshIntervalMs,
    vectorIndex: vectorIndexOf(options),
    logger: deps.logger,
  });
  const store = keepHotTemplates(elasticsearch, deps.config, deps.clock);
  return {
    cache: createTemplateCache({ ...deps, store, embedder }),
    close: async () => {
      await store.close();
      await client.close();
    },
  };
}
