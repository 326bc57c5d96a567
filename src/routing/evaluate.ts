/**
 * Expected cost per correct extraction of a routing policy on held-out route log entries: how a
 * candidate model is compared with the current one before it is published.
 *
 * Each entry's route is expected from the tier the policy starts it at (route-expectation.ts): a
 * tier whose answer to it is labelled counts as right or wrong as labelled, one that did not
 * answer it as right at the tier's measured accuracy, and costs what it cost (or its mean); the
 * record goes on as often as the tier's answers were sent on in the log. Both policies are
 * measured by the same arithmetic on the same entries, so the comparison is fair even where the
 * arithmetic simplifies.
 */
import { tierLabels } from './examples.ts';
import { expectFrom } from './route-expectation.ts';
import type { RouteEntry } from './route-log.ts';

export type TierStats = {
  /** Share of this tier's labelled answers that were right. */
  accuracy: number;
  /** Mean nano-USD per record for this tier's answers. */
  meanNanoUsd: number;
  /** Share of its wrong answers sent on to the next tier. */
  detection: number;
  /** Share of its right answers sent on to the next tier anyway. */
  falseAlarm: number;
};

export type PolicyFigures = { records: number; expectedUsd: number; expectedCorrect: number; accuracy: number; cpeUsd: number | null };

/** Per tier, what the log says about its answers (tiers without labelled answers get neutral figures). */
export function tierStats(entries: readonly RouteEntry[], tierNames: readonly string[]): Map<string, TierStats> {
  const stats = new Map<string, TierStats>();
  for (const [i, tier] of tierNames.entries()) {
    let right = 0;
    let wrong = 0;
    let detected = 0;
    let alarmed = 0;
    let nano = 0;
    let paid = 0;
    for (const entry of entries) {
      const at = entry.attempts.findIndex((a) => a.tier === tier);
      if (at === -1) continue;
      nano += entry.attempts[at]!.nanoUsd;
      paid += 1;
      const label = tierLabels(entry).get(tier);
      // Feedback judges a random share of records; agreement labels exist only where a tier was doubted.
      if (label?.origin !== 'feedback') continue;
      const sentOn = at < entry.attempts.length - 1;
      if (label.correct) {
        right += 1;
        if (sentOn) alarmed += 1;
      } else {
        wrong += 1;
        if (sentOn) detected += 1;
      }
    }
    const last = i === tierNames.length - 1;
    stats.set(tier, {
      accuracy: (right + 1) / (right + wrong + 2),
      meanNanoUsd: paid === 0 ? 0 : nano / paid,
      detection: last ? 0 : (detected + 1) / (wrong + 2),
      falseAlarm: last ? 0 : (alarmed + 1) / (right + 2),
    });
  }
  return stats;
}

/** The expected figures of a policy that starts each entry at tier `startOf(entry)` (an index into tierNames). */
export function evaluatePolicy(
  entries: readonly RouteEntry[],
  startOf: (entry: RouteEntry) => number,
  tierNames: readonly string[],
  stats: ReadonlyMap<string, TierStats>,
): PolicyFigures {
  let nano = 0;
  let correct = 0;
  for (const entry of entries) {
    const labels = tierLabels(entry);
    const odds = tierNames.map((tier) => {
      const s = stats.get(tier)!;
      const label = labels.get(tier);
      return {
        q: label ? (label.correct ? 1 : 0) : s.accuracy,
        nanoUsd: entry.attempts.find((a) => a.tier === tier)?.nanoUsd ?? s.meanNanoUsd,
        detection: s.detection,
        falseAlarm: s.falseAlarm,
      };
    });
    const { nanoUsd: cost, correct: right } = expectFrom(startOf(entry), odds);
    nano += cost;
    correct += right;
  }
  const usd = nano / 1e9;
  return {
    records: entries.length,
    expectedUsd: usd,
    expectedCorrect: correct,
    accuracy: entries.length === 0 ? 0 : correct / entries.length,
    cpeUsd: correct > 0 ? usd / correct : null,
  };
}
