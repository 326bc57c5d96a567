/**
 * Template lookup time per micro-batch on the real Elasticsearch at 10k and 100k templates: one
 * `_msearch` per batch of 256 records (exact term query plus filtered kNN each), against a
 * baseline measured in the same run on the same index — the same batch of exact term queries
 * only. Run: `npm run bench -- cache-lookup` (starts Elasticsearch when needed;
 * BENCH_TEMPLATES=10000,100000 to choose the sizes).
 */
import { deleteTemplateIndices } from '../src/cache/elasticsearch-index.ts';
import { ElasticsearchTemplateStore } from '../src/cache/elasticsearch-store.ts';
import { learnTemplate } from '../src/cache/learn-template.ts';
import { createLocalEmbedder } from '../src/cache/local-embedder.ts';
import type { Template } from '../src/cache/template.ts';
import type { TemplateQuery } from '../src/cache/template-store.ts';
import { loadConfig } from '../src/config/config.ts';
import { createElasticsearch } from '../src/connect/elasticsearch.ts';
import { generate } from '../src/dev/generator/generate.ts';
import { prepare } from '../src/prepare/prepare.ts';

const SIZES = (process.env.BENCH_TEMPLATES ?? '10000,100000').split(',').map(Number);
const BATCH = 256;
const ROUNDS = 15;
const config = loadConfig({ env: process.env }).config;
const client = createElasticsearch({ ...config.elasticsearch, requestTimeoutMs: 120_000 });
const embedder = createLocalEmbedder(config.cache.dimensions);
const index = `bench-templates-${Date.now().toString(36)}`;
const store = await ElasticsearchTemplateStore.open({
  client,
  index,
  dimensions: embedder.dimensions,
  embedderId: embedder.id,
  requestTimeoutMs: 120_000,
});

// Distinct templates learnt from generated records; more are made by giving them to more sources.
const generated = [...generate({ count: 30_000, seed: 23 })];
const learnt = new Map<string, Template>();
for (const g of generated) {
  const admission = learnTemplate({
    confirmed: true,
    prepared: prepare(g.record),
    fields: g.fields,
    producedBy: { tier: 'small', model: 'bench' },
    embedding: null,
    now: Date.now(),
  });
  if (admission.ok) learnt.set(admission.template.skeleton, admission.template);
}
const base = [...learnt.values()];
const vectors = (await embedder.embed(base.map((t) => t.skeleton))).vectors.map((v) => v.map((x) => Math.round(x * 1e4) / 1e4));
const SOURCES = 64;

function templateNumber(n: number): Template {
  const t = base[n % base.length]!;
  const source = `${t.scope.source_id}#${Math.floor(n / base.length) % SOURCES}`;
  return { ...t, id: `${t.id}-${n}`, scope: { ...t.scope, source_id: source }, embedding: vectors[n % base.length]! };
}

function queries(withVectors: boolean): TemplateQuery[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const g = generated[(i * 7919) % generated.length]!;
    const prepared = prepare(g.record);
    return {
      key: String(i),
      skeleton: prepared.skeleton,
      embedding: withVectors ? vectors[i % vectors.length]! : null,
      filter: {
        source_id: `${g.record.source_id}#${i % SOURCES}`,
        document_type: g.record.document_type,
        template_version: g.record.template_version,
      },
    };
  });
}

async function medianMs(run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: +samples[Math.floor(ROUNDS / 2)]!.toFixed(1), p95: +samples[Math.floor(ROUNDS * 0.95)]!.toFixed(1) };
}

const results = [];
let stored = 0;
try {
  for (const size of SIZES) {
    for (let n = stored; n < size; n += 2_000)
      await store.put(Array.from({ length: Math.min(2_000, size - n) }, (_, i) => templateNumber(n + i)));
    stored = size;
    await client.indices.refresh({ index });
    await client.indices.forcemerge({ index, max_num_segments: 1 }).catch(() => undefined);
    const lookup = { k: config.cache.k, numCandidates: config.cache.numCandidates };
    const knn = queries(true);
    const exact = queries(false);
    await store.lookup(knn, lookup);
    const exactOnly = await medianMs(() => store.lookup(exact, lookup));
    const withKnn = await medianMs(() => store.lookup(knn, lookup));
    results.push({
      templates: await store.size(),
      batch: BATCH,
      exactOnlyMs: exactOnly,
      exactAndKnnMs: withKnn,
      knnOverExact: +(withKnn.median / exactOnly.median).toFixed(2),
    });
  }
} finally {
  await deleteTemplateIndices(client, index);
  await client.close();
}
console.log(
  JSON.stringify(
    {
      bench: 'cache-lookup',
      dimensions: embedder.dimensions,
      distinctSkeletons: base.length,
      results,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
