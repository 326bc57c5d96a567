/**
 * Builds the template cache from configuration: the file-backed in-process store for the
 * embedded default, Elasticsearch with the hot templates in process for the service.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CachePolicy, DEFAULT_CACHE_POLICY } from '../cache/cache-policy.ts';
import { ElasticsearchTemplateStore } from '../cache/elasticsearch-store.ts';
import type { Embedder } from '../cache/embedder.ts';
import { HotTemplateStore } from '../cache/hot-templates.ts';
import { createLocalEmbedder } from '../cache/local-embedder.ts';
import { loadTemplateFile, saveTemplateFile } from '../cache/memory-store-file.ts';
import { TemplateCache } from '../cache/template-cache.ts';
import type { TemplateStore } from '../cache/template-store.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { Config } from '../config/config.ts';
import { checkElasticsearch, createElasticsearch } from '../connect/elasticsearch.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import { createOpenAiEmbedder } from '../providers/openai-embedder.ts';

type CacheDeps = { config: Config; clock: Clock; metrics: Metrics; logger: Logger; prices: PriceTable };

export function cachePolicy(config: Config): CachePolicy {
  const { minSimilarity, minScore, halfLifeDays, sourceHalfLifeDays, minConfirmations, maxErrorRate } = config.cache;
  return {
    ...DEFAULT_CACHE_POLICY,
    minSimilarity,
    minScore,
    halfLifeDays: { default: 60, ...halfLifeDays },
    sourceHalfLifeDays,
    minConfirmations,
    maxErrorRate,
  };
}

export function createTemplateCache(deps: CacheDeps & { store: TemplateStore; embedder: Embedder | null }): TemplateCache {
  const { config } = deps;
  return new TemplateCache({
    store: deps.store,
    embedder: deps.embedder,
    policy: cachePolicy(config),
    scope: config.cache.scope,
    lookup: { k: config.cache.k, numCandidates: config.cache.numCandidates },
    admitMinConfidence: config.cache.admitMinConfidence,
    clock: deps.clock,
    metrics: deps.metrics,
    logger: deps.logger,
    prices: deps.prices,
  });
}

/** The embedded default's cache: templates in memory, loaded from and saved to `path`. */
export async function openFileCache(
  deps: CacheDeps & { path: string },
): Promise<{ cache: TemplateCache; save(): void; size(): Promise<number> }> {
  const embedder = createLocalEmbedder(deps.config.cache.dimensions);
  const store = await loadTemplateFile(deps.path, embedder.id, { maxTemplates: deps.config.cache.fileTemplates });
  return {
    cache: createTemplateCache({ ...deps, store, embedder }),
    size: () => store.size(),
    save: () => {
      mkdirSync(dirname(deps.path), { recursive: true });
      saveTemplateFile(store, deps.path, embedder.id);
    },
  };
}

/** The configured embedder: local n-grams, or OpenAI (the key was checked with the config). */
export function createEmbedder(config: Config, clock: Clock): Embedder {
  const { openai } = config.providers;
  return config.cache.embeddings === 'openai'
    ? createOpenAiEmbedder({
        apiKey: openai.apiKey!,
        ...(openai.baseUrl ? { baseURL: openai.baseUrl } : {}),
        dimensions: config.cache.dimensions,
        clock,
      })
    : createLocalEmbedder(config.cache.dimensions);
}

/** What a refresh of the template index may take past its interval on a busy node. */
const LATE_REFRESH_MS = 4_000;

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
