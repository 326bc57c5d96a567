/**
 * What a run did, for the end-of-run summary and --report: records by tier and status, dead
 * letters by code, money, time, and — when the truth is known — accuracy and cost per valid
 * extraction.
 */
import { getHeapStatistics } from 'node:v8';
import type { DeadLetter, ExtractedFields, Extraction } from '../contract/records.ts';
import { type QualityReport, QualityTally } from '../dev/quality/score.ts';
import { findPrice, formatUsd, type PriceTable } from '../pricing/price-table.ts';
import type { CostPoint } from './cost-timeline.ts';

export type RunSummary = {
  records: number;
  extractions: number;
  deadLetters: number;
  byStatus: Record<string, number>;
  deadLettersByCode: Record<string, number>;
  usd: number;
  seconds: number;
  /** The process's peak resident memory so far, in bytes. */
  peakRssBytes: number;
  /** V8's heap limit (the bin sets it from the configured bounds: src/cli/heap-limit.ts). */
  heapLimitBytes: number;
  simulated: boolean;
  quality: QualityReport | null;
  /** Template cache counters, when the run used the cache. */
  cache?: { lookups: Record<string, number>; admissions: Record<string, number>; templates: number };
  /** Per answering tier: records, money (nano-USD) and, with the truth, quality. */
  tiers: Record<string, { records: number; nanoUsd: number; quality: QualityReport | null }>;
  /** Records answered by a later tier than the first they were sent to: from tier, to tier, count. */
  escalations: Record<string, Record<string, number>>;
  /** The models that were paid, "provider/model". */
  models: string[];
  /** Running totals after windows spread over the run (a `CostTimeline`'s points). */
  costOverRun?: CostPoint[];
};

/**
 * The summary's counters, kept as the windows are written: a run of any length holds a few
 * counters, never its extractions. With the truth, every extraction is scored as it passes.
 */
export class RunTally {
  readonly #truth: ReadonlyMap<string, ExtractedFields> | undefined;
  readonly #byStatus: Record<string, number> = {};
  readonly #deadLettersByCode: Record<string, number> = {};
  readonly #quality = new QualityTally();
  readonly #tiers = new Map<string, { records: number; nanoUsd: number; quality: QualityTally }>();
  readonly #escalations: Record<string, Record<string, number>> = {};
  readonly #models = new Set<string>();
  #extractions = 0;
  #deadLetters = 0;
  #nanoUsd = 0;
  #simulated = false;

  constructor(truth?: ReadonlyMap<string, ExtractedFields>) {
    this.#truth = truth;
  }

  get records(): number {
    return this.#extractions + this.#deadLetters;
  }

  /** Spent so far, in nano-USD. */
  get nanoUsd(): number {
    return this.#nanoUsd;
  }

  add(outputs: { extractions: readonly Extraction[]; deadLetters: readonly DeadLetter[] }): void {
    for (const e of outputs.extractions) {
      this.#extractions += 1;
      this.#byStatus[e.status] = (this.#byStatus[e.status] ?? 0) + 1;
      const nanoUsd = Math.round(Number(e.cost.usd) * 1e9);
      this.#nanoUsd += nanoUsd;
      this.#simulated ||= e.provenance.simulated;
      const tier = this.#tiers.get(e.provenance.tier) ?? { records: 0, nanoUsd: 0, quality: new QualityTally() };
      this.#tiers.set(e.provenance.tier, tier);
      tier.records += 1;
      tier.nanoUsd += nanoUsd;
      const from = e.provenance.escalated_from;
      if (from !== null) {
        const to = (this.#escalations[from] ??= {});
        to[e.provenance.tier] = (to[e.provenance.tier] ?? 0) + 1;
      }
      for (const call of e.cost.calls) this.#models.add(`${call.provider}/${call.model}`);
      const want = this.#truth?.get(e.record_id);
      if (want) {
        this.#quality.add(e.fields, want);
        tier.quality.add(e.fields, want);
      }
    }
    for (const d of outputs.deadLetters) {
      this.#deadLetters += 1;
      this.#deadLettersByCode[d.error_code] = (this.#deadLettersByCode[d.error_code] ?? 0) + 1;
    }
  }

  summary(seconds: number): RunSummary {
    const usd = this.#nanoUsd / 1e9;
    return {
      records: this.records,
      extractions: this.#extractions,
      deadLetters: this.#deadLetters,
      byStatus: { ...this.#byStatus },
      deadLettersByCode: { ...this.#deadLettersByCode },
      usd,
      seconds,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      heapLimitBytes: getHeapStatistics().heap_size_limit,
      simulated: this.#simulated,
      quality: this.#quality.records > 0 ? this.#quality.report(usd) : null,
      tiers: Object.fromEntries(
        [...this.#tiers].map(([name, t]) => [
          name,
          { records: t.records, nanoUsd: t.nanoUsd, quality: t.quality.records > 0 ? t.quality.report(t.nanoUsd / 1e9) : null },
        ]),
      ),
      escalations: structuredClone(this.#escalations),
      models: [...this.#models].sort(),
    };
  }
}

/**
 * The --report file: what a run did, for people deciding where the money goes and for scripts.
 * Keys in snake_case as in the output records; money as decimal strings of USD (exact, like
 * `cost.usd`); shares as numbers; each paid model with the day its price was read.
 */
export function reportJson(
  s: RunSummary,
  extra: { prices: PriceTable; simulatorBilled: unknown; simulatorBilledBatch: unknown },
): RunReport {
  const quality = (q: QualityReport | null): ReportQuality | null =>
    q && {
      records: q.records,
      correct_records: q.correctRecords,
      record_accuracy: q.recordAccuracy,
      field_accuracy: q.fieldAccuracy,
      errors_by_field: q.errorsByField,
      cpe_usd: q.cpeUsd === null ? null : formatUsd(Math.round(q.cpeUsd * 1e9)),
    };
  return {
    report_version: 2,
    records: s.records,
    extractions: s.extractions,
    dead_letters: s.deadLetters,
    by_status: s.byStatus,
    dead_letters_by_code: s.deadLettersByCode,
    usd: formatUsd(Math.round(s.usd * 1e9)),
    simulated: s.simulated,
    quality: quality(s.quality),
    tiers: Object.fromEntries(
      Object.entries(s.tiers).map(([name, t]) => [name, { records: t.records, usd: formatUsd(t.nanoUsd), quality: quality(t.quality) }]),
    ),
    escalations: s.escalations,
    cost_over_run: (s.costOverRun ?? []).map((p) => ({ records: p.records, seconds: p.seconds, usd: formatUsd(p.nanoUsd) })),
    cache: s.cache ?? null,
    prices: {
      table_read_on: extra.prices.readOn,
      models: Object.fromEntries(
        s.models.map((name) => {
          const [provider, ...model] = name.split('/');
          const price = findPrice(extra.prices, provider!, model.join('/'));
          return [name, { read_on: price?.readOn ?? null, legacy: price?.legacy ?? false, self_hosted: price?.selfHosted ?? false }];
        }),
      ),
    },
    seconds: s.seconds,
    records_per_second: s.records / Math.max(s.seconds, 1e-6),
    peak_rss_bytes: s.peakRssBytes,
    heap_limit_bytes: s.heapLimitBytes,
    simulator_billed: snakeCaseKeys(extra.simulatorBilled),
    simulator_billed_batch: snakeCaseKeys(extra.simulatorBilledBatch),
  };
}

export type ReportQuality = {
  records: number;
  correct_records: number;
  record_accuracy: number;
  field_accuracy: number;
  errors_by_field: Record<string, number>;
  cpe_usd: string | null;
};

/** The --report file's shape (`report_version` 2), which the HTML report draws. */
export type RunReport = {
  report_version: 2;
  records: number;
  extractions: number;
  dead_letters: number;
  by_status: Record<string, number>;
  dead_letters_by_code: Record<string, number>;
  usd: string;
  simulated: boolean;
  quality: ReportQuality | null;
  tiers: Record<string, { records: number; usd: string; quality: ReportQuality | null }>;
  escalations: Record<string, Record<string, number>>;
  cost_over_run: { records: number; seconds: number; usd: string }[];
  cache: RunSummary['cache'] | null;
  prices: { table_read_on: string; models: Record<string, { read_on: string | null; legacy: boolean; self_hosted: boolean }> };
  seconds: number;
  records_per_second: number;
  peak_rss_bytes: number;
  heap_limit_bytes: number;
  simulator_billed: unknown;
  simulator_billed_batch: unknown;
};

/** Token counts as the simulator keeps them (`cachedInput`), with the report's keys (`cached_input`). */
function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(), snakeCaseKeys(v)]),
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

export function formatSummary(s: RunSummary): string {
  const lines = [
    `records      ${s.records} (${s.extractions} extracted, ${s.deadLetters} dead-lettered)`,
    `by tier      ${list(Object.fromEntries(Object.entries(s.tiers).map(([name, t]) => [name, t.records])))}`,
    `by status    ${list(s.byStatus)}`,
  ];
  if (s.deadLetters > 0) lines.push(`dead letters ${list(s.deadLettersByCode)}`);
  if (s.cache) {
    lines.push(`cache        ${list(s.cache.lookups)}; learnt ${list(s.cache.admissions)}; ${s.cache.templates} templates stored`);
  }
  const escalated = Object.entries(s.escalations).flatMap(([from, to]) => Object.entries(to).map(([t, n]) => `${from}→${t} ${n}`));
  if (escalated.length > 0) lines.push(`escalated    ${escalated.join(', ')}`);
  lines.push(`cost         $${s.usd.toFixed(6)}${s.simulated ? ' (simulated providers, real prices)' : ''}`);
  if (s.quality) {
    const q = s.quality;
    lines.push(
      `accuracy     ${pct(q.recordAccuracy)} of records fully correct (${q.correctRecords}/${q.records}), ${pct(q.fieldAccuracy)} of fields`,
      `CPE          ${q.cpeUsd === null ? 'n/a (no correct record)' : `$${q.cpeUsd.toFixed(8)} per correct extraction`}`,
    );
    const wrong = Object.entries(q.errorsByField).filter(([, n]) => n > 0);
    if (wrong.length > 0) lines.push(`field errors ${wrong.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  lines.push(`time         ${s.seconds.toFixed(2)} s (${(s.records / Math.max(s.seconds, 1e-6)).toFixed(0)} records/s)`);
  lines.push(
    `memory       peak RSS ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB (heap limit ${(s.heapLimitBytes / 2 ** 20).toFixed(0)} MiB)`,
  );
  return lines.join('\n');
}
