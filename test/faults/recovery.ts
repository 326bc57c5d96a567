/**
 * Recovery times read from the group's samples (watch.ts), pure so they can be checked on
 * made-up timelines. Times are seconds since the suite started.
 */

export type Sample = {
  t: number;
  /** End offset of each input partition. */
  end: Record<number, number>;
  /** The group's committed offset of each input partition (0 before its first commit). */
  committed: Record<number, number>;
  /** The group's state as the coordinator reports it: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead. */
  state: string;
  members: number;
};

/** Records produced and not yet committed. */
export function lagOf(sample: Sample): number {
  return Object.entries(sample.end).reduce((sum, [p, end]) => sum + Math.max(0, end - (sample.committed[Number(p)] ?? 0)), 0);
}

/**
 * Seconds from `from` until commits resumed: every partition that held uncommitted records in the
 * first sample at or after `from` has committed past where it stood then. Measured from the first
 * sample after the fault, not the last before it: a broker that is down answers no sample, and
 * when it is back every partition has records waiting that only a working group commits.
 * Undefined when that never happened, or no sample follows `from`; 0 when nothing was waiting.
 */
export function commitsResumedAfter(samples: readonly Sample[], from: number): number | undefined {
  const base = samples.find((sample) => sample.t >= from);
  if (!base) return undefined;
  const waiting = Object.keys(base.end)
    .map(Number)
    .filter((p) => (base.end[p] ?? 0) > (base.committed[p] ?? 0));
  if (waiting.length === 0) return 0;
  for (const sample of samples) {
    if (sample.t <= base.t) continue;
    if (waiting.every((p) => (sample.committed[p] ?? 0) > (base.committed[p] ?? 0))) return sample.t - from;
  }
  return undefined;
}

/** Seconds from `from` until the group was Stable with `members` members; undefined if never. */
export function settledAfter(samples: readonly Sample[], from: number, members: number): number | undefined {
  const settled = samples.find((s) => s.t >= from && s.state === 'Stable' && s.members === members);
  return settled ? settled.t - from : undefined;
}

/**
 * Seconds from `from` until the group had `members` members, Stable, and commits resumed on every
 * partition that was waiting at the moment it settled.
 */
export function rebalancedAfter(samples: readonly Sample[], from: number, members: number): number | undefined {
  const settled = settledAfter(samples, from, members);
  if (settled === undefined) return undefined;
  const resumed = commitsResumedAfter(samples, from + settled);
  return resumed === undefined ? undefined : settled + resumed;
}
