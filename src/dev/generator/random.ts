/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the sampling and calendar helpers
 * the generator needs. Everything here is deterministic: the same seed gives the same stream on
 * every platform, so generated data sets can be named by their seed.
 */

/** 32-bit FNV-1a, finished with a murmur3 mix so that nearby strings seed unrelated streams. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    let s = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** An independent stream named by its parts, e.g. `Random.derive(seed, 'record', 17)`. */
  static derive(...parts: readonly (string | number)[]): Random {
    return new Random(parts.join('\u0000'));
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [item, weight] of entries) {
      roll -= weight;
      if (roll < 0) return item;
    }
    if (entries.length === 0) throw new RangeError('weighted pick from an empty list');
    return entries.at(-1)![0];
  }

  /** Log-uniform in [low, high]: spend is spread over orders of magnitude, not evenly. */
  logUniform(low: number, high: number): number {
    return Math.exp(Math.log(low) + this.next() * (Math.log(high) - Math.log(low)));
  }
}

export type Sampler = { readonly size: number; sample(rng: Random): number };

const zipfCache = new Map<string, Sampler>();

/**
 * Zipf over ranks 0..n-1: rank k is drawn with weight 1/(k+1)^s. Real feeds look like this — a
 * few merchants make most of the lines — which is what makes a template cache pay.
 */
export function zipf(n: number, s = 1.1): Sampler {
  const key = `${n}:${s}`;
  const cached = zipfCache.get(key);
  if (cached) return cached;
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) cumulative.push((total += 1 / k ** s));
  const sampler: Sampler = {
    size: n,
    sample(rng) {
      const roll = rng.next() * total;
      let low = 0;
      let high = n - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (cumulative[middle]! > roll) high = middle;
        else low = middle + 1;
      }
      return low;
    },
  };
  zipfCache.set(key, sampler);
  return sampler;
}

const DAY_MS = 86_400_000;

/** Epoch milliseconds of an ISO date's midnight UTC. */
export function epochOf(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`not an ISO date: ${isoDate}`);
  return ms;
}

/** The UTC calendar date of an epoch-milliseconds instant. */
export function isoDateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return isoDateOf(epochOf(isoDate) + days * DAY_MS);
}

/** A date at most `maxDaysBack` days before `isoDate`, most often the same day or the one before. */
export function dateBefore(rng: Random, isoDate: string, maxDaysBack: number): string {
  return addDays(isoDate, -Math.min(maxDaysBack, Math.floor(rng.logUniform(1, maxDaysBack + 2)) - 1));
}
