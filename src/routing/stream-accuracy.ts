/**
 * router.accuracyTarget is the share of emitted records that are right: every record, whichever
 * tier answered it. Feedback judges a random share of the emitted records, so its verdicts measure
 * that share directly, and also how many of the records are the model tiers' (the verdicts on
 * records the route log holds) and how right the free tiers' answers are (the others). A policy
 * that changes what the model tiers answer moves the stream's accuracy by their share of the stream
 * times its change on their records; the rules' and the cache's answers do not move.
 *
 * The record of verdicts travels with the router model, so that a restarted or another instance
 * starts from what every instance has seen.
 */
import { ONE_SIDED_95, wilsonLowerBound } from './threshold.ts';

/** Verdicts counted so far: on records routed to the model tiers, and on the others (rules, cache). */
export type VerdictTally = { routed: number; routed_correct: number; other: number; other_correct: number };

export const NO_VERDICTS: VerdictTally = { routed: 0, routed_correct: 0, other: 0, other_correct: 0 };

export function addTallies(a: VerdictTally, b: VerdictTally): VerdictTally {
  return {
    routed: a.routed + b.routed,
    routed_correct: a.routed_correct + b.routed_correct,
    other: a.other + b.other,
    other_correct: a.other_correct + b.other_correct,
  };
}

export function subtractTallies(a: VerdictTally, b: VerdictTally): VerdictTally {
  return {
    routed: a.routed - b.routed,
    routed_correct: a.routed_correct - b.routed_correct,
    other: a.other - b.other,
    other_correct: a.other_correct - b.other_correct,
  };
}

/** Fewer verdicts than this say too little about the stream to spend any of its accuracy. */
export const MIN_STREAM_VERDICTS = 100;

export type StreamAccuracy = {
  /** The stream's accuracy as the verdicts measure it, at its one-sided 95 % lower bound. */
  accuracy: number;
  /** Its one-sided 95 % upper bound: below the target only when this is. */
  upper: number;
  /** Share of the stream's records the model tiers answer. */
  routedShare: number;
};

/** What the verdicts say about the stream, or null while they are too few to say it. */
export function streamAccuracy(tally: VerdictTally): StreamAccuracy | null {
  const all = tally.routed + tally.other;
  if (all < MIN_STREAM_VERDICTS) return null;
  const right = tally.routed_correct + tally.other_correct;
  return {
    accuracy: wilsonLowerBound(right, all, ONE_SIDED_95),
    upper: 1 - wilsonLowerBound(all - right, all, ONE_SIDED_95),
    routedShare: tally.routed / all,
  };
}

/**
 * The accuracy each routed record may lose, on average, with the stream still at the target: zero
 * when the stream is not surely above it.
 */
export function routedLossBudget(stream: StreamAccuracy | null, target: number): number {
  if (!stream || stream.routedShare === 0 || stream.accuracy <= target) return 0;
  return (stream.accuracy - target) / stream.routedShare;
}
