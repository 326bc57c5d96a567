/**
 * A template's own error rate, bounded from above. Each template counts its outcomes (answers
 * that agreed with it, feedback marking it correct; answers that contradicted it, feedback
 * marking it incorrect), and serves only while the posterior probability that its error rate is
 * under the cache's limit stays high. A handful of outcomes says little on its own, so the
 * posterior starts from the error rate the cache as a whole has shown on serving templates,
 * counted as `weight` outcomes: a fresh template inherits the cache's record, one contradiction
 * retires a template with little history, and a long clean history outweighs one stray answer.
 */

export type Outcomes = { correct: number; incorrect: number };

/** The cache-wide error rate, counted as `weight` outcomes of every template. */
export type ErrorPrior = { rate: number; weight: number };

/** The posterior probability that the template errs less often than `limit`. */
export function chanceWithin(outcomes: Outcomes, prior: ErrorPrior, limit: number): number {
  const { a, b } = posterior(outcomes, prior);
  return regularizedBeta(limit, a, b);
}

/** Whether the `level` upper bound of the template's error rate stays under `limit`. */
export function boundWithin(outcomes: Outcomes, prior: ErrorPrior, limit: number, level = 0.95): boolean {
  return chanceWithin(outcomes, prior, limit) >= level;
}

/** The `level` upper bound of the template's error rate (for reports; serving asks boundWithin). */
export function errorRateBound(outcomes: Outcomes, prior: ErrorPrior, level = 0.95): number {
  const { a, b } = posterior(outcomes, prior);
  let [low, high] = [0, 1];
  for (let i = 0; i < 60; i += 1) {
    const mid = (low + high) / 2;
    if (regularizedBeta(mid, a, b) < level) low = mid;
    else high = mid;
  }
  return high;
}

/** The prior the cache's pooled outcomes give, over a starting belief of the same weight. */
export function pooledPrior(pool: Outcomes, start: ErrorPrior): ErrorPrior {
  const trials = start.weight + pool.correct + pool.incorrect;
  return { rate: (start.rate * start.weight + pool.incorrect) / trials, weight: start.weight };
}

function posterior({ correct, incorrect }: Outcomes, { rate, weight }: ErrorPrior): { a: number; b: number } {
  // A pooled rate of 0 or 1 would leave the Beta improper for a template without outcomes.
  return { a: Math.max(rate * weight + incorrect, 1e-3), b: Math.max((1 - rate) * weight + correct, 1e-3) };
}

/** I_x(a, b), the Beta(a, b) distribution function, by its continued fraction. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast only below the mean; above it, use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

const TINY = 1e-300;

/** Lentz's evaluation of the incomplete Beta continued fraction. */
function betaFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < TINY ? TINY : d);
  let h = d;
  for (let m = 1; m <= 300; m += 1) {
    // Each m takes an even step and an odd one.
    for (let odd = 0; odd < 2; odd += 1) {
      const step =
        odd === 0 ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)) : -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
      d = 1 + step * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + step / c;
      if (Math.abs(c) < TINY) c = TINY;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-12) break;
  }
  return h;
}

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7). */
function lnGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  const y = z - 1;
  let sum = 0.99999999999980993;
  for (let i = 0; i < LANCZOS.length; i += 1) sum += LANCZOS[i]! / (y + i + 1);
  const t = y + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}
