/**
 * The searches of one template lookup, sent together in one `_msearch`: per query an exact term
 * on the skeleton and, when the query has an embedding, a filtered kNN search; and how their
 * hits become candidates.
 */
import type {
  MsearchRequestItem,
  MsearchResponseItem,
  QueryDslQueryContainer,
  SearchSearchRequestBody,
} from '@elastic/elasticsearch/lib/api/types';
import { fromDocument } from './elasticsearch-index.ts';
import type { Template } from './template.ts';
import type { LookupOptions, TemplateCandidate, TemplateQuery } from './template-store.ts';

/** Exact matches returned per query: one skeleton seldom has more than one template per scope. */
const EXACT_LIMIT = 10;
const RESCORE_OVERSAMPLE = 3;
/**
 * Exact-term answers are kept in the node's request cache until the next refresh that changed the
 * index, so they are never staler than a search: the same layout asked again meanwhile — in another
 * window, by another instance, a miss not kept in process — is answered from it. (kNN searches are
 * never cached there.)
 */
const EXACT_HEADER = { request_cache: true };
/**
 * What a lookup reads of each hit: the template without its vector. Elasticsearch keeps vectors
 * out of the stored source and rebuilds them only when asked, and 256 floats as JSON were most of
 * each response; nothing reads a found template's vector.
 */
const SOURCE = { excludes: ['embedding', 'embedder'] };

/** A query's searches, in this order, and which of the two it sends. */
export type SearchPlan = { searches: MsearchRequestItem[]; exact: boolean; near: boolean };

/**
 * The exact-skeleton search (unless the caller has the exact matches), then (when the query has a
 * usable embedding) the kNN search.
 */
export function searchesOf(query: TemplateQuery, options: LookupOptions): SearchPlan {
  const scope = scopeClauses(query.filter);
  const exact = query.nearOnly !== true;
  const searches: MsearchRequestItem[] = exact ? [EXACT_HEADER, exactSearch(query, scope)] : [];
  const embedding = query.embedding;
  const near = embedding?.some((x) => x !== 0) === true;
  if (near) searches.push({}, knnSearch(query, embedding!, scope, options));
  return { searches, exact, near };
}

type Scope = ReturnType<typeof scopeClauses>;

function exactSearch(query: TemplateQuery, scope: Scope): SearchSearchRequestBody {
  return {
    size: EXACT_LIMIT,
    track_total_hits: false,
    query: { bool: { filter: [{ term: { skeleton: query.skeleton } }, ...scope.filter], must_not: scope.mustNot } },
    sort: [{ hitCount: 'desc' }, { id: 'asc' }],
    _source: SOURCE,
  };
}

function knnSearch(query: TemplateQuery, embedding: number[], scope: Scope, options: LookupOptions): SearchSearchRequestBody {
  return {
    size: options.k,
    track_total_hits: false,
    // As a query rather than the top-level knn section: one phase instead of a DFS round before
    // the query (the same neighbours on one shard, and on several each shard gives its best k).
    query: {
      knn: {
        field: 'embedding',
        query_vector: embedding,
        k: options.k,
        // The search gathers k × oversample to re-score, and needs at least that many candidates.
        num_candidates: Math.max(options.numCandidates, options.k * RESCORE_OVERSAMPLE),
        // int8 scores drift up to ~0.02 from the true cosine at 256 dims; the matcher's threshold
        // needs better, so the best k × 3 are re-scored on the float vectors (exact, same latency).
        rescore_vector: { oversample: RESCORE_OVERSAMPLE },
        // The exact match is already first; excluding it here keeps k genuine neighbours.
        // Inside the knn clause the scope is a pre-filter: the k neighbours are the nearest of the
        // source's own templates, not the nearest overall with other sources' dropped afterwards.
        filter: { bool: { filter: scope.filter, must_not: [...scope.mustNot, { term: { skeleton: query.skeleton } }] } },
      },
    },
    _source: SOURCE,
  };
}

function scopeClauses(filter: TemplateQuery['filter']): { filter: QueryDslQueryContainer[]; mustNot: QueryDslQueryContainer[] } {
  const out = { filter: [] as QueryDslQueryContainer[], mustNot: [] as QueryDslQueryContainer[] };
  if (filter.source_id !== null) out.filter.push({ term: { 'scope.source_id': filter.source_id } });
  if (filter.document_type !== null) out.filter.push({ term: { 'scope.document_type': filter.document_type } });
  if (filter.template_version === null) out.mustNot.push({ exists: { field: 'scope.template_version' } });
  else if (filter.template_version !== undefined) out.filter.push({ term: { 'scope.template_version': filter.template_version } });
  return out;
}

/** One item of a bulk, mget or msearch request that the node refused, with its HTTP status and error type. */
export class ItemFailure extends Error {
  /** Unknown for an mget item, which carries none. */
  readonly status: number | undefined;
  readonly type: string;
  constructor(status: number | undefined, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

type Hit = { template: Template; score: number };

export function hitsOf(response: MsearchResponseItem | undefined): Hit[] {
  if (!response) throw new Error('msearch answered fewer searches than it was sent');
  if ('error' in response)
    throw new ItemFailure(response.status, response.error.type, `search failed: ${response.error.type}: ${response.error.reason ?? ''}`);
  return response.hits.hits.map((hit) => ({ template: fromDocument(hit._source as Record<string, unknown>), score: hit._score ?? 0 }));
}

/** For cosine Elasticsearch scores (1 + cos) / 2, so cos = 2 * score - 1. */
export function mergeCandidates(exact: Hit[], near: Hit[]): TemplateCandidate[] {
  const ids = new Set(exact.map((h) => h.template.id));
  return [
    ...exact.map(({ template }) => ({ template, similarity: 1, exact: true })),
    ...near
      .filter((h) => !ids.has(h.template.id))
      .map(({ template, score }) => ({ template, similarity: Math.min(1, Math.max(-1, 2 * score - 1)), exact: false })),
  ];
}
