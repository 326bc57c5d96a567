/**
 * Why the cache did not answer a record the rules left, as the router reads it: a record whose
 * nearest template was only just refused is easier for a model than one unlike anything stored.
 */

export type CacheMissKind =
  | 'no_candidate' // nothing near enough was stored
  | 'far' // the nearest template was below the similarity bar
  | 'gate' // near, but its counterparty or type words are not in this text, or its slots differ
  | 'unconfirmed' // it would have served had it been confirmed
  | 'doubted' // its error bound, age or source change retired it
  | 'reground' // its slots could not be read in this record
  | 'unavailable'; // the cache was off or failing

export const CACHE_MISS_KINDS: readonly CacheMissKind[] = [
  'no_candidate',
  'far',
  'gate',
  'unconfirmed',
  'doubted',
  'reground',
  'unavailable',
];

/** The nearest template's similarity (0: none) and why it did not serve. */
export type CacheMiss = { similarity: number; kind: CacheMissKind };

/** Keeps, per record, the miss of its most similar candidate. */
export function nearestMiss(known: CacheMiss | undefined, similarity: number, kind: CacheMissKind): CacheMiss {
  return known !== undefined && known.similarity >= similarity ? known : { similarity, kind };
}
