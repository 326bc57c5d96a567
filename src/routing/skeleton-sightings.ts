import { RecentKeys } from '../common/recent-keys.ts';

/**
 * How often each skeleton was seen lately, a feature of the router: a layout seen many times is
 * one the tiers have answered before; a new one is where they err. Bounded, oldest first out.
 */
export class SkeletonSightings {
  readonly #counts: RecentKeys;

  constructor(limit = 100_000) {
    this.#counts = new RecentKeys(limit);
  }

  /**
   * A count of one window's records alone, for a caller that keeps none across windows: sized to
   * the window, it counts the same, where the default bound's tables (~3 MB) would be allocated
   * again every window.
   */
  static forOneWindow(records: number): SkeletonSightings {
    return new SkeletonSightings(Math.max(1, records));
  }

  /** How many times the skeleton was seen before, counting this sighting for the next. */
  sight(skeleton: string): number {
    return this.#counts.increment(skeleton);
  }
}
