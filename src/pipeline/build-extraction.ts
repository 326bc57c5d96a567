/**
 * Assembles the output record from a record's outcome, its route and the calls it was carried
 * in, exactly as schemas/Extraction.avsc describes it.
 */
import type { ExtractedFields, Extraction, ExtractionStatus, TransactionNarrative } from '../contract/records.ts';
import type { TierAnswer } from '../dispatch/dispatch-tier.ts';
import { formatUsd } from '../pricing/price-table.ts';
import { type CallShare, sumShares } from '../pricing/record-cost.ts';

export type Outcome = {
  status: ExtractionStatus;
  /** rules, cache, or a model tier's name. */
  tier: string;
  fields: ExtractedFields;
  confidence: number;
  /** The model answer behind the outcome, when a model gave it. */
  answer: TierAnswer | undefined;
  failureReason: string | null;
  cacheEntryId?: string;
};

export function buildExtraction(options: {
  record: TransactionNarrative;
  outcome: Outcome;
  shares: readonly CallShare[];
  tried: readonly string[];
  routerVersion: string | null;
  /** When the service took the record in. */
  intakeAt: number;
  extractedAt: number;
}): Extraction {
  const { record, outcome, shares, tried } = options;
  const totals = sumShares(shares);
  const answeredAt = tried.indexOf(outcome.tier);
  const escalatedFrom = answeredAt > 0 ? tried[answeredAt - 1]! : answeredAt === -1 && tried.length > 0 ? tried.at(-1)! : null;
  return {
    record_id: record.record_id,
    source_id: record.source_id,
    fields: outcome.fields,
    confidence: Math.round(outcome.confidence * 1000) / 1000,
    status: outcome.status,
    failure_reason: outcome.failureReason,
    provenance: {
      tier: outcome.tier,
      provider: outcome.answer?.provider ?? null,
      model: outcome.answer?.model ?? null,
      cache_entry_id: outcome.cacheEntryId ?? null,
      batch_api: shares.some((s) => s.batch && s.tier === outcome.tier),
      router_version: options.routerVersion,
      attempts: Math.max(1, answeredAt === -1 ? tried.length : answeredAt + 1),
      escalated_from: escalatedFrom,
      simulated: outcome.answer?.simulated ?? false,
    },
    cost: {
      usd: formatUsd(totals.nanoUsd),
      input_tokens: totals.inputTokens,
      cached_input_tokens: totals.cachedInputTokens,
      output_tokens: totals.outputTokens,
      calls: shares.map((s) => ({
        tier: s.tier,
        provider: s.provider,
        model: s.model,
        records_in_call: s.recordsInCall,
        usd: formatUsd(s.nanoUsd),
        batch_api: s.batch,
        request_id: s.requestId,
      })),
    },
    latency_ms: Math.max(0, options.extractedAt - options.intakeAt),
    extracted_at: options.extractedAt,
  };
}
