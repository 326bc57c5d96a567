/**
 * The counterparties each rail draws from, in popularity order, with a Zipf sampler over them
 * and the near-duplicate twins among them.
 */
import { MERCHANTS } from './merchants.ts';
import type { Party } from './party.ts';
import { BUSINESSES, EMPLOYERS, PEOPLE } from './people.ts';
import type { PoolSpec, Rail } from './rails/rail.ts';
import { type Random, type Sampler, zipf } from './random.ts';

export const ALL_PARTIES: readonly Party[] = [...MERCHANTS, ...PEOPLE, ...EMPLOYERS, ...BUSINESSES];

/** Zipf exponent: the top ten of 150 merchants take about 60% of the lines, as in real feeds. */
export const ZIPF_EXPONENT = 1.1;

export type Pool = {
  parties: readonly Party[];
  sampler: Sampler;
  /** Members whose twin label occurs at least twice in this pool. */
  twins: readonly Party[];
};

/** A party's rank among those of its kind and country: the catalogue lists them most popular first. */
const RANKS: ReadonlyMap<Party, number> = (() => {
  const seen = new Map<string, number>();
  const ranks = new Map<Party, number>();
  for (const party of ALL_PARTIES) {
    const key = `${party.kind}/${party.country}`;
    const rank = seen.get(key) ?? 0;
    ranks.set(party, rank);
    seen.set(key, rank + 1);
  }
  return ranks;
})();

function popularity(party: Party): number {
  const rank = RANKS.get(party)!;
  return party.country === 'GLOBAL' ? 2 * rank + 1.5 : rank;
}

export function buildPool(spec: PoolSpec): Pool {
  const parties = ALL_PARTIES.filter((p) => spec.kinds.includes(p.kind) && spec.countries.includes(p.country))
    .map((party, index) => ({ party, index }))
    // Interleave countries and kinds by rank, so a pool's head mixes the most popular of each;
    // global brands rank behind the local leaders, as they do in any one country's spending.
    .sort((a, b) => popularity(a.party) - popularity(b.party) || a.index - b.index)
    .map(({ party }) => party);
  if (parties.length === 0) throw new Error(`empty pool for ${JSON.stringify(spec)}`);
  const counts = new Map<string, number>();
  for (const p of parties) if (p.twin) counts.set(p.twin, (counts.get(p.twin) ?? 0) + 1);
  const twins = parties.filter((p) => p.twin !== undefined && counts.get(p.twin)! >= 2);
  return { parties, sampler: zipf(parties.length, ZIPF_EXPONENT), twins };
}

const pools = new Map<string, Pool>();

export function poolOf(rail: Rail): Pool | null {
  if (!rail.pool) return null;
  let pool = pools.get(rail.id);
  if (!pool) pools.set(rail.id, (pool = buildPool(rail.pool)));
  return pool;
}

/**
 * Draws a counterparty by popularity; with probability `nearDuplicateShare` (from the trap stream,
 * so the record stream is untouched) swaps in one of the pool's near-duplicate twins instead.
 */
export function drawParty(
  rail: Rail,
  streams: { rng: Random; traps: Random; nearDuplicateShare: number },
): { party: Party | null; nearDuplicate: boolean } {
  const { rng, traps, nearDuplicateShare } = streams;
  const pool = poolOf(rail);
  if (!pool) return { party: null, nearDuplicate: false };
  const party = pool.parties[pool.sampler.sample(rng)]!;
  if (pool.twins.length > 0 && traps.chance(nearDuplicateShare)) return { party: traps.pick(pool.twins), nearDuplicate: true };
  return { party, nearDuplicate: false };
}
