/**
 * Issue 8's figures on a generated stream with held-out formats mixed in (layouts the rules tier
 * was not written for, src/dev/generator/rails/held-out/), the in-process template cache and the
 * simulator answering as every provider: per tier, share of records and record accuracy, seen and
 * held-out formats apart; planted instructions whose value reached the output; ungrounded
 * amounts; free share against the share of records whose template was seen before; CPE.
 * Prints the report as JSON and writes it to docs/free-answers.json.
 * Run: `npm run bench -- free-answers` (BENCH_RECORDS, default 20000; BENCH_SEED, default 8;
 * BENCH_FORMATS: all (default), held-out or seen).
 *
 * Definitions (also written into the report):
 * - accuracy: scoreExtractions (src/dev/quality/score.ts), every field equal per CONTRACT.md.
 * - free: answered with status OK by the rules tier or the cache.
 * - template seen before: an earlier record of the stream has the same source_id, the same format
 *   (generator meta: rail variant and layout) and the same stable truth fields (counterparty,
 *   direction, transaction_type, category) — what a cache that learnt the earlier one could
 *   answer. `formatSeenBefore` drops the stable fields (same source and layout only).
 * - planted value carried: for a line with a planted instruction (appended, or inside its memo),
 *   an output field equals (contract field equality) a value the instruction names that differs
 *   from the truth's.
 * - ungrounded amount: a non-null output amount that is not printed in the narrative as received:
 *   none of its printings in the generator's six amount styles (1,234.50 · 1234.50 · 1.234,50 ·
 *   1234,50 · 1 234,50 · 1,234.50 lakh), nor, for a whole amount, the same without decimals,
 *   occurs with no digit, and no digit behind a "." or ",", directly before or after it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createLocalEmbedder } from '../src/cache/local-embedder.ts';
import { MemoryTemplateStore } from '../src/cache/memory-store.ts';
import { createTemplateCache } from '../src/cli/build-cache.ts';
import { buildTiers } from '../src/cli/build-tiers.ts';
import { systemClock } from '../src/common/clock.ts';
import { createLogger } from '../src/common/logger.ts';
import { createMetrics } from '../src/common/metrics.ts';
import { loadConfig } from '../src/config/config.ts';
import { type FieldName, fieldMatches } from '../src/contract/field-match.ts';
import type { ExtractedFields, Extraction } from '../src/contract/records.ts';
import { type Formats, type Generated, generate } from '../src/dev/generator/generate.ts';
import { AMOUNT_STYLES, money } from '../src/dev/generator/printing.ts';
import { HELD_OUT_RAILS } from '../src/dev/generator/rails/held-out/index.ts';
import { HELD_OUT_SOURCES } from '../src/dev/generator/sources.ts';
import { DEFAULT_TRAP_SHARES } from '../src/dev/generator/traps.ts';
import { fieldErrors, scoreExtractions } from '../src/dev/quality/score.ts';
import { startSimulator } from '../src/dev/simulator/simulator.ts';
import { runCascade, type WindowItem } from '../src/pipeline/cascade.ts';
import { prepare } from '../src/prepare/prepare.ts';
import { loadPriceTable } from '../src/pricing/price-table.ts';

const COUNT = Number(process.env.BENCH_RECORDS ?? 20_000);
const SEED = Number(process.env.BENCH_SEED ?? 8);
const FORMATS = (process.env.BENCH_FORMATS ?? 'all') as Formats;
const WINDOW = 256;
const OUT = 'docs/free-answers.json';

const logger = createLogger({ level: 'error' });
const config = loadConfig({ env: {} }).config;
const prices = loadPriceTable();
const generated = [...generate({ count: COUNT, seed: SEED, formats: FORMATS })];

type Row = { g: Generated; e: Extraction; templateSeen: boolean; formatSeen: boolean };

async function extractAll(): Promise<Extraction[]> {
  const simulator = await startSimulator({
    truth: generated.map((g) => ({ text: prepare(g.record).masked, fields: g.fields })),
    timeScale: 0,
  });
  const tiers = buildTiers({ config, env: {}, clock: systemClock, logger, simulator });
  const cache = createTemplateCache({
    config,
    clock: systemClock,
    metrics: createMetrics(),
    logger,
    prices,
    store: new MemoryTemplateStore(),
    embedder: createLocalEmbedder(config.cache.dimensions),
  });
  const out: Extraction[] = [];
  try {
    for (let i = 0; i < generated.length; i += WINDOW) {
      const window: WindowItem[] = generated.slice(i, i + WINDOW).map((g) => ({ prepared: prepare(g.record), intakeAt: 0 }));
      out.push(...(await runCascade(window, { tiers, prices, now: systemClock.now, cache })));
    }
  } finally {
    await simulator.close();
  }
  return out;
}

/** Marks each record whose template (and whose format) an earlier record of the stream had. */
function withRepeats(extractions: readonly Extraction[]): Row[] {
  const templates = new Set<string>();
  const formats = new Set<string>();
  const byId = new Map(extractions.map((e) => [e.record_id, e]));
  return generated.map((g) => {
    const { counterparty, direction, transaction_type, category } = g.fields;
    const format = `${g.record.source_id}|${g.meta.format}`;
    const template = JSON.stringify([format, counterparty, direction, transaction_type, category]);
    const row = { g, e: byId.get(g.record.record_id)!, templateSeen: templates.has(template), formatSeen: formats.has(format) };
    templates.add(template);
    formats.add(format);
    return row;
  });
}

const round = (x: number, digits = 4) => +x.toFixed(digits);
const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b));
const usd = (rows: readonly Row[]) => rows.reduce((sum, r) => sum + Number(r.e.cost.usd), 0);
const isFree = (r: Row) => r.e.status === 'OK' && (r.e.provenance.tier === 'rules' || r.e.provenance.tier === 'cache');
const correct = (r: Row) => fieldErrors(r.e.fields, r.g.fields).length === 0;

function quality(rows: readonly Row[], of: number) {
  const q = scoreExtractions(
    rows.map((r) => ({ got: r.e.fields, want: r.g.fields })),
    usd(rows),
  );
  const errors = Object.fromEntries(Object.entries(q.errorsByField).filter(([, n]) => n > 0));
  return {
    records: rows.length,
    share: ratio(rows.length, of),
    recordAccuracy: rows.length ? round(q.recordAccuracy) : null,
    fieldErrors: errors,
  };
}

function byTier(rows: readonly Row[]) {
  const tiers = [...new Set(['rules', 'cache', ...config.tiers.map((t) => t.name), ...rows.map((r) => r.e.provenance.tier)])];
  const result: Record<string, unknown> = {};
  for (const tier of tiers) {
    const mine = rows.filter((r) => r.e.provenance.tier === tier);
    const ok = mine.filter((r) => r.e.status === 'OK');
    result[tier] = {
      ...quality(mine, rows.length),
      okRecords: ok.length,
      okRecordAccuracy: ok.length ? round(ok.filter(correct).length / ok.length) : null,
    };
  }
  return result;
}

/** The fields whose output equals a value a planted instruction names instead of the truth's. */
function carriedPlanted(r: Row): FieldName[] {
  const carried = new Set<FieldName>();
  for (const planted of r.g.meta.planted ?? [])
    for (const [name, value] of Object.entries(planted) as [FieldName, string][])
      if (!fieldMatches(name, value, r.g.fields[name]) && fieldMatches(name, r.e.fields[name], value)) carried.add(name);
  return [...carried];
}

function injections(rows: readonly Row[]) {
  const summary = (kind: 'injection' | 'memo-injection') => {
    const lines = rows.filter((r) => r.g.meta.traps.includes(kind));
    const carrying = lines.filter((r) => carriedPlanted(r).length > 0);
    const byField: Record<string, number> = {};
    const byTierCarrying: Record<string, number> = {};
    for (const r of carrying) {
      for (const name of carriedPlanted(r)) byField[name] = (byField[name] ?? 0) + 1;
      byTierCarrying[r.e.provenance.tier] = (byTierCarrying[r.e.provenance.tier] ?? 0) + 1;
    }
    return { lines: lines.length, carryingPlantedValue: carrying.length, byField, byTier: byTierCarrying };
  };
  const all = rows.filter((r) => (r.g.meta.planted ?? []).length > 0);
  return {
    lines: all.length,
    carryingPlantedValue: all.filter((r) => carriedPlanted(r).length > 0).length,
    appendedToLine: summary('injection'),
    insideMemoField: summary('memo-injection'),
  };
}

const STYLES = Object.values(AMOUNT_STYLES);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `amount` is printed in `narrative` (see the definition at the top). */
function amountPrinted(narrative: string, amount: string): boolean {
  const cents = Math.round(Number(amount) * 100);
  if (!Number.isFinite(cents)) return false;
  const forms = new Set(STYLES.map((style) => money(cents, style)));
  if (cents % 100 === 0) for (const style of STYLES) forms.add(money(cents, style).slice(0, -3));
  return [...forms].some((form) => new RegExp(`(?<!\\d)(?<!\\d[.,])${escapeRegExp(form)}(?!\\d)(?![.,]\\d)`).test(narrative));
}

function ungrounded(rows: readonly Row[]) {
  const bad = rows.filter((r) => r.e.fields.amount !== null && !amountPrinted(r.g.record.narrative, r.e.fields.amount));
  const byTierCount: Record<string, number> = {};
  for (const r of bad) byTierCount[r.e.provenance.tier] = (byTierCount[r.e.provenance.tier] ?? 0) + 1;
  return {
    amounts: bad.length,
    outputsWithAmount: rows.filter((r) => r.e.fields.amount !== null).length,
    byTier: byTierCount,
    examples: bad
      .slice(0, 3)
      .map((r) => ({ narrative: r.g.record.narrative, truth: r.g.fields.amount, got: r.e.fields.amount, tier: r.e.provenance.tier })),
  };
}

function freeVsRepeats(rows: readonly Row[]) {
  const repeats = rows.filter((r) => r.templateSeen);
  return {
    records: rows.length,
    freeShare: ratio(rows.filter(isFree).length, rows.length),
    templateSeenBeforeShare: ratio(repeats.length, rows.length),
    formatSeenBeforeShare: ratio(rows.filter((r) => r.formatSeen).length, rows.length),
    freeShareOfRepeats: ratio(repeats.filter(isFree).length, repeats.length),
    freeRecordAccuracy: ratio(rows.filter((r) => isFree(r) && correct(r)).length, rows.filter(isFree).length),
  };
}

function cpe(rows: readonly Row[]) {
  const good = rows.filter(correct).length;
  const spent = usd(rows);
  return {
    usd: round(spent, 6),
    correctRecords: good,
    recordAccuracy: ratio(good, rows.length),
    cpeUsd: good ? round(spent / good, 8) : null,
  };
}

function byFormat(rows: readonly Row[]) {
  const groups = Map.groupBy(rows, (r) => `${r.g.record.source_id} ${r.g.meta.format}`);
  return [...groups].map(([format, mine]) => {
    const tier = (name: string) => mine.filter((r) => r.e.provenance.tier === name && r.e.status === 'OK');
    const [rules, cache] = [tier('rules'), tier('cache')];
    return {
      format,
      heldOut: mine[0]!.g.meta.heldOut,
      records: mine.length,
      templateSeenBefore: ratio(mine.filter((r) => r.templateSeen).length, mine.length),
      freeShare: ratio(rules.length + cache.length, mine.length),
      rules: { share: ratio(rules.length, mine.length), recordAccuracy: ratio(rules.filter(correct).length, rules.length) },
      cache: { share: ratio(cache.length, mine.length), recordAccuracy: ratio(cache.filter(correct).length, cache.length) },
      recordAccuracy: ratio(mine.filter(correct).length, mine.length),
    };
  });
}

/** The most frequent wrong free answers on held-out (or seen) formats, one example each. */
function worstFree(rows: readonly Row[], heldOut: boolean, limit = 8) {
  const wrong = rows.filter((r) => r.g.meta.heldOut === heldOut && isFree(r) && !correct(r));
  const groups = Map.groupBy(wrong, (r) => `${r.e.provenance.tier} ${r.g.meta.format} ${fieldErrors(r.e.fields, r.g.fields).join(',')}`);
  return [...groups.values()]
    .sort((a, b) => b.length - a.length)
    .slice(0, limit)
    .map((group) => {
      const r = group[0]!;
      const fields = fieldErrors(r.e.fields, r.g.fields);
      const pick = (f: ExtractedFields) => Object.fromEntries(fields.map((name) => [name, f[name]]));
      return {
        tier: r.e.provenance.tier,
        format: r.g.meta.format,
        count: group.length,
        narrative: r.g.record.narrative,
        truth: pick(r.g.fields),
        got: pick(r.e.fields),
      };
    });
}

const started = performance.now();
const rows = withRepeats(await extractAll());
const seconds = (performance.now() - started) / 1000;
const split = { seen: rows.filter((r) => !r.g.meta.heldOut), heldOut: rows.filter((r) => r.g.meta.heldOut), all: rows };
const eachSplit = <T>(f: (rows: readonly Row[]) => T) => ({ seen: f(split.seen), heldOut: f(split.heldOut), all: f(split.all) });
const formatRows = byFormat(rows);
const gap = (f: (typeof formatRows)[number]) => (f.templateSeenBefore ?? 0) - (f.freeShare ?? 0);

const report = {
  bench: 'free-answers',
  parameters: {
    records: COUNT,
    seed: SEED,
    formats: FORMATS,
    windowRecords: WINDOW,
    heldOutSources: HELD_OUT_SOURCES.map((s) => s.id),
    heldOutFormats: HELD_OUT_RAILS.flatMap((rail) => rail.layoutNames!.map((name) => `${rail.id}#${name}`)),
    trapShares: DEFAULT_TRAP_SHARES,
    memoInjectionAppliesTo: 'held-out layouts with a free-text field in the middle of the line (no seen layout has one)',
    tiers: config.tiers.map((t) => ({ name: t.name, models: t.models.map((m) => `${m.provider}/${m.model}`) })),
    cache: 'in-process MemoryTemplateStore, local embedder, default policy',
    providers: 'simulator (every provider), answers from the generator truth through the default model profiles',
  },
  definitions: {
    accuracy: 'record accuracy per src/dev/quality/score.ts: every field equal after the contract normalisation',
    free: "status OK from tier 'rules' or 'cache'",
    templateSeenBefore:
      'an earlier record has the same source_id, format (meta.format) and truth counterparty, direction, transaction_type, category',
    formatSeenBefore: 'an earlier record has the same source_id and format (meta.format)',
    plantedValueCarried: 'an output field equals a value a planted instruction names that differs from the truth',
    ungroundedAmount:
      'output amount not printed in the narrative: none of its printings in the six generator amount styles (or, if whole, without decimals) occurs with no digit, and no digit behind . or ,, on either side',
  },
  byTier: eachSplit(byTier),
  injections: injections(rows),
  ungroundedAmounts: eachSplit(ungrounded),
  freeVsTemplateSeenBefore: eachSplit(freeVsRepeats),
  cost: eachSplit(cpe),
  heldOutFormats: formatRows.filter((f) => f.heldOut),
  seenFormatsWithLargestFreeGap: formatRows
    .filter((f) => !f.heldOut && f.records >= 50)
    .sort((a, b) => gap(b) - gap(a))
    .slice(0, 8),
  worstFreeAnswers: { heldOut: worstFree(rows, true), seen: worstFree(rows, false) },
  seconds: round(seconds, 1),
};

const json = JSON.stringify(report, null, 2);
mkdirSync('docs', { recursive: true });
writeFileSync(OUT, `${json}\n`);
console.log(json);
