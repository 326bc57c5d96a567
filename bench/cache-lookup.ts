/**
 * Template lookup time per micro-batch of 256 records on the real Elasticsearch at 10k, 100k and
 * 1M templates, for a stated mix: 80 % of the records have their exact template stored (drawn from
 * 5,000 hot templates), 20 % are near misses — a layout not learnt, of a source that has templates —
 * and need kNN. Three paths over the same batches, taking turns batch by batch in one run:
 *  - lookup path: TemplateCache.answer, read-only, over the hot templates kept in process in front
 *    of Elasticsearch, as the service wires it: exact matches at hand that the policy accepts answer
 *    their records; one `_msearch` (exact term + kNN) for the rest. A first pass over the batches
 *    starts with nothing at hand; the second is the steady state, warm.
 *  - Elasticsearch only: the same path with nothing kept in process (every record exact + kNN).
 *  - baseline: the same batches as exact term queries only, in one `_msearch`.
 * Templates are bulk-loaded 5,000 at a time with the index's refresh off, then refreshed.
 * Run: `npm run bench -- cache-lookup` (starts Elasticsearch when needed); BENCH_TEMPLATES (default
 * 10000,100000,1000000), BENCH_BATCHES (batches per pass, default 200). Writes docs/cache-lookup.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Client } from '@elastic/elasticsearch';
import { deleteTemplateIndices } from '../src/cache/elasticsearch-index.ts';
import { ElasticsearchTemplateStore } from '../src/cache/elasticsearch-store.ts';
import { learnTemplate } from '../src/cache/learn-template.ts';
import { createLocalEmbedder } from '../src/cache/local-embedder.ts';
import type { Template } from '../src/cache/template.ts';
import type { CacheItem, TemplateCache } from '../src/cache/template-cache.ts';
import type { TemplateQuery } from '../src/cache/template-store.ts';
import { createTemplateCache } from '../src/cli/build-cache.ts';
import { keepHotTemplates, vectorIndexOf } from '../src/cli/build-service-cache.ts';
import { systemClock } from '../src/common/clock.ts';
import { createLogger } from '../src/common/logger.ts';
import { createMetrics } from '../src/common/metrics.ts';
import { loadConfig } from '../src/config/config.ts';
import { createElasticsearch } from '../src/connect/elasticsearch.ts';
import type { TransactionNarrative } from '../src/contract/records.ts';
import { generate } from '../src/dev/generator/generate.ts';
import { Random } from '../src/dev/generator/random.ts';
import { prepare } from '../src/prepare/prepare.ts';
import { loadPriceTable } from '../src/pricing/price-table.ts';
import { applyRules, rulesInputOf } from '../src/rules/apply-rules.ts';

const SIZES = (process.env.BENCH_TEMPLATES ?? '10000,100000,1000000').split(',').map(Number);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const BATCH = 256;
const EXACT_SHARE = 0.8;
const HOT = 5_000;
const LOAD_CHUNK = 5_000;
const TARGET = { templates: 100_000, p99Ms: 25 };
const config = loadConfig({ env: process.env }).config;
const embedder = createLocalEmbedder(config.cache.dimensions);
const index = `bench-templates-${Date.now().toString(36)}`;
const random = new Random(7);

/** A client and store of its own per path, counting the searches its `_msearch` requests carry. */
async function openPath(): Promise<{ store: ElasticsearchTemplateStore; searches: () => number; close(): Promise<void> }> {
  const client = createElasticsearch({ ...config.elasticsearch, requestTimeoutMs: 120_000 });
  let searches = 0;
  client.diagnostic.on('request', (_error, event) => {
    const { path, body } = event?.meta.request.params ?? {};
    if (path?.endsWith('/_msearch') && typeof body === 'string') searches += body.trim().split('\n').length / 2;
  });
  const store = await ElasticsearchTemplateStore.open({
    client,
    index,
    dimensions: embedder.dimensions,
    embedderId: embedder.id,
    requestTimeoutMs: 120_000,
    refreshIntervalMs: config.cache.refreshIntervalMs,
    vectorIndex: vectorIndexOf(config.cache),
  });
  return { store, searches: () => searches, close: () => client.close() };
}

// Distinct templates learnt from generated records; more are made by giving them to more copies of their sources.
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
const baseIndex = new Map(base.map((t, i) => [t.skeleton, i]));
const vectors = (await embedder.embed(base.map((t) => t.skeleton))).vectors.map((v) => v.map((x) => Math.round(x * 1e4) / 1e4));
const copyOf = (source: string, copy: number) => `${source}#${copy}`;

function templateNumber(n: number): Template {
  const t = base[n % base.length]!;
  const scope = { ...t.scope, source_id: copyOf(t.scope.source_id, Math.floor(n / base.length)) };
  return { ...t, id: `${t.id}-${n}`, scope, embedding: vectors[n % base.length]! };
}

const exactRecords = generated.map((g) => g.record).filter((r) => baseIndex.has(prepare(r).skeleton));
const nearRecords = [...generate({ count: 30_000, seed: 5 })].map((g) => g.record).filter((r) => !learnt.has(prepare(r).skeleton));

function item(key: number, record: TransactionNarrative, copy: number): CacheItem {
  const prepared = prepare({ ...record, source_id: copyOf(record.source_id, copy) });
  return { key, prepared, rules: applyRules(rulesInputOf(prepared)) };
}

/** The batches at one size: exact hits from the hot templates that exist at it, near misses of sources that do. */
function batchesAt(size: number, count = BATCHES): CacheItem[][] {
  const hot = Array.from({ length: HOT }, () => {
    for (;;) {
      const record = random.pick(exactRecords);
      const copies = Math.ceil((size - baseIndex.get(prepare(record).skeleton)!) / base.length);
      if (copies > 0) return { record, copy: random.int(0, copies - 1) };
    }
  });
  const nearCopies = Math.max(1, Math.floor(size / base.length));
  return Array.from({ length: count }, () =>
    Array.from({ length: BATCH }, (_, key) => {
      if (!random.chance(EXACT_SHARE)) return item(key, random.pick(nearRecords), random.int(0, nearCopies - 1));
      const { record, copy } = random.pick(hot);
      return item(key, record, copy);
    }),
  );
}

/** Templates [from, to), in bulk requests of LOAD_CHUNK, two at a time, with the index's refresh off meanwhile. */
async function load(admin: Client, store: ElasticsearchTemplateStore, from: number, to: number): Promise<void> {
  await admin.indices.putSettings({ index, settings: { refresh_interval: '-1' } });
  let next = from;
  const worker = async () => {
    while (next < to) {
      const start = next;
      next = Math.min(to, next + LOAD_CHUNK);
      await store.put(Array.from({ length: next - start }, (_, i) => templateNumber(start + i)));
    }
  };
  await Promise.all([worker(), worker()]);
  await admin.indices.putSettings({ index, settings: { refresh_interval: `${config.cache.refreshIntervalMs}ms` } });
  await admin.indices.refresh({ index });
}

/**
 * In the service every window counts its hits, so each refresh finds the index changed and clears
 * the node's request cache; here the index stays as loaded, so the cache is cleared on that beat.
 */
function clearRequestCacheEachRefresh(admin: Client): () => void {
  const clear = () => admin.indices.clearCache({ index, request: true }).catch(() => undefined);
  const timer = setInterval(clear, config.cache.refreshIntervalMs);
  return () => clearInterval(timer);
}

/** The record's exact template alone, in its own scope (the default cache.scope, `source`). */
function exactQuery(item: CacheItem): TemplateQuery {
  const { record, skeleton } = item.prepared;
  const filter = { source_id: record.source_id, document_type: record.document_type, template_version: record.template_version };
  return { key: String(item.key), skeleton, embedding: null, filter };
}

type Stats = { p50: number; p99: number; mean: number; max: number };

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => +sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!.toFixed(1);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { p50: at(0.5), p99: at(0.99), mean: +mean.toFixed(1), max: +sorted.at(-1)!.toFixed(1) };
}

type Path = { name: string; run(items: CacheItem[]): Promise<number>; searches(): number };
type Tally = { ms: number[]; answered: number; searches: number };

/** Every path on every batch, taking turns in a rotating order so drift in the machine's load falls on all alike. */
async function pass(batches: CacheItem[][], paths: Path[]): Promise<Map<string, Tally>> {
  const tallies = new Map(paths.map((p) => [p.name, { ms: [] as number[], answered: 0, searches: 0 }]));
  for (const [i, items] of batches.entries()) {
    for (let j = 0; j < paths.length; j += 1) {
      const path = paths[(i + j) % paths.length]!;
      const tally = tallies.get(path.name)!;
      const searchesBefore = path.searches();
      const started = performance.now();
      tally.answered += await path.run(items);
      tally.ms.push(performance.now() - started);
      tally.searches += path.searches() - searchesBefore;
    }
  }
  return tallies;
}

const round = (x: number) => +x.toFixed(3);

function row(
  size: number,
  measured: { loadSeconds: number; segments: number; load: number[]; first: Map<string, Tally>; warm: Map<string, Tally> },
) {
  const { first, warm } = measured;
  const ms = (tallies: Map<string, Tally>, name: string) => stats(tallies.get(name)!.ms);
  const perBatch = (tallies: Map<string, Tally>, name: string) => round(tallies.get(name)!.searches / BATCHES);
  const answered = (tallies: Map<string, Tally>, name: string) => round(tallies.get(name)!.answered / (BATCHES * BATCH));
  const lookup = ms(warm, 'lookup');
  const elasticsearchOnly = ms(warm, 'elasticsearch_only');
  const baseline = ms(warm, 'baseline');
  return {
    templates: size,
    load_seconds: +measured.loadSeconds.toFixed(1),
    segments: measured.segments,
    load_average_1m: measured.load,
    lookup_path_warm_ms: lookup,
    lookup_path_first_pass_ms: ms(first, 'lookup'),
    elasticsearch_only_ms: elasticsearchOnly,
    baseline_exact_terms_ms: baseline,
    ratios: {
      elasticsearch_only_over_warm: { p50: round(elasticsearchOnly.p50 / lookup.p50), p99: round(elasticsearchOnly.p99 / lookup.p99) },
      warm_over_baseline: { p50: round(lookup.p50 / baseline.p50), p99: round(lookup.p99 / baseline.p99) },
    },
    searches_per_batch: {
      lookup_path_warm: perBatch(warm, 'lookup'),
      lookup_path_first_pass: perBatch(first, 'lookup'),
      elasticsearch_only: perBatch(warm, 'elasticsearch_only'),
      baseline_exact_terms: perBatch(warm, 'baseline'),
    },
    answered_share: { lookup_path_warm: answered(warm, 'lookup'), elasticsearch_only: answered(warm, 'elasticsearch_only') },
  };
}

async function answered(cache: TemplateCache, items: CacheItem[]): Promise<number> {
  return (await cache.answer(items, { readOnly: true })).answers.size;
}

if (config.cache.scope !== 'source') throw new Error('the benchmark draws records for the default cache.scope, source');
const admin = createElasticsearch({ ...config.elasticsearch, requestTimeoutMs: 600_000 });
const loader = await openPath();
const [baseline, elasticsearchOnly, behindHot] = await Promise.all([openPath(), openPath(), openPath()]);
const deps = {
  config,
  clock: systemClock,
  metrics: createMetrics(),
  logger: createLogger({ level: 'error' }),
  prices: loadPriceTable(),
  embedder,
};
const lookupOptions = { k: config.cache.k, numCandidates: config.cache.numCandidates };
/** Every path over the same batches at the size loaded: a warm-up, the first pass, the warm pass. */
async function measure(size: number, loaded: { loadSeconds: number; segments: number }) {
  const esCache = createTemplateCache({ ...deps, store: elasticsearchOnly.store });
  const paths: Path[] = [
    {
      name: 'baseline',
      // Candidates only, not judged: nothing answered.
      run: async (items) => {
        await baseline.store.lookup(items.map(exactQuery), lookupOptions);
        return 0;
      },
      searches: baseline.searches,
    },
    { name: 'elasticsearch_only', run: (items) => answered(esCache, items), searches: elasticsearchOnly.searches },
  ];
  const stopClearing = clearRequestCacheEachRefresh(admin);
  try {
    // Warms the node's caches and this process's code on batches of their own, nothing kept in process.
    await pass(batchesAt(size, 10), paths);
    const lookupCache = createTemplateCache({ ...deps, store: keepHotTemplates(behindHot.store, config, systemClock) });
    paths.push({ name: 'lookup', run: (items) => answered(lookupCache, items), searches: behindHot.searches });
    const batches = batchesAt(size);
    const before = loadavg()[0]!;
    const first = await pass(batches, paths);
    const warm = await pass(batches, paths);
    return row(size, { ...loaded, load: [+before.toFixed(2), +loadavg()[0]!.toFixed(2)], first, warm });
  } finally {
    stopClearing();
  }
}

const rows = [];
let stored = 0;
try {
  for (const size of SIZES) {
    const started = performance.now();
    await load(admin, loader.store, stored, size);
    stored = size;
    const loadSeconds = (performance.now() - started) / 1000;
    const segments = (await admin.cat.segments({ index, format: 'json' })).length;
    console.error(`${size} templates loaded in ${loadSeconds.toFixed(0)} s (${segments} segments); measuring`);
    rows.push(await measure(size, { loadSeconds, segments }));
    console.error(JSON.stringify(rows.at(-1)));
  }
} finally {
  await deleteTemplateIndices(admin, index);
  await Promise.all([loader, baseline, elasticsearchOnly, behindHot].map((path) => path.close()));
  await admin.close();
}

const drawn = { exact: EXACT_SHARE, near: round(1 - EXACT_SHARE) };
const target = rows.find((r) => r.templates === TARGET.templates);
const report = {
  bench: 'cache-lookup',
  definitions: {
    batch: `${BATCH} records, ${BATCHES} batches per pass, the same batches for every path`,
    mix: `each record an exact hit (its template stored, drawn from ${HOT} hot templates) with probability ${drawn.exact}, else a near miss (a source with templates, a layout not learnt) that needs kNN`,
    lookup_path_warm_ms:
      'TemplateCache.answer (read-only) over the hot templates in front of Elasticsearch, second pass: exact matches at hand the policy accepts answer their records; one _msearch (exact term + kNN) for the rest; ms per batch',
    lookup_path_first_pass_ms: 'the same, first pass, starting with nothing at hand',
    elasticsearch_only_ms: 'the same path with nothing kept in process: every record exact term + kNN in one _msearch (second pass)',
    baseline_exact_terms_ms: 'the same batches as exact term queries only, one _msearch, through the store (second pass)',
    searches_per_batch:
      'searches sent to Elasticsearch per batch (an _msearch carries one per exact term and one per kNN); for the lookup path, the background renewals of hot templates (exact terms) included',
    answered_share: 'records the cache answered: the same on both paths when the hot templates change nothing but the time',
    load_average_1m: 'the machine load before and after the measurement (it is shared: figures are noisy, ratios within a row less so)',
    hits: 'read-only: hits are not counted (the service counts the hits of a window after its lookup, in one mget and one bulk); the index stays as loaded, so the node request cache is cleared every refresh interval, as refreshes after counted hits do in service',
  },
  machine: { cpus: cpus().length, elasticsearch_and_benchmark_on_the_same_cpus: true },
  settings: {
    dimensions: embedder.dimensions,
    distinct_skeletons: base.length,
    k: config.cache.k,
    num_candidates: config.cache.numCandidates,
    vector_index: vectorIndexOf(config.cache),
    hot_templates: config.cache.hotTemplates,
    hot_template_max_age_ms: config.cache.hotTemplateMaxAgeMs,
    refresh_interval_ms: config.cache.refreshIntervalMs,
    load_chunk: LOAD_CHUNK,
  },
  mix: drawn,
  rows,
  targets: {
    [`lookup_path_warm_p99_at_most_${TARGET.p99Ms}_ms_at_${TARGET.templates}`]: target
      ? target.lookup_path_warm_ms.p99 <= TARGET.p99Ms
      : null,
  },
  peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
};
const json = JSON.stringify(report, null, 2);
console.log(json);
mkdirSync('docs', { recursive: true });
writeFileSync('docs/cache-lookup.json', `${json}\n`);
