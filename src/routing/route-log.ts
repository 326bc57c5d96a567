/**
 * What the router needs to learn from a verdict that arrives later: for every record routed to the
 * model tiers, its features as they were when it was routed, each tier's answer and cost, and the
 * answer emitted. Feedback names only a record_id; the log turns it into training examples.
 *
 * The log must outlive the process (a verdict may come days later, to another instance): the
 * service keeps it in Elasticsearch, the embedded default in a file beside its templates. Both
 * keep the most recent entries up to a bound.
 */
import type { ExtractedFields, Extraction } from '../contract/records.ts';

/**
 * One tier's answer to a record, as judged (merged with the rules' confident readings, grounded):
 * its confidence after judging, and whether it passed every check (an answer that did not is sent
 * on whatever its confidence).
 */
export type TierAttempt = {
  tier: string;
  model: string | null;
  confidence: number;
  clean: boolean;
  fields: ExtractedFields;
  nanoUsd: number;
};

export type RouteVerdict = { correct: boolean; corrected_fields: ExtractedFields | null; at: number };

export type RouteEntry = {
  record_id: string;
  source_id: string;
  at: number;
  router_version: string | null;
  /** features.ts's vector when the record was routed. */
  features: number[];
  explored: boolean;
  attempts: TierAttempt[];
  final: { tier: string; status: Extraction['status']; fields: ExtractedFields };
  /** Feedback on the emitted answer, once it came. */
  verdict: RouteVerdict | null;
};

export interface RouteLog {
  record(entries: readonly RouteEntry[]): Promise<void>;
  find(recordIds: readonly string[]): Promise<Map<string, RouteEntry>>;
  /** Sets the verdict of entries that exist; returns the entries labelled. */
  label(verdicts: ReadonlyMap<string, RouteVerdict>): Promise<RouteEntry[]>;
  /**
   * Entries that can teach something (a verdict, or two tiers' answers), most recent first, each
   * as `read` makes it when it is read: a training keeps only what it needs of each (examples.ts).
   */
  labelled<T>(limit: number, read: (entry: RouteEntry) => T): Promise<T[]>;
}

/** Whether an entry can teach something: a verdict came, or two tiers answered it. */
export function teaches(entry: RouteEntry): boolean {
  return entry.verdict !== null || entry.attempts.length >= 2;
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

  async labelled<T>(limit: number, read: (entry: RouteEntry) => T): Promise<T[]> {
    const found: T[] = [];
    for (const entry of [...this.#entries.values()].reverse()) {
      if (found.length >= limit) break;
      if (teaches(entry)) found.push(read(entry));
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
