/**
 * How long a record may wait for its extraction, by document type and source, as configuration
 * (`batchApi.latencyBudgets`, PARSIMONY_LATENCY_BUDGETS): a JSON array of rules, the first that
 * matches a record wins, e.g.
 *
 *   [{"documentType": "card_feed", "maxLatency": "0"},
 *    {"documentType": "daily_statement", "maxLatency": "24h"},
 *    {"source": "bank-legacy-*", "maxLatency": "48h"}]
 *
 * A record no rule matches must be answered in real time. One whose budget reaches
 * `batchApi.minLatency` (the providers' Batch API completion window) may wait for a batch at half
 * the price: under `run` it is set aside on the deferred topic and answered there in batches.
 */
import { ValueError } from './parsers.ts';

export type LatencyRule = {
  /** The record's document_type, exactly. */
  documentType?: string;
  /** The record's source_id, exactly, or a prefix ending in `*`. */
  source?: string;
  /** Milliseconds. */
  maxLatencyMs: number;
};

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "24h", "90m", "30s", "2d", "1500ms", or "0". */
export function parseDuration(text: unknown, where: string): number {
  if (typeof text === 'number' && Number.isFinite(text) && text >= 0) return text;
  const match = typeof text === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim()) : null;
  if (!match || (match[2] === undefined && Number(match[1]) !== 0))
    throw new ValueError(`${where}: expected a duration such as "24h", "90m", "30s" or "0", got ${JSON.stringify(text)}`);
  return Number(match[1]) * UNITS[match[2] ?? 'ms']!;
}

export const latencyRules = (raw: unknown): LatencyRule[] => {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValueError(`expected a JSON array of latency rules, got ${JSON.stringify(raw)}`);
    }
  }
  if (!Array.isArray(value)) throw new ValueError('expected a JSON array of latency rules');
  return value.map((rule: Record<string, unknown>, i) => {
    const where = `rule ${i}`;
    if (typeof rule !== 'object' || rule === null) throw new ValueError(`${where}: expected an object`);
    const unknown = Object.keys(rule).filter((k) => !['documentType', 'source', 'maxLatency'].includes(k));
    if (unknown.length > 0) throw new ValueError(`${where}: unknown key(s) ${unknown.join(', ')} (documentType, source, maxLatency)`);
    for (const key of ['documentType', 'source'] as const)
      if (rule[key] !== undefined && (typeof rule[key] !== 'string' || rule[key] === ''))
        throw new ValueError(`${where}: ${key} must be a non-empty string`);
    return {
      ...(rule.documentType !== undefined ? { documentType: rule.documentType as string } : {}),
      ...(rule.source !== undefined ? { source: rule.source as string } : {}),
      maxLatencyMs: parseDuration(rule.maxLatency, `${where} maxLatency`),
    };
  });
};

/** The record's budget in milliseconds: the first matching rule's, 0 (real time) when none matches. */
export function latencyBudgetOf(rules: readonly LatencyRule[], record: { document_type: string; source_id: string }): number {
  for (const rule of rules) {
    if (rule.documentType !== undefined && rule.documentType !== record.document_type) continue;
    if (rule.source !== undefined && !sourceMatches(rule.source, record.source_id)) continue;
    return rule.maxLatencyMs;
  }
  return 0;
}

function sourceMatches(pattern: string, source: string): boolean {
  return pattern.endsWith('*') ? source.startsWith(pattern.slice(0, -1)) : source === pattern;
}

/** Whether any record may wait long enough for the Batch APIs under these rules. */
export function someMayWait(options: { latencyBudgets: readonly LatencyRule[]; minLatency: number }): boolean {
  return options.latencyBudgets.some((rule) => rule.maxLatencyMs >= options.minLatency);
}
