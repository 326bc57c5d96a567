/**
 * Expected cost per correct extraction of a routing policy on held-out route log entries: how a
 * candidate model is compared with the current one before it is published.
 *
 * Each entry is replayed from the tier the policy starts it at, with the answers the log holds
 * judged by the policy's own bars (evaluatePolicy). Both policies are replayed on the same
 * entries by the same rules, so the comparison is fair even where the replay must estimate.
 *
 * The log teaches from every record two tiers answered but from the others only when a verdict
 * came (one in twenty, say), so its entries are not the routed records as they come: each entry
 * is weighted by how many routed records it stands for (routedWeights), and the figures are the
 * routed records'.
 */
import type { TrainingEntry } from './examples.ts';

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
export function tierStats(entries: readonly TrainingEntry[], tierNames: readonly string[]): Map<string, TierStats> {
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
      const { nanoUsd, label } = entry.attempts[at]!;
      nano += nanoUsd;
      paid += 1;
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

/** A routing policy as the evaluation replays it: where it starts a record, and which answers it keeps. */
export type ReplayedPolicy = {
  /** Index into tierNames of the tier the record starts at. */
  start(entry: TrainingEntry): number;
  /** The bar the tier's own confidence must reach for its clean answer to be kept. */
  bar(tier: string, features: Float64Array): number;
};

/**
 * The expected figures of a policy on logged entries. Where the log holds the answer a tier gave,
 * the policy's own bar decides whether that answer is kept or sent on, and its label (or the
 * tier's accuracy) whether it was right; where the log holds none (the policy starts or goes
 * where the logged route did not), the tier counts at its measured accuracy, cost and
 * escalation rates.
 */
export function evaluatePolicy(
  entries: readonly TrainingEntry[],
  policy: ReplayedPolicy,
  tierNames: readonly string[],
  stats: ReadonlyMap<string, TierStats>,
  weightOf: (entry: TrainingEntry) => number = () => 1,
): PolicyFigures {
  let nano = 0;
  let correct = 0;
  let records = 0;
  for (const entry of entries) {
    const weight = weightOf(entry);
    records += weight;
    // The routed records still on their way at tier i: all of them while the log says what happened.
    let reach = weight;
    for (let i = policy.start(entry); i < tierNames.length && reach > 0; i++) {
      const tier = tierNames[i]!;
      const s = stats.get(tier)!;
      const attempt = entry.attempts.find((a) => a.tier === tier);
      const q = attempt?.label ? (attempt.label.correct ? 1 : 0) : s.accuracy;
      const last = i === tierNames.length - 1;
      if (attempt) {
        nano += reach * attempt.nanoUsd;
        if (last || (attempt.clean && attempt.confidence >= policy.bar(tier, entry.features))) {
          correct += reach * q;
          reach = 0;
        }
        continue;
      }
      nano += reach * s.meanNanoUsd;
      const onward = last ? 0 : q * s.falseAlarm + (1 - q) * s.detection;
      correct += reach * (last ? q : q * (1 - s.falseAlarm));
      reach *= onward;
    }
  }
  const usd = nano / 1e9;
  return {
    records,
    expectedUsd: usd,
    expectedCorrect: correct,
    accuracy: records === 0 ? 0 : correct / records,
    cpeUsd: correct > 0 ? usd / correct : null,
  };
}

/** Whether the log holds the entry whatever feedback says: two tiers answered it. */
const alwaysLogged = (entry: TrainingEntry) => entry.attempts.length >= 2;

/**
 * How many routed records each of `entries` stands for. Every record two tiers answered is in the
 * log (weight 1); the others are there only with a verdict, a random share of them, so each stands
 * for as many as the verdicts say there are per logged one: among the entries with a verdict,
 * the share that two tiers answered (`reference`, all the log's entries) tells the two kinds'
 * proportions. Without verdicts on both kinds every entry weighs 1.
 */
export function routedWeights(entries: readonly TrainingEntry[], reference: readonly TrainingEntry[]): (entry: TrainingEntry) => number {
  let judged = 0;
  let judgedTwice = 0;
  for (const entry of reference) {
    if (entry.verdict === null) continue;
    judged += 1;
    if (alwaysLogged(entry)) judgedTwice += 1;
  }
  const twice = entries.filter(alwaysLogged).length;
  const once = entries.length - twice;
  if (judgedTwice === 0 || judgedTwice === judged || once === 0 || twice === 0) return () => 1;
  const share = judgedTwice / judged;
  const weightOnce = (twice * (1 - share)) / (share * once);
  return (entry) => (alwaysLogged(entry) ? 1 : weightOnce);
}
