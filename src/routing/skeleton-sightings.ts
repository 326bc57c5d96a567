/**
 * How often each skeleton was seen lately, a feature of the router: a layout seen many times is
 * one the tiers have answered before; a new one is where they err. Bounded, oldest first out.
 */
export class SkeletonSightings {
  readonly #counts = new Map<string, number>();
  readonly #limit: number;

  constructor(limit = 100_000) {
    this.#limit = limit;
  }

  /** How many times the skeleton was seen before, counting this sighting for the next. */
  sight(skeleton: string): number {
    const before = this.#counts.get(skeleton) ?? 0;
    this.#counts.delete(skeleton);
    this.#counts.set(skeleton, before + 1);
    if (this.#counts.size > this.#limit) this.#counts.delete(this.#counts.keys().next().value!);
    return before;
  }
}
