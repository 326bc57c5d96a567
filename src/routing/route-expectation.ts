/**
 * What a route is expected to cost and to get right when it starts at a given tier: the tier
 * answers (right with chance q), its answer is sent on to the next tier when judged doubtful
 * (a wrong one at the tier's detection rate, a right one at its false-alarm rate), and so on to
 * the last tier, whose answer stands. The router chooses a start by it, and a candidate model is
 * compared with the current one by it, so both read the same arithmetic.
 */

export type TierOdds = {
  /** Chance this tier's answer is right. */
  q: number;
  /** Nano-USD per record this tier costs. */
  nanoUsd: number;
  /** Share of its wrong answers sent on to the next tier. */
  detection: number;
  /** Share of its right answers sent on anyway. */
  falseAlarm: number;
};

export type Expectation = { nanoUsd: number; correct: number };

/** The expected cost and chance of a correct answer of the route from `start` to the last tier. */
export function expectFrom(start: number, tiers: readonly TierOdds[]): Expectation {
  let nanoUsd = 0;
  let correct = 0;
  for (let i = tiers.length - 1; i >= start; i--) {
    const { q, nanoUsd: cost, detection, falseAlarm } = tiers[i]!;
    const last = i === tiers.length - 1;
    const onward = last ? 0 : q * falseAlarm + (1 - q) * detection;
    nanoUsd = cost + onward * nanoUsd;
    correct = (last ? q : q * (1 - falseAlarm)) + onward * correct;
  }
  return { nanoUsd, correct };
}

/**
 * The cheapest start whose route is expected to be right at least `target` of the time; when no
 * route reaches it, the one with the lowest expected cost per correct answer: paying the large
 * tier for a record it is barely more likely to get right is what the service exists to avoid.
 */
export function cheapestStart(tiers: readonly TierOdds[], target: number): number {
  let cheapest = -1;
  let cheapestCost = Number.POSITIVE_INFINITY;
  let thriftiest = 0;
  let lowestCpe = Number.POSITIVE_INFINITY;
  for (let start = 0; start < tiers.length; start++) {
    const e = expectFrom(start, tiers);
    if (e.correct >= target && e.nanoUsd < cheapestCost) {
      cheapest = start;
      cheapestCost = e.nanoUsd;
    }
    const cpe = e.correct > 0 ? e.nanoUsd / e.correct : Number.POSITIVE_INFINITY;
    if (cpe < lowestCpe) {
      lowestCpe = cpe;
      thriftiest = start;
    }
  }
  return cheapest >= 0 ? cheapest : thriftiest;
}
