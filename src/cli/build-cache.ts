/**
 * Builds the template cache from configuration: what every deployment shares, and the
 * file-backed in-process store of the embedded default. The service's, on Elasticsearch, is
 * build-service-cache.ts, so that a file run never loads an Elasticsearch client.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CachePolicy, DEFAULT_CACHE_POLICY } from '../cache/cache-policy.ts';
import type { Embedder } from '../cache/embedder.ts';
import { createLocalEmbedder } from '../cache/local-embedder.ts';
import { loadTemplateFile, saveTemplateFile } from '../cache/memory-store-file.ts';
import { TemplateCache } from '../cache/template-cache.ts';
import type { TemplateStore } from '../cache/template-store.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { Config } from '../config/config.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import { createOpenAiEmbedder } from '../providers/openai-embedder.ts';

export type CacheDeps = { config: Config; clock: Clock; metrics: Metrics; logger: Logger; prices: PriceTable };

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
