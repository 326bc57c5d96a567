/**
 * The production template store: templates in one Elasticsearch index (exact term on the
 * skeleton, filtered kNN on its embedding), record → template links in `<index>-links`. Both
 * names are aliases of an index made with its mapping, and every write requires the alias: a
 * write after the index was deleted is refused rather than creating an index with a mapping
 * Elasticsearch guesses, and the first call that finds an index missing has the store make it
 * again (once, in the background) while the cache rests.
 *
 * Built for a node without scripts or _update_by_query: every write is a `_bulk`, and counters
 * are read (mget) then written back as partial documents guarded by `if_seq_no`, so two
 * consumers recording hits on the same template at once both count. Every call is bounded by
 * `requestTimeoutMs` in total, and any failure to get an answer is ELASTICSEARCH_UNREACHABLE, so
 * the pipeline can go on without the cache.
 */
import { type Client, errors } from '@elastic/elasticsearch';
import type { BulkResponse } from '@elastic/elasticsearch/lib/api/types';
import { describeError, ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import {
  ensureIndex,
  errorType,
  INDEX_NOT_FOUND,
  linkMappings,
  templateMappings,
  toDocument,
  type VectorIndex,
} from './elasticsearch-index.ts';
import { hitsOf, ItemFailure, mergeCandidates, searchesOf } from './elasticsearch-queries.ts';
import type { Template } from './template.ts';
import { exactMatchKey, type LookupOptions, type TemplateCandidate, type TemplateQuery, type TemplateStore } from './template-store.ts';

export type ElasticsearchTemplateStoreOptions = {
  /** Owned by the caller: `close()` leaves it open. */
  client: Client;
  /**
   * Alias of the templates' index, created (with `<index>-v1` behind it) at open if missing;
   * links go to `<index>-links`. A concrete index of this name, made by an older build, is used as it is.
   */
  index: string;
  /** Length of every embedding; an existing index with another length is refused at open. */
  dimensions: number;
  /** The embedder's id (Embedder.id); an existing index of another embedder is refused at open. */
  embedderId: string;
  /** Bound of each call, all of its requests together. */
  requestTimeoutMs: number;
  /**
   * Bound of each request that creates, checks or re-creates the indices (default 60 s): a node
   * that has just started takes seconds to create an index, far longer than a lookup may.
   */
  setupTimeoutMs?: number;
  /**
   * When writes become visible to lookups. Default false: within the index refresh interval
   * (1 s), at no extra cost — a template learnt in this batch may be missed by the next one,
   * which costs at most one more model call. 'wait_for': each write returns only once it is
   * searchable, adding up to a refresh interval to every write (tests, backfills that re-read).
   */
  refresh?: false | 'wait_for';
  /**
   * The templates index's refresh interval, set at open (default 1 s): how long another instance
   * may go on finding a template this one evicted, or not finding one it learnt. Set explicitly, so
   * the shard refreshes on time even through a spell without searches: left to Elasticsearch, a
   * shard idle for 30 s stops refreshing and the first lookup after it waits for one.
   */
  refreshIntervalMs?: number;
  /** How a new index keeps its vectors (default hnsw); see VectorIndex. An index there keeps its own, or takes a graph asked for. */
  vectorIndex?: VectorIndex;
  logger?: Logger;
};

/**
 * Read-modify-write rounds before a counter update that keeps conflicting gives up (the call's
 * deadline usually ends it first). Every round one writer of a contended template wins, so N
 * consumers hitting the same template at once all finish within N rounds.
 */
const CONFLICT_ROUNDS = 32;
const COUNTERS = ['hitCount', 'lastHitAt', 'feedback'];
const SETUP_TIMEOUT_MS = 60_000;
const REFRESH_INTERVAL_MS = 1_000;

type Transport = { signal: AbortSignal; requestTimeout: number; maxRetries: number };
type Counters = Pick<Template, 'hitCount' | 'lastHitAt' | 'feedback'>;
type Change = (current: Counters) => Partial<Counters>;

export class ElasticsearchTemplateStore implements TemplateStore {
  readonly #client: Client;
  readonly #index: string;
  readonly #links: string;
  readonly #options: ElasticsearchTemplateStoreOptions;
  /** Whether each name is an alias (so writes require it), or a concrete index of an older build. */
  #aliased = { templates: true, links: true };
  /** Re-creating a missing index, when under way: one at a time, however many calls found it missing. */
  #recovery: Promise<void> | undefined;

  private constructor(options: ElasticsearchTemplateStoreOptions) {
    this.#client = options.client;
    this.#index = options.index;
    this.#links = `${options.index}-links`;
    this.#options = options;
  }

  /**
   * Creates or migrates both indices; CONFIG_INVALID when an index holds another embedder's
   * vectors or was not made by parsimony.
   */
  static async open(options: ElasticsearchTemplateStoreOptions): Promise<ElasticsearchTemplateStore> {
    const store = new ElasticsearchTemplateStore(options);
    try {
      await store.#setUp();
    } catch (error) {
      throw store.#failure('open', error);
    }
    return store;
  }

  async #setUp(): Promise<void> {
    const { client, logger, dimensions, embedderId, vectorIndex } = this.#options;
    const common = { client, requestTimeoutMs: this.#options.setupTimeoutMs ?? SETUP_TIMEOUT_MS, ...(logger ? { logger } : {}) };
    const templates = await ensureIndex({
      ...common,
      index: this.#index,
      mappings: templateMappings(dimensions, embedderId, vectorIndex),
      refreshIntervalMs: this.#options.refreshIntervalMs ?? REFRESH_INTERVAL_MS,
    });
    const links = await ensureIndex({ ...common, index: this.#links, mappings: linkMappings() });
    this.#aliased = { templates: templates.alias, links: links.alias };
  }

  /** Starts re-creating the missing index unless that is under way; its outcome is logged. */
  #recover(): void {
    if (this.#recovery) return;
    const logger = this.#options.logger;
    const index = this.#index;
    logger?.warn('template cache index missing: re-creating it with its mapping; the cache rests meanwhile', { index });
    this.#recovery = this.#setUp()
      .then(
        () => logger?.info('template cache index re-created; the cache serves again', { index }),
        (error) => logger?.error('template cache index could not be re-created', { index, error }),
      )
      .finally(() => {
        this.#recovery = undefined;
      });
  }

  async lookup(queries: readonly TemplateQuery[], options: LookupOptions): Promise<Map<string, TemplateCandidate[]>> {
    const out = new Map<string, TemplateCandidate[]>();
    if (queries.length === 0) return out;
    const wrong = queries.find((q) => q.embedding !== null && q.embedding.length !== this.#options.dimensions);
    if (wrong) throw this.#otherSpace(`query ${wrong.key}`, wrong.embedding!.length);
    const plans = [...sameSearches(queries).values()].map((alike) => ({
      keys: alike.map((q) => q.key),
      plan: searchesOf(alike[0]!, options),
    }));
    const searches = plans.flatMap(({ plan }) => plan.searches);
    // Near-only queries without an embedding have nothing to ask.
    if (searches.length === 0) return new Map(queries.map((q) => [q.key, []]));
    return this.#call('lookup', async (t) => {
      const { responses } = await this.#client.msearch({ index: this.#index, searches }, t);
      let at = 0;
      for (const { keys, plan } of plans) {
        const exact = plan.exact ? hitsOf(responses[at++]) : [];
        const near = plan.near ? hitsOf(responses[at++]) : [];
        const candidates = mergeCandidates(exact, near);
        for (const key of keys) out.set(key, candidates);
      }
      return out;
    });
  }

  /** Nothing: every template is a round trip away (HotTemplateStore keeps the hot ones in process). */
  exactAtHand(): Map<string, TemplateCandidate[]> {
    return new Map();
  }

  async put(templates: readonly Template[]): Promise<void> {
    if (templates.length === 0) return;
    const wrong = templates.find((t) => t.embedding !== null && t.embedding.length !== this.#options.dimensions);
    if (wrong) throw this.#otherSpace(`template ${wrong.id}`, wrong.embedding!.length);
    const operations = templates.flatMap((t) => [{ index: { _id: t.id } }, toDocument(t, this.#options.embedderId)]);
    await this.#call('put', async (t) =>
      checkBulk(await this.#client.bulk({ ...this.#writeTo('templates'), operations, ...this.#refresh() }, t)),
    );
  }

  async recordHits(hits: readonly { id: string; at: number }[]): Promise<void> {
    const byId = new Map<string, { count: number; at: number }>();
    for (const { id, at } of hits) {
      const seen = byId.get(id);
      byId.set(id, { count: (seen?.count ?? 0) + 1, at: Math.max(seen?.at ?? at, at) });
    }
    const changes = new Map<string, Change>(
      [...byId].map(([id, hit]) => [
        id,
        (c: Counters) => ({
          hitCount: c.hitCount + hit.count,
          lastHitAt: Math.max(c.lastHitAt ?? 0, hit.at),
        }),
      ]),
    );
    await this.#updateCounters('recordHits', changes);
  }

  async recordFeedback(feedback: readonly { id: string; correct: boolean }[]): Promise<void> {
    const byId = new Map<string, { correct: number; incorrect: number }>();
    for (const { id, correct } of feedback) {
      const seen = byId.get(id) ?? { correct: 0, incorrect: 0 };
      byId.set(id, correct ? { ...seen, correct: seen.correct + 1 } : { ...seen, incorrect: seen.incorrect + 1 });
    }
    const changes = new Map<string, Change>(
      [...byId].map(([id, add]) => [
        id,
        (c: Counters) => ({
          feedback: { correct: c.feedback.correct + add.correct, incorrect: c.feedback.incorrect + add.incorrect },
        }),
      ]),
    );
    await this.#updateCounters('recordFeedback', changes);
  }

  async evict(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const operations = ids.map((id) => ({ delete: { _id: id } }));
    await this.#call('evict', async (t) =>
      checkBulk(await this.#client.bulk({ ...this.#writeTo('templates'), operations, ...this.#refresh() }, t)),
    );
  }

  async linkRecords(links: readonly { recordId: string; templateId: string }[]): Promise<void> {
    if (links.length === 0) return;
    const operations = links.flatMap((l) => [{ index: { _id: l.recordId } }, { templateId: l.templateId }]);
    await this.#call('linkRecords', async (t) =>
      checkBulk(await this.#client.bulk({ ...this.#writeTo('links'), operations, ...this.#refresh() }, t)),
    );
  }

  async templatesOfRecords(recordIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (recordIds.length === 0) return out;
    const ids = [...new Set(recordIds)];
    return this.#call('templatesOfRecords', async (t) => {
      const { docs } = await this.#client.mget<{ templateId: string }>({ index: this.#links, ids, _source_includes: ['templateId'] }, t);
      for (const doc of docs) {
        if ('error' in doc) throw itemFailure(doc._id, doc.error);
        if (doc.found && doc._source) out.set(doc._id, doc._source.templateId);
      }
      return out;
    });
  }

  async size(): Promise<number> {
    const { count } = await this.#call('size', (t) => this.#client.count({ index: this.#index }, t));
    return count;
  }

  /** Waits for a re-creation under way; the client belongs to whoever created it. */
  async close(): Promise<void> {
    await this.#recovery;
  }

  /**
   * Read the counters (mget is real-time, refresh or not), write them back guarded by the
   * sequence number read; ids another writer changed in between are read and written again.
   */
  async #updateCounters(what: string, changes: Map<string, Change>): Promise<void> {
    if (changes.size === 0) return;
    await this.#call(what, async (t) => {
      let pending = [...changes.keys()];
      for (let round = 0; pending.length > 0; round += 1) {
        if (round === CONFLICT_ROUNDS) throw new Error(`${pending.length} templates kept changing under ${CONFLICT_ROUNDS} attempts`);
        const { docs } = await this.#client.mget<Counters>({ index: this.#index, ids: pending, _source_includes: COUNTERS }, t);
        const operations = docs.flatMap((doc) => {
          if ('error' in doc) throw itemFailure(doc._id, doc.error);
          // A template evicted meanwhile has nothing left to count.
          if (!doc.found || !doc._source) return [];
          const guard = { _id: doc._id, if_seq_no: doc._seq_no!, if_primary_term: doc._primary_term! };
          return [{ update: guard }, { doc: changes.get(doc._id)!(doc._source) }];
        });
        if (operations.length === 0) return;
        pending = checkBulk(await this.#client.bulk({ ...this.#writeTo('templates'), operations, ...this.#refresh() }, t));
      }
    });
  }

  /** A vector of another length comes from another embedder than the index was opened for: a wiring mistake. */
  #otherSpace(what: string, length: number): ParsimonyError {
    return new ParsimonyError(
      'CONFIG_INVALID',
      `${what} has a ${length}-dimension embedding; index "${this.#index}" holds ${this.#options.dimensions} dimensions of "${this.#options.embedderId}"`,
    );
  }

  /** Through an alias, a write requires it: on a missing index it is refused instead of creating one. */
  #writeTo(which: 'templates' | 'links'): { index: string; require_alias?: true } {
    const index = which === 'templates' ? this.#index : this.#links;
    return this.#aliased[which] ? { index, require_alias: true } : { index };
  }

  #refresh(): { refresh?: 'wait_for' } {
    return this.#options.refresh === 'wait_for' ? { refresh: 'wait_for' } : {};
  }

  /** Runs one call's requests under one deadline; what fails becomes a ParsimonyError. */
  async #call<T>(what: string, run: (transport: Transport) => Promise<T>): Promise<T> {
    const timeout = this.#options.requestTimeoutMs;
    const signal = AbortSignal.timeout(timeout);
    try {
      return await run({ signal, requestTimeout: timeout, maxRetries: 0 });
    } catch (error) {
      if (indexMissing(error)) this.#recover();
      // The transport reports our deadline's abort as a ConnectionError: the signal tells them apart.
      throw this.#failure(what, error, signal.aborted);
    }
  }

  #failure(what: string, error: unknown, deadlinePassed = false): ParsimonyError {
    if (error instanceof ParsimonyError) return error;
    const status = error instanceof errors.ResponseError ? error.statusCode : error instanceof ItemFailure ? error.status : undefined;
    const slow = deadlinePassed || error instanceof errors.TimeoutError;
    const missing = indexMissing(error);
    const detail = slow
      ? `no answer within ${this.#options.requestTimeoutMs} ms`
      : missing
        ? `the index is missing, and is being re-created with its mapping (${describeError(error)})`
        : describeError(error);
    // A refused request (4xx other than 429) would be refused again, but for a missing index, being
    // re-created; anything else may pass later.
    const retryable = missing || status === undefined || status === 429 || status >= 500;
    return new ParsimonyError(
      'ELASTICSEARCH_UNREACHABLE',
      `template cache ${what} on Elasticsearch index "${this.#index}" failed: ${detail}`,
      { retryable, cause: error },
    );
  }
}

/**
 * A window often holds one narrative layout many times: queries asking the same (skeleton, filter,
 * with or without kNN, with or without the exact term) are searched once. Equal skeletons have
 * equal embeddings.
 */
function sameSearches(queries: readonly TemplateQuery[]): Map<string, TemplateQuery[]> {
  const groups = new Map<string, TemplateQuery[]>();
  for (const query of queries) {
    const key = `${exactMatchKey(query)}${query.embedding ? ' knn' : ''}${query.nearOnly ? ' near only' : ''}`;
    const group = groups.get(key);
    if (group) group.push(query);
    else groups.set(key, [query]);
  }
  return groups;
}

/** Throws on failed items, ignores deletes and updates of documents that are gone; returns ids that lost a version race. */
function checkBulk(result: BulkResponse): string[] {
  if (!result.errors) return [];
  const conflicts: string[] = [];
  for (const item of result.items) {
    const [action, outcome] = Object.entries(item)[0]!;
    const documentGone = outcome.status === 404 && action !== 'index' && outcome.error?.type !== INDEX_NOT_FOUND;
    if (!outcome.error || documentGone) continue;
    if (outcome.status === 409) conflicts.push(outcome._id!);
    else throw itemFailure(outcome._id, outcome.error, outcome.status);
  }
  return conflicts;
}

function itemFailure(id: string | null | undefined, error: { type: string; reason?: string | null }, status?: number): ItemFailure {
  return new ItemFailure(status, error.type, `${id ?? ''}: ${error.type}: ${error.reason ?? ''}`);
}

/** Whether a call failed because an index or alias is not there (deleted while the store was open). */
function indexMissing(error: unknown): boolean {
  return (error instanceof ItemFailure ? error.type : errorType(error)) === INDEX_NOT_FOUND;
}
