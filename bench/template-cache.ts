/**
 * The template cache on a generated stream (recurring merchants with new amounts and dates, a
 * template change part-way), against the same stream without the cache and against a naive
 * semantic cache (the neighbour's stored answer above a similarity threshold, as GPTCache-style
 * caches do), all in one run with the simulator as every provider.
 * Run: `npm run bench -- template-cache` (BENCH_RECORDS, default 6000).
 */
import { cosine, createLocalEmbedder } from '../src/cache/local-embedder.ts';
import { MemoryTemplateStore } from '../src/cache/memory-store.ts';
import { createTemplateCache } from '../src/cli/build-cache.ts';
import { buildTiers } from '../src/cli/build-tiers.ts';
import { systemClock } from '../src/common/clock.ts';
import { createLogger } from '../src/common/logger.ts';
import { createMetrics } from '../src/common/metrics.ts';
import { loadConfig } from '../src/config/config.ts';
import type { ExtractedFields, Extraction } from '../src/contract/records.ts';
import { generate } from '../src/dev/generator/generate.ts';
import { fieldErrors, scoreExtractions } from '../src/dev/quality/score.ts';
import { startSimulator } from '../src/dev/simulator/simulator.ts';
import { runCascade, type WindowItem } from '../src/pipeline/cascade.ts';
import { prepare } from '../src/prepare/prepare.ts';
import { loadPriceTable } from '../src/pricing/price-table.ts';

const COUNT = Number(process.env.BENCH_RECORDS ?? 6_000);
const WINDOW = 256;
const VOLATILE = ['amount', 'transaction_date', 'reference'] as const;
const logger = createLogger({ level: 'error' });
const config = loadConfig({ env: {} }).config;
const prices = loadPriceTable();
const generated = [...generate({ count: COUNT, seed: 17, templateChangeAt: Math.floor(COUNT / 2) })];
const truth = new Map(generated.map((g) => [g.record.record_id, g.fields]));
const windows: WindowItem[][] = [];
for (let i = 0; i < generated.length; i += WINDOW)
  windows.push(generated.slice(i, i + WINDOW).map((g) => ({ prepared: prepare(g.record), intakeAt: 0 })));

const simulator = await startSimulator({
  truth: generated.map((g) => ({ text: prepare(g.record).masked, fields: g.fields })),
  timeScale: 0,
});
const tiers = buildTiers({ config, env: {}, clock: systemClock, logger, simulator });

async function run(withCache: boolean): Promise<Extraction[]> {
  const metrics = createMetrics();
  const cache = withCache
    ? createTemplateCache({
        config,
        clock: systemClock,
        metrics,
        logger,
        prices,
        store: new MemoryTemplateStore(),
        embedder: createLocalEmbedder(config.cache.dimensions),
      })
    : undefined;
  const out: Extraction[] = [];
  for (const window of windows)
    out.push(...(await runCascade(window, { tiers, prices, now: systemClock.now, ...(cache ? { cache } : {}) })));
  return out;
}

const volatileErrors = (got: ExtractedFields, want: ExtractedFields) =>
  fieldErrors(got, want).filter((f) => (VOLATILE as readonly string[]).includes(f));
const usd = (xs: Extraction[]) => xs.reduce((sum, e) => sum + Number(e.cost.usd), 0);

const started = performance.now();
const withoutCache = await run(false);
const withCache = await run(true);
const seconds = (performance.now() - started) / 1000;
const llmById = new Map(withoutCache.map((e) => [e.record_id, e]));

const cacheAnswered = withCache.filter((e) => e.provenance.tier === 'cache');
const cacheQuality = scoreExtractions(
  cacheAnswered.map((e) => ({ got: e.fields, want: truth.get(e.record_id)! })),
  0,
);
const sameRecordsByLlm = scoreExtractions(
  cacheAnswered.map((e) => ({ got: llmById.get(e.record_id)!.fields, want: truth.get(e.record_id)! })),
  0,
);
const staleFieldErrors = cacheAnswered.filter((e) => volatileErrors(e.fields, truth.get(e.record_id)!).length > 0).length;
const afterChange = withCache.slice(Math.floor(COUNT / 2));

// The naive cache, replayed over the same stream: answers stored from the model-answered records.
const embedder = createLocalEmbedder(config.cache.dimensions);
const naive: { vector: number[]; fields: ExtractedFields }[] = [];
let naiveHits = 0;
let naiveStale = 0;
let naiveWrong = 0;
for (const g of generated) {
  const [vector] = (await embedder.embed([prepare(g.record).masked])).vectors;
  let best: { similarity: number; fields: ExtractedFields } | undefined;
  for (const entry of naive) {
    const similarity = cosine(vector!, entry.vector);
    if (similarity >= 0.9 && (!best || similarity > best.similarity)) best = { similarity, fields: entry.fields };
  }
  if (best) {
    naiveHits += 1;
    if (volatileErrors(best.fields, g.fields).length > 0) naiveStale += 1;
    if (fieldErrors(best.fields, g.fields).length > 0) naiveWrong += 1;
  } else {
    naive.push({ vector: vector!, fields: llmById.get(g.record.record_id)!.fields });
  }
}
await simulator.close();

const correct = (xs: Extraction[]) =>
  scoreExtractions(
    xs.map((e) => ({ got: e.fields, want: truth.get(e.record_id)! })),
    usd(xs),
  );
const q0 = correct(withoutCache);
const q1 = correct(withCache);
console.log(
  JSON.stringify(
    {
      bench: 'template-cache',
      records: COUNT,
      templateCache: {
        hitRate: +(cacheAnswered.length / COUNT).toFixed(3),
        hitRateAfterTemplateChange: +(afterChange.filter((e) => e.provenance.tier === 'cache').length / afterChange.length).toFixed(3),
        cacheAnsweredRecordAccuracy: +cacheQuality.recordAccuracy.toFixed(4),
        sameRecordsAnsweredByModelsAccuracy: +sameRecordsByLlm.recordAccuracy.toFixed(4),
        staleFieldErrors,
      },
      naiveSemanticCache: {
        hitRate: +(naiveHits / COUNT).toFixed(3),
        staleFieldErrors: naiveStale,
        wrongAnswers: naiveWrong,
      },
      cpeUsd: { withoutCache: q0.cpeUsd, withCache: q1.cpeUsd, ratio: q0.cpeUsd && q1.cpeUsd ? +(q1.cpeUsd / q0.cpeUsd).toFixed(3) : null },
      recordAccuracy: { withoutCache: +q0.recordAccuracy.toFixed(4), withCache: +q1.recordAccuracy.toFixed(4) },
      usd: { withoutCache: +usd(withoutCache).toFixed(6), withCache: +usd(withCache).toFixed(6) },
      seconds: +seconds.toFixed(1),
    },
    null,
    2,
  ),
);
