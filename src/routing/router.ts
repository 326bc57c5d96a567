/**
 * The router port: for a record the rules and the cache left unanswered, which model tiers to
 * try, in order, and how confident a tier's answer must be to be kept. Every output records the
 * router's version in its provenance.
 *
 * Two policies implement it: the fixed cascade here (every tier, cheapest first, the next one
 * only when the answer before it was doubtful), and the learned router (learned-router.ts), which
 * starts at the cheapest tier predicted to meet the accuracy target. RouterSlot (router-slot.ts)
 * holds whichever is current and swaps in a newer model while the service runs.
 *
 * Deliberately left out: calling the tiers and judging their answers (pipeline/cascade.ts), where
 * a model comes from (dispatch/), and learning (router-learner.ts).
 */

export type Route = {
  /** Names of the tiers to try, in order; a tier left out is skipped for this record. */
  tiers: readonly string[];
  /** The calibrated chance of a correct answer per tier, when a trained model predicted it. */
  predicted: Readonly<Record<string, number>> | null;
  /**
   * Routed as the fixed cascade would (the cheapest tier first, the configured bars) whatever the
   * predictions, so every tier's model and every learnt bar keep being tested.
   */
  explored: boolean;
};

export type Router = {
  /** Recorded as provenance.router_version; null for a policy that was not trained. */
  readonly version: string | null;
  /** The source's recent share of wrong answers, a feature of its records. */
  sourceErrorRate(sourceId: string): number;
  /**
   * The route of a record, from its features (features.ts) and its id (which decides exploration);
   * `relax`: points the accuracy target gives way for now (budget-relaxation.ts).
   */
  plan(features: Float64Array, recordId: string, relax?: number): Route;
  /**
   * How confident a tier's own answer to this record must be to be kept (null: the tier's
   * configured minConfidence): where the record's features say the tier is usually right, a
   * lower confidence is enough.
   */
  escalationThreshold(tier: string, features: Float64Array | null): number | null;
};

/** Every tier, in the configured order: the cascade, and the learned router's cold start. */
export function fixedCascade(tierNames: readonly string[]): Router {
  const route: Route = { tiers: tierNames, predicted: null, explored: false };
  return { version: null, sourceErrorRate: () => 0, plan: () => route, escalationThreshold: () => null };
}
