/**
 * The route log: the entries (route-entry.ts) of the records routed to the model tiers, found
 * again by record_id when a verdict comes, and read labelled for the router's trainings.
 *
 * The log must outlive the process (a verdict may come days later, to another instance): the
 * service keeps it in Elasticsearch, the embedded default in a file beside its templates. Both
 * keep the most recent entries up to a bound.
 */
import { type TrainingEntry, trainingEntryOf } from './examples.ts';
import { type RouteEntry, type RouteVerdict, teaches } from './route-entry.ts';

export interface RouteLog {
  record(entries: readonly RouteEntry[]): Promise<void>;
  find(recordIds: readonly string[]): Promise<Map<string, RouteEntry>>;
  /** Sets the verdict of entries that exist; returns the entries labelled. */
  label(verdicts: ReadonlyMap<string, RouteVerdict>): Promise<RouteEntry[]>;
  /**
   * Entries that can teach something (a verdict, or two tiers' answers), most recent first, in the
   * form a training keeps (examples.ts: labelled, without the answers' fields).
   */
  labelled(limit: number): Promise<TrainingEntry[]>;
}

/** The log in memory, bounded (the oldest entries go first); the embedded default saves it to a file. */
export class MemoryRouteLog implements RouteLog {
  readonly #entries = new Map<string, RouteEntry>();
  readonly #limit: number;

  constructor(options: { limit?: number; entries?: Iterable<RouteEntry> } = {}) {
    this.#limit = options.limit ?? 200_000;
    for (const entry of options.entries ?? []) this.#put(entry);
  }

  async record(entries: readonly RouteEntry[]): Promise<void> {
    for (const entry of entries) this.#put(entry);
  }

  async find(recordIds: readonly string[]): Promise<Map<string, RouteEntry>> {
    const found = new Map<string, RouteEntry>();
    for (const id of recordIds) {
      const entry = this.#entries.get(id);
      if (entry) found.set(id, entry);
    }
    return found;
  }

  async label(verdicts: ReadonlyMap<string, RouteVerdict>): Promise<RouteEntry[]> {
    const labelled: RouteEntry[] = [];
    for (const [id, verdict] of verdicts) {
      const entry = this.#entries.get(id);
      if (!entry) continue;
      const updated = { ...entry, verdict };
      this.#entries.set(id, updated);
      labelled.push(updated);
    }
    return labelled;
  }

  async labelled(limit: number): Promise<TrainingEntry[]> {
    const found: TrainingEntry[] = [];
    for (const entry of [...this.#entries.values()].reverse()) {
      if (found.length >= limit) break;
      if (teaches(entry)) found.push(trainingEntryOf(entry));
    }
    return found;
  }

  /** Every entry, oldest first: what a file keeps. */
  entries(): IterableIterator<RouteEntry> {
    return this.#entries.values();
  }

  #put(entry: RouteEntry): void {
    this.#entries.delete(entry.record_id);
    this.#entries.set(entry.record_id, entry);
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
