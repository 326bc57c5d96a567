/**
 * Spend as a run went, for the report's "cost over the run": the running totals after each
 * window, thinned so that a run of any length keeps at most `capacity` points spread evenly over
 * it (every window while few, then every 2nd, 4th, … window), and the latest.
 */
export type CostPoint = { records: number; nanoUsd: number; seconds: number };

const DEFAULT_CAPACITY = 400;

export class CostTimeline {
  readonly #capacity: number;
  #kept: CostPoint[] = [];
  #latest: CostPoint | undefined;
  #seen = 0;
  /** Windows between two kept points: doubles each time the kept points fill the capacity. */
  #stride = 1;

  constructor(capacity = DEFAULT_CAPACITY) {
    if (!(Number.isInteger(capacity) && capacity >= 2)) throw new RangeError(`a timeline keeps at least 2 points, got ${capacity}`);
    this.#capacity = capacity;
  }

  add(point: CostPoint): void {
    this.#latest = point;
    if (this.#seen++ % this.#stride !== 0) return;
    this.#kept.push(point);
    if (this.#kept.length > this.#capacity) {
      // Kept points are windows 0, s, 2s, …; keeping every other leaves windows 0, 2s, 4s, …
      this.#kept = this.#kept.filter((_, i) => i % 2 === 0);
      this.#stride *= 2;
    }
  }

  /** The kept points in order, ending with the latest window's. */
  points(): CostPoint[] {
    const latest = this.#latest;
    if (latest === undefined) return [];
    return this.#kept.at(-1) === latest ? [...this.#kept] : [...this.#kept, latest];
  }
}
