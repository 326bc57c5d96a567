/**
 * What a run did, for the end-of-run summary and --report: records by tier and status, dead
 * letters by code, money, time, and — when the truth is known — accuracy and cost per valid
 * extraction.
 */
import type { DeadLetter, ExtractedFields, Extraction } from '../contract/records.ts';
import { type QualityReport, QualityTally } from '../dev/quality/score.ts';

export type RunSummary = {
  records: number;
  extractions: number;
  deadLetters: number;
  byTier: Record<string, number>;
  byStatus: Record<string, number>;
  deadLettersByCode: Record<string, number>;
  usd: number;
  seconds: number;
  /** The process's peak resident memory so far, in bytes. */
  peakRssBytes: number;
  simulated: boolean;
  quality: QualityReport | null;
  /** Template cache counters, when the run used the cache. */
  cache?: { lookups: Record<string, number>; admissions: Record<string, number>; templates: number };
};

/**
 * The summary's counters, kept as the windows are written: a run of any length holds a few
 * counters, never its extractions. With the truth, every extraction is scored as it passes.
 */
export class RunTally {
  readonly #truth: ReadonlyMap<string, ExtractedFields> | undefined;
  readonly #byTier: Record<string, number> = {};
  readonly #byStatus: Record<string, number> = {};
  readonly #deadLettersByCode: Record<string, number> = {};
  readonly #quality = new QualityTally();
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

  add(outputs: { extractions: readonly Extraction[]; deadLetters: readonly DeadLetter[] }): void {
    for (const e of outputs.extractions) {
      this.#extractions += 1;
      this.#byTier[e.provenance.tier] = (this.#byTier[e.provenance.tier] ?? 0) + 1;
      this.#byStatus[e.status] = (this.#byStatus[e.status] ?? 0) + 1;
      this.#nanoUsd += Math.round(Number(e.cost.usd) * 1e9);
      this.#simulated ||= e.provenance.simulated;
      const want = this.#truth?.get(e.record_id);
      if (want) this.#quality.add(e.fields, want);
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
      byTier: { ...this.#byTier },
      byStatus: { ...this.#byStatus },
      deadLettersByCode: { ...this.#deadLettersByCode },
      usd,
      seconds,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      simulated: this.#simulated,
      quality: this.#quality.records > 0 ? this.#quality.report(usd) : null,
    };
  }
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
    `by tier      ${list(s.byTier)}`,
    `by status    ${list(s.byStatus)}`,
  ];
  if (s.deadLetters > 0) lines.push(`dead letters ${list(s.deadLettersByCode)}`);
  if (s.cache) {
    lines.push(`cache        ${list(s.cache.lookups)}; learnt ${list(s.cache.admissions)}; ${s.cache.templates} templates stored`);
  }
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
  lines.push(`memory       peak RSS ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
  return lines.join('\n');
}
