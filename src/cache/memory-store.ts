/**
 * The in-process template store of the embedded default: exact skeleton match by map, nearest
 * neighbours by exact cosine search over the templates that pass the filter, persisted to a file
 * (memory-store-file.ts) so that a second run starts warm.
 *
 * Its memory is bounded whatever the length of the input: at most `maxTemplates` templates (the
 * least recently used — learnt, replaced or hit — dropped first) and `maxLinks` record links (the
 * oldest dropped first: feedback on a record that old finds no template here, as it would find
 * none once the template itself was dropped). Vectors are kept quantized to bytes beside the
 * templates (quantized-vectors.ts) and left out of what a lookup returns (no caller reads them).
 */
import { QuantizedVectors } from './quantized-vectors.ts';
import type { Template } from './template.ts';
import type { LookupOptions, TemplateCandidate, TemplateQuery, TemplateStore } from './template-store.ts';

export type MemoryStoreOptions = {
  /** Templates kept; default 20,000. */
  maxTemplates?: number;
  /** Record-to-template links kept; default 100,000. */
  maxLinks?: number;
};

export const MEMORY_STORE_DEFAULTS = { maxTemplates: 20_000, maxLinks: 100_000 } as const;

export class MemoryTemplateStore implements TemplateStore {
  readonly #maxTemplates: number;
  readonly #maxLinks: number;
  /** Kept without their vectors, least recently used first (Map order). */
  readonly #templates = new Map<string, Template>();
  /** Made at the first vector, which says their dimensions. */
  #vectors: QuantizedVectors | undefined;
  /**
   * Template ids by skeleton, by source and by document type: arrays, which a kNN search scans
   * without an iterator, and which hold the usual single id in a few bytes where a Set took ~600.
   */
  readonly #bySkeleton = new Map<string, string[]>();
  readonly #bySource = new Map<string, string[]>();
  readonly #byDocumentType = new Map<string, string[]>();
  readonly #links = new Map<string, string>();

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxTemplates = options.maxTemplates ?? MEMORY_STORE_DEFAULTS.maxTemplates;
    this.#maxLinks = options.maxLinks ?? MEMORY_STORE_DEFAULTS.maxLinks;
  }

  async lookup(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>> {
    const out = new Map<string, TemplateCandidate[]>();
    for (const query of queries) {
      const candidates = query.nearOnly ? [] : this.#exact(query);
      if (query.embedding) candidates.push(...this.#nearest(query, options.k));
      out.set(query.key, candidates);
    }
    return out;
  }

  /** Every query's: all templates are in process. */
  exactAtHand(queries: readonly TemplateQuery[]): Map<string, TemplateCandidate[]> {
    return new Map(queries.map((query) => [query.key, this.#exact(query)]));
  }

  #exact(query: TemplateQuery): TemplateCandidate[] {
    const candidates: TemplateCandidate[] = [];
    for (const id of this.#bySkeleton.get(query.skeleton) ?? []) {
      const template = this.#templates.get(id)!;
      if (matchesFilter(template, query.filter)) candidates.push({ template, similarity: 1, exact: true });
    }
    return candidates;
  }

  /** The k most similar templates of other skeletons, kept in a small sorted array as the scan goes. */
  #nearest(query: TemplateQuery, k: number): TemplateCandidate[] {
    const top: { id: string; similarity: number }[] = [];
    const vectors = this.#vectors;
    if (!vectors) return [];
    for (const id of this.#searchSpace(query.filter)) {
      const template = this.#templates.get(id)!;
      if (template.skeleton === query.skeleton || !matchesFilter(template, query.filter)) continue;
      const similarity = vectors.similarity(id, query.embedding!);
      if (similarity === undefined) continue;
      if (top.length === k && similarity <= top[k - 1]!.similarity) continue;
      let at = top.length - (top.length === k ? 1 : 0);
      while (at > 0 && top[at - 1]!.similarity < similarity) at -= 1;
      top.splice(at, 0, { id, similarity });
      if (top.length > k) top.pop();
    }
    return top.map(({ id, similarity }) => ({ template: this.#templates.get(id)!, similarity, exact: false }));
  }

  #searchSpace(filter: TemplateQuery['filter']): Iterable<string> {
    if (filter.source_id !== null) return this.#bySource.get(filter.source_id) ?? [];
    if (filter.document_type !== null) return this.#byDocumentType.get(filter.document_type) ?? [];
    return this.#templates.keys();
  }

  #withVector(template: Template): Template {
    const vector = this.#vectors?.get(template.id);
    return vector ? { ...template, embedding: vector } : template;
  }

  async put(templates: readonly Template[]): Promise<void> {
    for (const { embedding, ...template } of templates) {
      // A replacement may carry another skeleton or scope: the old one must stop matching it.
      const previous = this.#templates.get(template.id);
      if (previous) this.#unindex(previous);
      this.#templates.set(template.id, { ...template, embedding: null });
      if (embedding) {
        this.#vectors ??= new QuantizedVectors(embedding.length);
        this.#vectors.set(template.id, embedding);
      } else this.#vectors?.delete(template.id);
      append(this.#bySkeleton, template.skeleton, template.id);
      append(this.#bySource, template.scope.source_id, template.id);
      append(this.#byDocumentType, template.scope.document_type, template.id);
    }
    while (this.#templates.size > this.#maxTemplates) this.#drop(this.#templates.keys().next().value!);
  }

  async recordHits(hits: readonly { id: string; at: number }[]): Promise<void> {
    for (const { id, at } of hits) {
      const t = this.#templates.get(id);
      if (!t) continue;
      // Re-inserted: a template in use is the last to be dropped.
      this.#templates.delete(id);
      this.#templates.set(id, { ...t, hitCount: t.hitCount + 1, lastHitAt: Math.max(t.lastHitAt ?? 0, at) });
    }
  }

  async evict(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.#drop(id);
  }

  #drop(id: string): void {
    const t = this.#templates.get(id);
    if (!t) return;
    this.#templates.delete(id);
    this.#vectors?.delete(id);
    this.#unindex(t);
  }

  #unindex(t: Template): void {
    cut(this.#bySkeleton, t.skeleton, t.id);
    cut(this.#bySource, t.scope.source_id, t.id);
    cut(this.#byDocumentType, t.scope.document_type, t.id);
  }

  async linkRecords(links: readonly { recordId: string; templateId: string }[]): Promise<void> {
    for (const { recordId, templateId } of links) {
      this.#links.delete(recordId);
      this.#links.set(recordId, templateId);
    }
    while (this.#links.size > this.#maxLinks) this.#links.delete(this.#links.keys().next().value!);
  }

  async templatesOfRecords(recordIds: readonly string[]): Promise<Map<string, string>> {
    return new Map(recordIds.flatMap((id) => (this.#links.has(id) ? [[id, this.#links.get(id)!] as [string, string]] : [])));
  }

  async recordFeedback(feedback: readonly { id: string; correct: boolean }[]): Promise<void> {
    for (const { id, correct } of feedback) {
      const t = this.#templates.get(id);
      if (!t) continue;
      const counts = correct ? { ...t.feedback, correct: t.feedback.correct + 1 } : { ...t.feedback, incorrect: t.feedback.incorrect + 1 };
      this.#templates.set(id, { ...t, feedback: counts });
    }
  }

  async size(): Promise<number> {
    return this.#templates.size;
  }

  async close(): Promise<void> {}

  /** Every template with its vector, least recently used first (the order a reload keeps). */
  *templates(): Generator<Template> {
    for (const template of this.#templates.values()) yield this.#withVector(template);
  }

  /** Every record link, oldest first. */
  links(): IterableIterator<[string, string]> {
    return this.#links.entries();
  }
}

export function matchesFilter(t: Template, filter: TemplateQuery['filter']): boolean {
  if (filter.source_id !== null && t.scope.source_id !== filter.source_id) return false;
  if (filter.document_type !== null && t.scope.document_type !== filter.document_type) return false;
  if (filter.template_version !== undefined && t.scope.template_version !== filter.template_version) return false;
  return true;
}

function append(index: Map<string, string[]>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids) ids.push(id);
  else index.set(key, [id]);
}

function cut(index: Map<string, string[]>, key: string, id: string): void {
  const ids = index.get(key);
  const at = ids?.indexOf(id) ?? -1;
  if (at === -1) return;
  ids!.splice(at, 1);
  if (ids!.length === 0) index.delete(key);
}
