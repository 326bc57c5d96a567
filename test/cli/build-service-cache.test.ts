/** The service cache's wiring: the vector index cache.vectorIndex asks for. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vectorIndexOf } from '#src/cli/build-service-cache.ts';
import { loadConfig } from '#src/config/config.ts';

const cacheWith = (env: Record<string, string>) => loadConfig({ env }).config.cache;

test('auto indexes vectors flat where each search reads one source, in a graph where it reads more', () => {
  assert.equal(vectorIndexOf(cacheWith({})), 'flat');
  assert.equal(vectorIndexOf(cacheWith({ PARSIMONY_CACHE_SCOPE: 'document_type' })), 'hnsw');
  assert.equal(vectorIndexOf(cacheWith({ PARSIMONY_CACHE_SCOPE: 'global' })), 'hnsw');
  assert.equal(vectorIndexOf(cacheWith({ PARSIMONY_CACHE_SCOPE: 'global', PARSIMONY_CACHE_VECTOR_INDEX: 'flat' })), 'flat');
  assert.equal(vectorIndexOf(cacheWith({ PARSIMONY_CACHE_VECTOR_INDEX: 'hnsw' })), 'hnsw');
});
