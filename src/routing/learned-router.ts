/**
 * The learned policy: per tier, the calibrated chance that its answer to this record is correct;
 * the record starts at the cheapest tier from which it is expected to be answered right at the
 * accuracy target, so a record the small tier is predicted to get wrong goes straight to a larger
 * one instead of paying for both. Escalation after an answer works as in the cascade, with each
 * tier's bar on its own confidence read off held-out answers rather than set as a constant, and
 * lowered for a record whose features say the tier's doubted answers there are right (train.ts,
 * trainAcceptance).
 *
 * A small share of records, chosen by record_id, goes as the fixed cascade sends it (the cheapest
 * tier first, the configured bars) whatever the prediction: without them a tier predicted to fail
 * on some kind of record would never be tried on it again, nor a doubted answer a lowered bar keeps
 * checked by the next tier, and neither prediction could be corrected.
 */
import { predict } from './logistic.ts';
import { cheapestStart, type TierOdds } from './route-expectation.ts';
import type { Route, Router } from './router.ts';
import type { Acceptance, RouterModel, TierModel } from './router-model.ts';

export type LearnedRouterOptions = {
  /** The configured tiers, cheapest first. */
  tierNames: readonly string[];
  /** The model's own target unless set: the configured router.accuracyTarget wins. */
  accuracyTarget?: number;
  /** Share of records that start at the cheapest tier whatever the prediction. */
  explore: number;
};

export function learnedRouter(model: RouterModel, options: LearnedRouterOptions): Router {
  const target = options.accuracyTarget ?? model.accuracy_target;
  const byTier = new Map<string, TierModel>(model.tiers.map((t) => [t.tier, t]));
  const rates = model.source_error_rates ?? {};
  const defaultRate = model.default_error_rate ?? 0;
  return {
    version: model.version,
    sourceErrorRate: (sourceId) => rates[sourceId] ?? defaultRate,
    escalationThreshold: (tier, features) => {
      const m = byTier.get(tier);
      const perRecord = m?.acceptance && features ? confidenceBar(m.acceptance, features) : null;
      const tierBar = m?.escalation_threshold ?? null;
      if (perRecord === null || tierBar === null) return perRecord ?? tierBar;
      // The acceptance model keeps more answers than the tier's bar, never fewer.
      return Math.min(perRecord, tierBar);
    },
    plan(features, recordId, relax = 0): Route {
      const predicted: Record<string, number> = {};
      for (const [tier, m] of byTier) predicted[tier] = predict(m, features);
      const explored = options.explore > 0 && unitHash(recordId) < options.explore;
      const start = explored ? 0 : routeStart(options.tierNames, byTier, predicted, target - relax);
      return { tiers: options.tierNames.slice(start), predicted, explored };
    },
  };
}

/**
 * Where a record starts: the cheapest start whose whole route (the tiers it may escalate to
 * included) is expected to reach the target (route-expectation.ts). While some tier has no model
 * yet, where the cascade starts: a tier nothing is known of is not assumed to be right.
 */
function routeStart(
  tierNames: readonly string[],
  byTier: ReadonlyMap<string, TierModel>,
  predicted: Readonly<Record<string, number>>,
  target: number,
): number {
  const odds: TierOdds[] = [];
  for (const tier of tierNames) {
    const m = byTier.get(tier);
    if (!m || m.mean_nano_usd === null || m.detection_rate === null || m.false_alarm_rate === null) return 0;
    odds.push({ q: predicted[tier]!, nanoUsd: m.mean_nano_usd, detection: m.detection_rate, falseAlarm: m.false_alarm_rate });
  }
  return cheapestStart(odds, target);
}

/**
 * The confidence at which the acceptance model's chance of a right answer reaches its bar, for
 * this record; null when confidence does not raise that chance (then it is no bar to set). Above 1
 * when no confidence is enough: the answer always goes on.
 */
export function confidenceBar(acceptance: Acceptance, features: ArrayLike<number>): number | null {
  const weight = acceptance.coefficients.at(-1)!;
  if (!(weight > 0)) return null;
  let z = acceptance.intercept;
  for (let i = 0; i < features.length; i++) z += acceptance.coefficients[i]! * features[i]!;
  const bar = (Math.log(acceptance.bar / (1 - acceptance.bar)) - z) / weight;
  return Math.min(Math.max(bar, 0), 1.01);
}

/** A record_id's place in [0, 1), the same on every instance and every replay (FNV-1a). */
export function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
