/**
 * The hot templates, in process, in front of a remote store (Elasticsearch): the exact matches
 * lookups found lately, by exactMatchKey (skeleton and filter), least recently used dropped first.
 * A record whose template is at hand and serves costs no round trip; the rest of the window is
 * looked up in one.
 *
 * Coherent with this process at once: its writes (put, evict, counts) drop or change the entries
 * they touch as they go to the store behind, and an answer that may predate one of them — a
 * search sees writes only after the index's next refresh — neither brings back what it evicted
 * nor overwrites what it wrote. Other instances' writes can only be seen by asking: an entry in
 * use is looked up again in the background from half of `maxAgeMs`, and one older than
 * `maxAgeMs` no longer answers, so another instance's eviction may go unseen here that long.
 * Misses are never kept: another instance may learn the template any moment.
 */
import type { Clock } from '../common/clock.ts';
import type { Template } from './template.ts';
import { exactMatchKey, type LookupOptions, type TemplateCandidate, type TemplateQuery, type TemplateStore } from './template-store.ts';

export type HotTemplateStoreOptions = {
  /** The store behind: every call goes on to it, and its lookups' exact matches fill the entries. */
  store: TemplateStore;
  clock: Clock;
  /** Most entries kept, each a skeleton and filter with its exact matches (cache.hotTemplates); 0 keeps none. */
  maxEntries: number;
  /** Age, from the lookup that fetched it, past which an entry is looked up again (cache.hotTemplateMaxAgeMs). */
  maxAgeMs: number;
  /**
   * How long after a write of this process the store's searches may still answer without it: the
   * index's refresh interval and the time a refresh takes.
   */
  writeLagMs: number;
};

/**
 * Past this share of its age, an entry still answers, and using it has it looked up again in the
 * background, exact terms only: a hot template is renewed off the windows' path, instead of its
 * records going to the round trip, exact term and kNN each, every time its age runs out.
 */
const RENEW_AFTER = 0.5;
/** Entries renewed per request: a renewal must not crowd out the windows' own lookups on the node. */
const RENEWAL_BATCH = 256;
const EXACT_ONLY: LookupOptions = { k: 1, numCandidates: 1 };

type Entry = { templates: Template[]; fetchedAt: number };
/** A write of this process: when it was made, and whether it evicted the template. */
type Write = { at: number; gone: boolean };
type Lookup = { startedAt: number };

export class HotTemplateStore implements TemplateStore {
  readonly #o: HotTemplateStoreOptions;
  /** By exactMatchKey, least recently used first. */
  readonly #entries = new Map<string, Entry>();
  /** For each template id, the keys of the entries listing it. */
  readonly #keysOf = new Map<string, Set<string>>();
  /** This process's writes that a lookup's answer may not show yet, by template id, oldest first. */
  readonly #writes = new Map<string, Write>();
  /** The keys whose matches a put of this process changed, and when, oldest first: an answer may not list the template yet. */
  readonly #keysPut = new Map<string, number>();
  readonly #lookups = new Set<Lookup>();
  /** Entries due for renewal, by key, oldest first, waiting for the renewal under way to end. */
  readonly #due = new Map<string, TemplateQuery>();
  /** The renewal under way, if any: one at a time. */
  #renewing: Promise<void> | undefined;

  constructor(options: HotTemplateStoreOptions) {
    this.#o = options;
  }

  exactAtHand(queries: readonly TemplateQuery[]): Map<string, TemplateCandidate[]> {
    const out = new Map<string, TemplateCandidate[]>();
    for (const query of queries) {
      const key = exactMatchKey(query);
      const entry = this.#fresh(key);
      if (!entry) continue;
      out.set(query.key, candidatesOf(entry));
      if (this.#o.clock.now() - entry.fetchedAt >= this.#o.maxAgeMs * RENEW_AFTER) this.#due.set(key, { ...query, key, embedding: null });
    }
    this.#renewDue();
    return out;
  }

  /**
   * A fresh entry answers its query's exact matches: an exact-only query is answered here, and
   * one with an embedding (a record whose template at hand did not serve it: unconfirmed, doubted,
   * not re-groundable) asks the store behind for its near matches only. The rest in one lookup behind.
   */
  async lookup(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>> {
    const out = new Map<string, TemplateCandidate[]>();
    const rest: TemplateQuery[] = [];
    /** Keys of the entries whose exact matches complete a near-only answer. */
    const exactHere = new Map<string, string>();
    for (const query of queries) {
      const key = exactMatchKey(query);
      const entry = query.nearOnly ? undefined : this.#fresh(key);
      if (!entry) rest.push(query);
      else if (!query.embedding) out.set(query.key, candidatesOf(entry));
      else {
        rest.push({ ...query, nearOnly: true });
        exactHere.set(query.key, key);
      }
    }
    if (rest.length === 0) return out;
    const behind = await this.#behind(rest, options);
    for (const [queryKey, candidates] of behind) {
      const key = exactHere.get(queryKey);
      // Read when the answer came: writes of this process meanwhile changed or dropped the entry
      // (one dropped lists nothing: at worst a record misses a template, never gets an evicted one).
      const entry = key === undefined ? undefined : this.#entries.get(key);
      out.set(queryKey, entry ? [...candidatesOf(entry), ...candidates] : candidates);
    }
    return out;
  }

  /** The templates put become their own scope's entry; entries they may change are dropped. */
  async put(templates: readonly Template[]): Promise<void> {
    const at = this.#o.clock.now();
    for (const t of templates) {
      this.#wrote(t.id, 'put');
      this.#dropListing(t.id);
      for (const key of fittingKeys(t)) {
        this.#drop(key);
        this.#keysPut.delete(key);
        this.#keysPut.set(key, at);
      }
    }
    await this.#o.store.put(templates);
    const done = this.#o.clock.now();
    for (const t of templates) this.#set(ownKey(t), { templates: [{ ...t, embedding: null }], fetchedAt: done });
  }

  /** Dropped before the store is asked: from now on, no answer brings them back. */
  async evict(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      this.#wrote(id, 'evict');
      this.#dropListing(id);
    }
    await this.#o.store.evict(ids);
  }

  async recordFeedback(feedback: readonly { id: string; correct: boolean }[]): Promise<void> {
    for (const { id } of feedback) this.#wrote(id, 'count');
    await this.#counted(
      feedback,
      () => this.#o.store.recordFeedback(feedback),
      (t, { correct }) => countFeedback(t, correct),
    );
  }

  /** Counted on the entries too, but not guarded like other writes: a hit count decides nothing. */
  async recordHits(hits: readonly { id: string; at: number }[]): Promise<void> {
    await this.#counted(
      hits,
      () => this.#o.store.recordHits(hits),
      (t, { at }) => countHit(t, at),
    );
  }

  linkRecords(links: readonly { recordId: string; templateId: string }[]): Promise<void> {
    return this.#o.store.linkRecords(links);
  }

  templatesOfRecords(recordIds: readonly string[]): Promise<Map<string, string>> {
    return this.#o.store.templatesOfRecords(recordIds);
  }

  size(): Promise<number> {
    return this.#o.store.size();
  }

  async close(): Promise<void> {
    this.#due.clear();
    await this.#renewing;
    await this.#o.store.close();
  }

  /** Asks the store behind; its answers, corrected by this process's writes, fill the entries. */
  async #behind(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>> {
    const lookup = { startedAt: this.#o.clock.now() };
    this.#lookups.add(lookup);
    try {
      const found = await this.#o.store.lookup(queries, options);
      const out = new Map<string, TemplateCandidate[]>();
      for (const query of queries) {
        const candidates = this.#withOwnWrites(found.get(query.key) ?? [], lookup);
        out.set(query.key, candidates);
        // A near-only answer says nothing of the exact matches.
        if (!query.nearOnly) this.#fill(exactMatchKey(query), candidates, lookup);
      }
      return out;
    } finally {
      this.#lookups.delete(lookup);
      this.#forgetSettledWrites();
    }
  }

  /**
   * Starts renewing the entries due, unless a renewal is under way: the next one takes them. One
   * renewed meanwhile, or gone, is left out.
   */
  #renewDue(): void {
    if (this.#renewing) return;
    const queries: TemplateQuery[] = [];
    for (const [key, query] of this.#due) {
      if (queries.length === RENEWAL_BATCH) break;
      this.#due.delete(key);
      const entry = this.#entries.get(key);
      if (entry && this.#o.clock.now() - entry.fetchedAt >= this.#o.maxAgeMs * RENEW_AFTER) queries.push(query);
    }
    if (queries.length > 0) this.#renewing = this.#renew(queries);
  }

  /** Looks entries up again in the background; when that fails, they expire at their age. */
  async #renew(queries: TemplateQuery[]): Promise<void> {
    try {
      await this.#behind(queries, EXACT_ONLY);
    } catch {
      // Their records are then looked up on the windows' path, as any other.
    } finally {
      this.#renewing = undefined;
      this.#renewDue();
    }
  }

  /**
   * Applies counts written behind to the entries' copies too; when the write fails, what it
   * changed behind is unknown, so the entries listing those templates are dropped.
   */
  async #counted<T extends { id: string }>(items: readonly T[], write: () => Promise<void>, count: (t: Template, item: T) => Template) {
    try {
      await write();
    } catch (error) {
      for (const { id } of items) this.#dropListing(id);
      throw error;
    }
    for (const item of items) this.#change(item.id, (t) => count(t, item));
  }

  /** The entry of a key, when there is one young enough; it becomes the most recently used. */
  #fresh(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#o.clock.now() - entry.fetchedAt >= this.#o.maxAgeMs) {
      this.#drop(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /**
   * A lookup's answer, corrected by the writes of this process it may predate: templates evicted
   * are left out, templates written come as this process last wrote them.
   */
  #withOwnWrites(candidates: readonly TemplateCandidate[], lookup: Lookup): TemplateCandidate[] {
    return candidates.flatMap((c) => {
      const write = this.#unseen(c.template.id, lookup);
      if (!write) return [c];
      if (write.gone) return [];
      const own = this.#copyOf(c.template.id);
      return [own ? { ...c, template: own } : c];
    });
  }

  /**
   * Keeps the answer's exact matches as the key's entry, or drops the entry when it found none;
   * unless the answer may predate a write of this process to a template either lists.
   */
  #fill(key: string, candidates: readonly TemplateCandidate[], lookup: Lookup): void {
    if (this.#settling(this.#keysPut.get(key), lookup)) return;
    const exact = candidates.filter((c) => c.exact).map((c) => c.template);
    const listed = [...exact, ...(this.#entries.get(key)?.templates ?? [])];
    if (listed.some((t) => this.#unseen(t.id, lookup))) return;
    if (exact.length === 0) this.#drop(key);
    else this.#set(key, { templates: exact, fetchedAt: lookup.startedAt });
  }

  /** The write of this process to a template that an answer to this lookup may not show. */
  #unseen(id: string, lookup: Lookup): Write | undefined {
    const write = this.#writes.get(id);
    return write && this.#settling(write.at, lookup) ? write : undefined;
  }

  /** Whether an answer to this lookup may predate a write made then. */
  #settling(writtenAt: number | undefined, lookup: Lookup): boolean {
    return writtenAt !== undefined && writtenAt + this.#o.writeLagMs > lookup.startedAt;
  }

  /** A count does not bring back a template this process evicted; only putting it again does. */
  #wrote(id: string, kind: 'put' | 'evict' | 'count'): void {
    const gone = kind === 'evict' || (kind === 'count' && this.#writes.get(id)?.gone === true);
    this.#writes.delete(id);
    this.#writes.set(id, { at: this.#o.clock.now(), gone });
    this.#forgetSettledWrites();
  }

  /** Forgets the writes every answer from now on will show: those searchable before the oldest lookup under way began. */
  #forgetSettledWrites(): void {
    let since = this.#o.clock.now();
    for (const lookup of this.#lookups) since = Math.min(since, lookup.startedAt);
    const settled = (at: number) => at + this.#o.writeLagMs <= since;
    for (const [id, write] of this.#writes) {
      if (!settled(write.at)) break;
      this.#writes.delete(id);
    }
    for (const [key, at] of this.#keysPut) {
      if (!settled(at)) break;
      this.#keysPut.delete(key);
    }
  }

  #copyOf(id: string): Template | undefined {
    const key = this.#keysOf.get(id)?.values().next().value;
    return key === undefined ? undefined : this.#entries.get(key)!.templates.find((t) => t.id === id);
  }

  #change(id: string, change: (t: Template) => Template): void {
    for (const key of this.#keysOf.get(id) ?? []) {
      const entry = this.#entries.get(key)!;
      entry.templates = entry.templates.map((t) => (t.id === id ? change(t) : t));
    }
  }

  #set(key: string, entry: Entry): void {
    this.#drop(key);
    if (this.#o.maxEntries === 0) return;
    this.#entries.set(key, entry);
    for (const t of entry.templates) {
      const keys = this.#keysOf.get(t.id) ?? new Set<string>();
      keys.add(key);
      this.#keysOf.set(t.id, keys);
    }
    if (this.#entries.size > this.#o.maxEntries) this.#drop(this.#entries.keys().next().value!);
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    for (const t of entry.templates) {
      const keys = this.#keysOf.get(t.id);
      keys?.delete(key);
      if (keys?.size === 0) this.#keysOf.delete(t.id);
    }
  }

  /** Drops every entry listing the template; the next lookup of such a key fills it again. */
  #dropListing(id: string): void {
    for (const key of [...(this.#keysOf.get(id) ?? [])]) this.#drop(key);
  }
}

function candidatesOf(entry: Entry): TemplateCandidate[] {
  return entry.templates.map((template) => ({ template, similarity: 1, exact: true }));
}

/** The key of the filter naming the template's own scope exactly (the `source` cache scope's). */
function ownKey(t: Template): string {
  const { source_id, document_type, template_version } = t.scope;
  return exactMatchKey({ skeleton: t.skeleton, filter: { source_id, document_type, template_version } });
}

/** The keys of every filter the template passes: each is its scope's value, or matches any. */
function fittingKeys(t: Template): string[] {
  const { source_id, document_type, template_version } = t.scope;
  return [source_id, null].flatMap((s) =>
    [document_type, null].flatMap((d) =>
      [template_version, undefined].map((v) =>
        exactMatchKey({ skeleton: t.skeleton, filter: { source_id: s, document_type: d, template_version: v } }),
      ),
    ),
  );
}

function countHit(t: Template, at: number): Template {
  return { ...t, hitCount: t.hitCount + 1, lastHitAt: Math.max(t.lastHitAt ?? 0, at) };
}

function countFeedback(t: Template, correct: boolean): Template {
  const { feedback } = t;
  return {
    ...t,
    feedback: correct ? { ...feedback, correct: feedback.correct + 1 } : { ...feedback, incorrect: feedback.incorrect + 1 },
  };
}
