/**
 * What a run did, for the end-of-run summary and --report: records by tier and status, dead
 * letters by code, money, time, and — when the truth is known — accuracy and cost per valid
 * extraction.
 */
import type { DeadLetter, ExtractedFields, Extraction } from '../contract/records.ts';
import { type QualityReport, scoreExtractions } from '../dev/quality/score.ts';

export type RunSummary = {
  records: number;
  extractions: number;
  deadLetters: number;
  byTier: Record<string, number>;
  byStatus: Record<string, number>;
  deadLettersByCode: Record<string, number>;
  usd: number;
  seconds: number;
  simulated: boolean;
  quality: QualityReport | null;
  /** Template cache counters, when the run used the cache. */
  cache?: { lookups: Record<string, number>; admissions: Record<string, number>; templates: number };
};

export function summarise(options: {
  extractions: readonly Extraction[];
  deadLetters: readonly DeadLetter[];
  seconds: number;
  truth?: ReadonlyMap<string, ExtractedFields>;
}): RunSummary {
  const count = (keys: string[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  };
  const usd = options.extractions.reduce((sum, e) => sum + Number(e.cost.usd), 0);
  const truth = options.truth;
  const pairs = truth
    ? options.extractions.flatMap((e) => (truth.has(e.record_id) ? [{ got: e.fields, want: truth.get(e.record_id)! }] : []))
    : [];
  return {
    records: options.extractions.length + options.deadLetters.length,
    extractions: options.extractions.length,
    deadLetters: options.deadLetters.length,
    byTier: count(options.extractions.map((e) => e.provenance.tier)),
    byStatus: count(options.extractions.map((e) => e.status)),
    deadLettersByCode: count(options.deadLetters.map((d) => d.error_code)),
    usd,
    seconds: options.seconds,
    simulated: options.extractions.some((e) => e.provenance.simulated),
    quality: pairs.length > 0 ? scoreExtractions(pairs, usd) : null,
  };
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
  return lines.join('\n');
}
