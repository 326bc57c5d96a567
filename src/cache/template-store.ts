/**
 * The port of the template cache's storage. Adapters: an in-process store (the embedded default,
 * persisted to a file), Elasticsearch (production), and the hot templates of another store kept in
 * process in front of it (hot-templates.ts). All pass test/cache/template-store-conformance.ts.
 *
 * Deliberately left out: deciding whether a candidate is a hit (similarity threshold, time
 * decay, source-metadata invalidation, the lexical gate and re-grounding live in matching.ts, the
 * same for every store), embeddings (computed before the store is asked), and admission.
 */
import type { Template } from './template.ts';

export type TemplateQuery = {
  /** The caller's key for this query (answers come back under it). */
  key: string;
  skeleton: string;
  /** Null when the store is asked for exact matches only. */
  embedding: number[] | null;
  /**
   * The caller has this query's exact matches already (the hot templates in front of the store):
   * the store returns its near ones only, and nothing without an embedding.
   */
  nearOnly?: boolean;
  /** Candidates must share these; null template_version matches templates without one. */
  filter: { source_id: string | null; document_type: string | null; template_version: string | null | undefined };
};

export type TemplateCandidate = {
  /** The stored template without its embedding (null): the vector stays in the store, nothing reads it back. */
  template: Template;
  /** Cosine similarity of the skeletons' embeddings, 1 for an exact skeleton match. */
  similarity: number;
  exact: boolean;
};

export type LookupOptions = {
  /** Nearest neighbours returned per query. */
  k: number;
  /** Candidates the approximate search examines per shard (Elasticsearch num_candidates). */
  numCandidates: number;
};

export type TemplateStore = {
  /**
   * For each query, the exact-skeleton match (if any; none asked for a nearOnly query) first, then
   * up to k nearest neighbours. One round trip for the whole micro-batch.
   */
  lookup(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>>;
  /**
   * The exact matches the store has at hand, in process, without a round trip: for each query it
   * can answer so, what `lookup` would list first for it (within the staleness the adapter
   * documents). A query left out of the answer has to be looked up. Never near matches.
   */
  exactAtHand(queries: readonly TemplateQuery[]): Map<string, TemplateCandidate[]>;
  /** Inserts or replaces templates by id. */
  put(templates: readonly Template[]): Promise<void>;
  /** Records hits: hit_count += 1 and last_hit_at per id. */
  recordHits(hits: readonly { id: string; at: number }[]): Promise<void>;
  /** Removes templates by id. */
  evict(ids: readonly string[]): Promise<void>;
  /** Remembers which template answered (or was learnt from) which record, for feedback. */
  linkRecords(links: readonly { recordId: string; templateId: string }[]): Promise<void>;
  /** The template linked to each record id, where there is one. */
  templatesOfRecords(recordIds: readonly string[]): Promise<Map<string, string>>;
  /** Counts feedback against a template. */
  recordFeedback(feedback: readonly { id: string; correct: boolean }[]): Promise<void>;
  /** Number of templates stored. */
  size(): Promise<number>;
  close(): Promise<void>;
};

/**
 * What an exact match depends on: the skeleton and the whole filter (an undefined template_version
 * matches any, a null one only templates without one). Queries with equal keys have the same
 * exact matches.
 */
export function exactMatchKey(query: Pick<TemplateQuery, 'skeleton' | 'filter'>): string {
  const { source_id, document_type, template_version } = query.filter;
  return JSON.stringify([query.skeleton, source_id, document_type, template_version === undefined ? ['any'] : template_version]);
}
