/**
 * Deterministic randomness: every draw is a hash of a seed and the parts that name the decision
 * ("gpt-4o-mini", narrative text, "wrong"), so the same model always treats the same narrative
 * the same way, across calls, packs and runs, and no draw depends on the order of requests.
 */
import { createHash } from 'node:crypto';

const TWO_POW_48 = 2 ** 48;

/** A uniform number in [0, 1) named by `parts`. */
export function unit(seed: number, ...parts: readonly (string | number)[]): number {
  const hash = createHash('sha256').update(String(seed));
  for (const part of parts) hash.update('\u0000').update(String(part));
  return hash.digest().readUIntBE(0, 6) / TWO_POW_48;
}

/** A standard normal number named by `parts` (Box–Muller on two named uniforms). */
export function gaussian(seed: number, ...parts: readonly (string | number)[]): number {
  const u1 = Math.max(unit(seed, ...parts, 'g1'), Number.EPSILON);
  const u2 = unit(seed, ...parts, 'g2');
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** One of `options`, chosen with probability proportional to its weight. */
export function pickWeighted<T>(draw: number, options: readonly { value: T; weight: number }[]): T | undefined {
  const total = options.reduce((sum, option) => sum + option.weight, 0);
  let left = draw * total;
  for (const option of options) {
    left -= option.weight;
    if (left < 0) return option.value;
  }
  return options.at(-1)?.value;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Provider-looking ids ("chatcmpl-…", "msg_01…"), reproducible for a given seed and counter. */
export function makeId(prefix: string, length: number, seed: number, counter: number): string {
  const bytes = createHash('sha256').update(`${seed}\u0000id\u0000${counter}`).digest();
  let id = prefix;
  for (let index = 0; index < length; index += 1) id += BASE62[bytes[index % bytes.length]! % 62];
  return id;
}
