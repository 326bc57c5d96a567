/**
 * The router port: for a record the rules and the cache left unanswered, which model tiers to
 * try, in order. Every output records the router's version in its provenance.
 *
 * One policy lives here today, the fixed cascade: every configured tier, cheapest first, the next
 * one only when the answer before it was doubtful. A learned router — the chance of a correct
 * answer per tier from features of the record, calibrated on feedback, cheapest tier that meets
 * the accuracy target — is another implementation of this port, beside this file.
 *
 * Deliberately left out: calling the tiers and judging their answers (pipeline/cascade.ts), and
 * where a model comes from (dispatch/).
 */
import type { PreparedRecord } from '../prepare/prepared-record.ts';
import type { RulesResult } from '../rules/rules-result.ts';

/** What the router may look at: the prepared record and what the rules read in it. */
export type RouteInput = { prepared: PreparedRecord; rules: RulesResult };

export type Router = {
  /** Recorded as provenance.router_version; null for a policy that was not trained. */
  readonly version: string | null;
  /** Names of the tiers to try, in order; a tier left out is skipped for this record. */
  plan(input: RouteInput): readonly string[];
};

/** Every tier, in the configured order: today's cascade. */
export function fixedCascade(tierNames: readonly string[]): Router {
  return { version: null, plan: () => tierNames };
}
