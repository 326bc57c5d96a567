/**
 * The in-process template store of the embedded default: exact skeleton match by map, nearest
 * neighbours by exact cosine search over the candidates that pass the filter (fast enough for
 * the tens of thousands of templates one file run creates), persisted to a JSON file so that a
 * second run starts warm.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import { writePrivateFile } from '../common/private-file.ts';
import { cosine } from './local-embedder.ts';
import type { Template } from './template.ts';
import type { LookupOptions, TemplateCandidate, TemplateQuery, TemplateStore } from './template-store.ts';

type Persisted = { version: 1; embedder: string; templates: Template[]; links: [string, string][] };

export class MemoryTemplateStore implements TemplateStore {
  readonly #templates = new Map<string, Template>();
  readonly #bySkeleton = new Map<string, Set<string>>();
  readonly #links = new Map<string, string>();

  async lookup(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>> {
    const out = new Map<string, TemplateCandidate[]>();
    for (const query of queries) {
      const candidates = this.#exact(query);
      if (query.embedding) {
        const near = [...this.#templates.values()]
          .filter((t) => t.embedding && t.skeleton !== query.skeleton && matchesFilter(t, query.filter))
          .map((t) => ({ t, similarity: cosine(query.embedding!, t.embedding!) }))
          .sort((a, b) => b.similarity - a.similarity)
          .slice(0, options.k)
          .map(({ t, similarity }) => ({ template: withoutVector(t), similarity, exact: false }));
        candidates.push(...near);
      }
      out.set(query.key, candidates);
    }
    return out;
  }

  /** Every query's: all templates are in process. */
  exactAtHand(queries: readonly TemplateQuery[]): Map<string, TemplateCandidate[]> {
    return new Map(queries.map((query) => [query.key, this.#exact(query)]));
  }

  #exact(query: TemplateQuery): TemplateCandidate[] {
    return [...(this.#bySkeleton.get(query.skeleton) ?? [])]
      .map((id) => this.#templates.get(id)!)
      .filter((t) => matchesFilter(t, query.filter))
      .map((t) => ({ template: withoutVector(t), similarity: 1, exact: true }));
  }

  async put(templates: readonly Template[]): Promise<void> {
    for (const template of templates) {
      // A replacement may carry another skeleton: the old one must stop matching it exactly.
      const previous = this.#templates.get(template.id);
      if (previous && previous.skeleton !== template.skeleton) this.#unindex(previous);
      this.#templates.set(template.id, template);
      const ids = this.#bySkeleton.get(template.skeleton) ?? new Set<string>();
      ids.add(template.id);
      this.#bySkeleton.set(template.skeleton, ids);
    }
  }

  async recordHits(hits: readonly { id: string; at: number }[]): Promise<void> {
    for (const { id, at } of hits) {
      const t = this.#templates.get(id);
      if (t) this.#templates.set(id, { ...t, hitCount: t.hitCount + 1, lastHitAt: Math.max(t.lastHitAt ?? 0, at) });
    }
  }

  async evict(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const t = this.#templates.get(id);
      if (!t) continue;
      this.#templates.delete(id);
      this.#unindex(t);
    }
  }

  #unindex(t: Template): void {
    const ids = this.#bySkeleton.get(t.skeleton);
    ids?.delete(t.id);
    if (ids?.size === 0) this.#bySkeleton.delete(t.skeleton);
  }

  async linkRecords(links: readonly { recordId: string; templateId: string }[]): Promise<void> {
    for (const { recordId, templateId } of links) this.#links.set(recordId, templateId);
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

  /**
   * Writes the store atomically (a crash mid-write leaves the previous file), readable by its owner
   * only: skeletons and slot texts are cut from narratives.
   */
  save(path: string, embedder: string): void {
    const data: Persisted = { version: 1, embedder, templates: [...this.#templates.values()], links: [...this.#links] };
    writePrivateFile(`${path}.tmp`, JSON.stringify(data));
    renameSync(`${path}.tmp`, path);
  }

  /** A store from a file written by `save`, or an empty one when the file does not exist yet. */
  static async load(path: string, embedder: string): Promise<MemoryTemplateStore> {
    const store = new MemoryTemplateStore();
    if (!existsSync(path)) return store;
    let data: Persisted;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as Persisted;
    } catch (error) {
      throw new ParsimonyError(
        'INPUT_INVALID',
        `template cache ${path} is not readable JSON (${(error as Error).message}); delete it to start cold`,
      );
    }
    if (data.version !== 1)
      throw new ParsimonyError('INPUT_INVALID', `template cache ${path} has version ${data.version}; this build reads version 1`);
    // Vectors of another embedder live in another space: keep the templates for exact matches only.
    const sameSpace = data.embedder === embedder;
    await store.put(data.templates.map((t) => (sameSpace ? t : { ...t, embedding: null })));
    await store.linkRecords(data.links.map(([recordId, templateId]) => ({ recordId, templateId })));
    return store;
  }
}

/** Found templates come back as the port says: without their vectors. */
function withoutVector(t: Template): Template {
  return { ...t, embedding: null };
}

export function matchesFilter(t: Template, filter: TemplateQuery['filter']): boolean {
  if (filter.source_id !== null && t.scope.source_id !== filter.source_id) return false;
  if (filter.document_type !== null && t.scope.document_type !== filter.document_type) return false;
  if (filter.template_version !== undefined && t.scope.template_version !== filter.template_version) return false;
  return true;
}
