/**
 * docs/frontier.json, as `npm run bench -- frontier` writes it, read back as the frontier's
 * points: for its own picture and for the HTML report of any run.
 */
import { readFileSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import type { FrontierPoint } from './frontier-svg.ts';

/** A policy as the benchmark reports it (the fields the picture needs). */
export type FrontierPolicy = { name: string; role?: string; usd: number; cpe_usd: number | null; record_accuracy: number };

export type Frontier = { records: number; points: FrontierPoint[] };

export function frontierPoints(policies: readonly FrontierPolicy[]): FrontierPoint[] {
  return policies.map((p) => ({
    name: p.name,
    usd: p.usd,
    accuracy: p.record_accuracy,
    cpeUsd: p.cpe_usd,
    muted: p.role === 'reference',
  }));
}

export function readFrontier(path: string): Frontier {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ParsimonyError('INPUT_INVALID', `cannot read the frontier ${path}: ${(error as Error).message}`);
  }
  return frontierFrom(parsed, path);
}

export function frontierFrom(parsed: unknown, where: string): Frontier {
  const invalid = (what: string) =>
    new ParsimonyError('INPUT_INVALID', `${where} is not a frontier report (npm run bench -- frontier writes one): ${what}`);
  const report = parsed as { parameters?: { records?: unknown }; policies?: unknown };
  if (typeof report !== 'object' || report === null) throw invalid('not a JSON object');
  const records = report.parameters?.records;
  if (!(typeof records === 'number' && records > 0)) throw invalid('parameters.records is not a positive number');
  if (!Array.isArray(report.policies) || report.policies.length === 0) throw invalid('no policies');
  const policies = report.policies.map((p: Partial<FrontierPolicy>, i) => {
    const ok =
      typeof p?.name === 'string' &&
      typeof p.usd === 'number' &&
      p.usd > 0 &&
      typeof p.record_accuracy === 'number' &&
      p.record_accuracy >= 0 &&
      p.record_accuracy <= 1 &&
      (p.cpe_usd === null || typeof p.cpe_usd === 'number');
    if (!ok) throw invalid(`policies[${i}] needs a name, usd > 0, record_accuracy in [0, 1] and cpe_usd`);
    return p as FrontierPolicy;
  });
  return { records, points: frontierPoints(policies) };
}
