/**
 * A route entry: what the router needs to learn from a verdict that arrives later. For every
 * record routed to the model tiers, its features as they were when it was routed, each tier's
 * answer and cost, and the answer emitted; feedback names only a record_id, and the route log
 * (route-log.ts) finds the entry it labels.
 */
import type { ExtractedFields, Extraction } from '../contract/records.ts';

/**
 * One tier's answer to a record, as judged (merged with the rules' confident readings, grounded):
 * its confidence after judging, and whether it passed every check (an answer that did not is sent
 * on whatever its confidence).
 */
export type TierAttempt = {
  tier: string;
  model: string | null;
  confidence: number;
  clean: boolean;
  fields: ExtractedFields;
  nanoUsd: number;
};

export type RouteVerdict = { correct: boolean; corrected_fields: ExtractedFields | null; at: number };

export type RouteEntry = {
  record_id: string;
  source_id: string;
  at: number;
  router_version: string | null;
  /** features.ts's vector when the record was routed. */
  features: number[];
  explored: boolean;
  attempts: TierAttempt[];
  final: { tier: string; status: Extraction['status']; fields: ExtractedFields };
  /** Feedback on the emitted answer, once it came. */
  verdict: RouteVerdict | null;
};

/** Whether an entry can teach something: a verdict came, or two tiers answered it. */
export function teaches(entry: RouteEntry): boolean {
  return entry.verdict !== null || entry.attempts.length >= 2;
}
