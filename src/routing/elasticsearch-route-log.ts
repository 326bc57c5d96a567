/**
 * The service's route log: one Elasticsearch document per routed record, `_id` = record_id, so
 * a verdict that arrives days later, at any instance, finds the features and answers behind it.
 *
 * Like the template store, the log reads and writes through an alias of an index it made itself
 * with an explicit, strict mapping (`<alias>-v1`, stamped `_meta.parsimony.kind = routes`); every
 * write requires the alias, so a write after the index was deleted is refused rather than
 * creating an index with a mapping Elasticsearch guesses, and the first call that finds the index
 * missing has the log make it again (once, in the background). An index of that name it did not
 * make, or of another kind, is refused at open and never written to.
 *
 * Only what is queried is indexed: `teaches` (a verdict came, or two tiers answered) for the
 * training read, `at` to order it and to expire entries, and a few keywords for operators;
 * features, attempts and answers are kept in the source only.
 *
 * Beside each entry the log keeps its label basis (examples.ts: whether each answer agrees with
 * the emitted one, and with a verdict's correction), written with the entry and with each
 * verdict, so a training reads entries without their answers' fields (in a 1M-record backlog's log,
 * 0.7 KB an entry as JSON instead of 1.3).
 * An entry whose basis is missing or older than its verdict (written by an earlier build, or a
 * correction between its two writes) is read whole and labelled here.
 *
 * Bounded by age: entries older than ROUTE_RETENTION_MS are deleted by a sweep that runs at most
 * once an hour per instance. The sweep searches expired ids and deletes them in bulk, since the
 * node may lack _delete_by_query (the reindex module); deleting is idempotent, so instances
 * sweeping at once do no harm.
 */
import { type Client, errors } from '@elastic/elasticsearch';
import type { BulkResponse, IndicesGetResponse, MappingTypeMapping, SortResults } from '@elastic/elasticsearch/lib/api/types';
import { concreteIndexName, errorType, INDEX_NOT_FOUND } from '../cache/elasticsearch-index.ts';
import { ItemFailure } from '../cache/elasticsearch-queries.ts';
import type { Clock } from '../common/clock.ts';
import { describeError, ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import {
  type LabelBasis,
  labelBasisOf,
  type RouteOutline,
  type TrainingEntry,
  trainingEntryOf,
  trainingEntryOfOutline,
} from './examples.ts';
import { type RouteEntry, type RouteVerdict, teaches } from './route-entry.ts';
import type { RouteLog } from './route-log.ts';

/**
 * A verdict comes within days of the answer, and training reads the most recent labelled entries
 * only; a month keeps every verdict's route with room to spare and bounds the index by the
 * stream's rate (about 1–2 KB an entry).
 */
export const ROUTE_RETENTION_MS = 30 * 24 * 3_600_000;
/** Expired entries are few an hour; sweeping more often would only add searches. */
export const SWEEP_INTERVAL_MS = 3_600_000;
/** Added fields (`labelling`) keep the version: a build that knows 1 neither writes nor needs them. */
export const ROUTE_LOG_MAPPING_VERSION = 1;

const SETUP_TIMEOUT_MS = 60_000;
// Reading a training window (up to tens of thousands of entries) takes longer than a window's lookups may.
const READ_TIMEOUT_MS = 60_000;
// A page of the training read is held twice while it is parsed (the response's JSON and the
// entries) until the training keeps its compact form; without the answers' fields an entry is
// ~0.7 KB as JSON, so pages of 1,000 keep that to a few MiB. The sweep reads ids only.
const TRAINING_PAGE_SIZE = 1_000;
/** What a training reads of an entry: all but the answers' fields, which its label basis stands for. */
const TRAINING_SOURCE = { excludes: ['attempts.fields', 'final.fields', 'verdict.corrected_fields'] };
const SWEEP_PAGE_SIZE = 5_000;
const SWEEP_PAGES = 20;

export type RouteLogStamp = { kind: 'routes'; mappingVersion: number };

export type ElasticsearchRouteLogOptions = {
  /** Owned by the caller: `close()` leaves it open. */
  client: Client;
  /** Alias of the log's index, created (with `<index>-v1` behind it) at open if missing. */
  index: string;
  /** Bound of each call on the record's path (record, find, label), all of its requests together. */
  requestTimeoutMs: number;
  /** Bound of each request that creates, checks or re-creates the index. */
  setupTimeoutMs?: number;
  /** Bound of reading a training window and of a sweep. */
  readTimeoutMs?: number;
  /** Entries per page of the training read and the sweep (tests make it small). */
  pageSize?: number;
  retentionMs?: number;
  /** Whether each write returns only once searchable (the sweep's search; the training read refreshes itself). Default false. */
  refresh?: false | 'wait_for';
  clock: Clock;
  logger?: Logger;
};

const keyword = { type: 'keyword' } as const;
const epochMillis = { type: 'date', format: 'epoch_millis' } as const;
const boolean = { type: 'boolean' } as const;
const sourceOnly = { type: 'object', enabled: false } as const;

export function routeLogMappings(): MappingTypeMapping & { _meta: { parsimony: RouteLogStamp } } {
  return {
    dynamic: 'strict',
    _meta: { parsimony: { kind: 'routes', mappingVersion: ROUTE_LOG_MAPPING_VERSION } },
    properties: {
      record_id: keyword,
      source_id: keyword,
      at: epochMillis,
      router_version: keyword,
      explored: boolean,
      teaches: boolean,
      features: sourceOnly,
      attempts: sourceOnly,
      final: { properties: { tier: keyword, status: keyword, fields: sourceOnly } },
      verdict: { properties: { correct: boolean, at: epochMillis, corrected_fields: sourceOnly } },
      labelling: sourceOnly,
    },
  };
}

type Transport = { signal: AbortSignal; requestTimeout: number; maxRetries: number };
/**
 * An entry's label basis as kept: `agrees` written with the entry; `corrected` with each verdict,
 * with the verdict's `at` in `verdictAt` (null while a correction's flags are still to be written).
 */
type Labelling = { agrees: readonly boolean[]; verdictAt: number | null; corrected: readonly boolean[] | null };
type Document = RouteEntry & { teaches: boolean; labelling?: Partial<Labelling> };
/** A document as the training reads it. */
type Outline = RouteOutline & { labelling?: Partial<Labelling>; verdict: { correct: boolean; at: number } | null };

export class ElasticsearchRouteLog implements RouteLog {
  readonly #client: Client;
  readonly #index: string;
  readonly #o: ElasticsearchRouteLogOptions;
  #recovery: Promise<void> | undefined;
  #sweeping: Promise<unknown> | undefined;
  #lastSweep = Number.NEGATIVE_INFINITY;

  private constructor(options: ElasticsearchRouteLogOptions) {
    this.#client = options.client;
    this.#index = options.index;
    this.#o = options;
  }

  /** Creates the index behind its alias, or checks the one there; CONFIG_INVALID when it is not the log's. */
  static async open(options: ElasticsearchRouteLogOptions): Promise<ElasticsearchRouteLog> {
    const log = new ElasticsearchRouteLog(options);
    try {
      await log.#setUp();
    } catch (error) {
      throw log.#failure('open', error);
    }
    return log;
  }

  async record(entries: readonly RouteEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const operations = entries.flatMap((entry) => [{ index: { _id: entry.record_id } }, toDocument(entry)]);
    await this.#call('record', this.#o.requestTimeoutMs, async (t) => {
      const failed = bulkFailures(await this.#client.bulk({ index: this.#index, require_alias: true, operations, ...this.#refresh() }, t));
      if (failed.length > 0) throw failed[0];
    });
    this.#sweepWhenDue();
  }

  async find(recordIds: readonly string[]): Promise<Map<string, RouteEntry>> {
    return this.#call('find', this.#o.requestTimeoutMs, (t) => this.#get([...new Set(recordIds)], t));
  }

  /** The entries of these (distinct) ids that exist, read whole; no request for none. */
  async #get(ids: string[], t: Transport): Promise<Map<string, RouteEntry>> {
    const found = new Map<string, RouteEntry>();
    if (ids.length === 0) return found;
    const { docs } = await this.#client.mget<Document>({ index: this.#index, ids }, t);
    for (const doc of docs) {
      if ('error' in doc) throw itemFailure(doc._id, doc.error);
      if (doc.found && doc._source) found.set(doc._id, fromDocument(doc._source));
    }
    return found;
  }

  /**
   * A partial update of each existing entry (an unknown record_id is skipped, never created);
   * returns the entries as updated. A correction's flags need the answers, which come back with
   * the update: they follow in a second one, and until then the training read takes the entry whole.
   */
  async label(verdicts: ReadonlyMap<string, RouteVerdict>): Promise<RouteEntry[]> {
    if (verdicts.size === 0) return [];
    const operations = [...verdicts].flatMap(([id, verdict]) => {
      const labelling: Partial<Labelling> = { verdictAt: verdict.corrected_fields ? null : verdict.at, corrected: null };
      return [{ update: { _id: id, _source: true } }, { doc: { verdict, teaches: true, labelling } }];
    });
    return this.#call('label', this.#o.requestTimeoutMs, async (t) => {
      const result = await this.#client.bulk({ index: this.#index, require_alias: true, operations, ...this.#refresh() }, t);
      const failed = bulkFailures(result);
      if (failed.length > 0) throw failed[0];
      const labelled = result.items.flatMap((item) => {
        const source = item.update?.get?._source as Document | undefined;
        return source ? [fromDocument(source)] : [];
      });
      const corrections = labelled.flatMap((entry) => {
        if (!entry.verdict?.corrected_fields) return [];
        const labelling: Partial<Labelling> = { verdictAt: entry.verdict.at, corrected: labelBasisOf(entry).corrected };
        return [{ update: { _id: entry.record_id } }, { doc: { labelling } }];
      });
      if (corrections.length > 0) {
        const second = bulkFailures(
          await this.#client.bulk({ index: this.#index, require_alias: true, operations: corrections, ...this.#refresh() }, t),
        );
        if (second.length > 0) throw second[0];
      }
      return labelled;
    });
  }

  /**
   * Refreshes the index first: a training starts right after the verdicts that called for it were
   * written, and without it would miss up to a refresh interval of them (the newest, and for the
   * last verdicts of a burst, until the next training). Trainings are far apart; a refresh is cheap.
   */
  async labelled(limit: number): Promise<TrainingEntry[]> {
    const out: TrainingEntry[] = [];
    const pageSize = this.#o.pageSize ?? TRAINING_PAGE_SIZE;
    return this.#call('labelled', this.#o.readTimeoutMs ?? READ_TIMEOUT_MS, async (t) => {
      await this.#client.indices.refresh({ index: this.#index }, t);
      let after: SortResults | undefined;
      let read = 0;
      while (read < limit) {
        const size = Math.min(pageSize, limit - read);
        const { hits } = await this.#client.search<Outline>(
          {
            index: this.#index,
            query: { term: { teaches: true } },
            // record_id breaks ties of `at` (a window's entries share it), so pages neither skip nor repeat.
            sort: [{ at: 'desc' }, { record_id: 'asc' }],
            size,
            track_total_hits: false,
            _source: TRAINING_SOURCE,
            ...(after ? { search_after: after } : {}),
          },
          t,
        );
        read += hits.hits.length;
        const page = hits.hits.flatMap((hit) => (hit._source ? [{ outline: hit._source, basis: basisOf(hit._source) }] : []));
        // Entries without a current basis are read whole (one deleted meanwhile is left out).
        const whole = await this.#get(
          page.filter(({ basis }) => !basis).map(({ outline }) => outline.record_id),
          t,
        );
        for (const { outline, basis } of page) {
          if (basis) out.push(trainingEntryOfOutline(outline, basis));
          else {
            const entry = whole.get(outline.record_id);
            if (entry) out.push(trainingEntryOf(entry));
          }
        }
        if (hits.hits.length < size) break;
        after = hits.hits.at(-1)!.sort;
      }
      return out;
    });
  }

  /**
   * Deletes the entries older than the retention; returns how many. A sweep reads at most
   * SWEEP_PAGES pages: a backlog larger than that goes at the next sweeps.
   */
  async sweep(): Promise<number> {
    const cutoff = this.#o.clock.now() - (this.#o.retentionMs ?? ROUTE_RETENTION_MS);
    const pageSize = this.#o.pageSize ?? SWEEP_PAGE_SIZE;
    return this.#call('sweep', this.#o.readTimeoutMs ?? READ_TIMEOUT_MS, async (t) => {
      let deleted = 0;
      let after: SortResults | undefined;
      for (let page = 0; page < SWEEP_PAGES; page += 1) {
        const { hits } = await this.#client.search(
          {
            index: this.#index,
            query: { range: { at: { lt: cutoff } } },
            sort: [{ at: 'asc' }, { record_id: 'asc' }],
            size: pageSize,
            _source: false,
            track_total_hits: false,
            ...(after ? { search_after: after } : {}),
          },
          t,
        );
        if (hits.hits.length === 0) break;
        const operations = hits.hits.map((hit) => ({ delete: { _id: hit._id! } }));
        const failed = bulkFailures(
          await this.#client.bulk({ index: this.#index, require_alias: true, operations, ...this.#refresh() }, t),
        );
        if (failed.length > 0) throw failed[0];
        deleted += operations.length;
        if (hits.hits.length < pageSize) break;
        after = hits.hits.at(-1)!.sort;
      }
      return deleted;
    });
  }

  /** Waits for a sweep or a re-creation under way; the client belongs to whoever created it. */
  async close(): Promise<void> {
    await Promise.allSettled([this.#sweeping, this.#recovery]);
  }

  /** Starts a sweep in the background when the last one began an interval ago; its outcome is logged. */
  #sweepWhenDue(): void {
    const now = this.#o.clock.now();
    if (this.#sweeping || now - this.#lastSweep < SWEEP_INTERVAL_MS) return;
    this.#lastSweep = now;
    const logger = this.#o.logger;
    this.#sweeping = this.sweep()
      .then(
        (deleted) => {
          if (deleted > 0) logger?.info('expired routes deleted from the route log', { index: this.#index, deleted });
        },
        (error) => logger?.warn('the route log sweep failed; it runs again within the hour', { index: this.#index, error }),
      )
      .finally(() => {
        this.#sweeping = undefined;
      });
  }

  async #setUp(): Promise<void> {
    const timeout = this.#o.setupTimeoutMs ?? SETUP_TIMEOUT_MS;
    const transport = { requestTimeout: timeout, maxRetries: 0 };
    for (let round = 0; ; round += 1) {
      const existing = await this.#find(this.#index, transport);
      if (existing) {
        if (!existing.alias)
          throw this.#refused(`"${existing.concrete}" is a concrete index; the route log writes only through an alias`, existing.concrete);
        this.#refuseUnlessOurs(existing);
        await this.#addMissingFields(existing, transport);
        return;
      }
      const concrete = concreteIndexName(this.#index);
      const made = (await this.#find(concrete, transport)) ?? (await this.#create(concrete, transport));
      this.#refuseUnlessOurs(made);
      try {
        await this.#client.indices.updateAliases({ actions: [{ add: { index: made.concrete, alias: this.#index } }] }, transport);
        this.#o.logger?.info('route log index ready behind its alias', { alias: this.#index, index: made.concrete });
        return;
      } catch (error) {
        // An index took the name meanwhile: it is checked like any other, once.
        if (errorType(error) !== 'invalid_alias_name_exception' || round > 0) throw error;
      }
    }
  }

  /** Fields added since the index was made (an index of an earlier build lacks them), so a strict mapping takes the writes that carry them. */
  async #addMissingFields(found: Found, transport: { requestTimeout: number; maxRetries: number }): Promise<void> {
    const wanted = routeLogMappings().properties!;
    const missing = Object.fromEntries(Object.entries(wanted).filter(([name]) => !found.fields.has(name)));
    if (Object.keys(missing).length === 0) return;
    await this.#client.indices.putMapping({ index: found.concrete, properties: missing }, transport);
    this.#o.logger?.info('added fields to the route log mapping', { index: found.concrete, fields: Object.keys(missing) });
  }

  async #create(concrete: string, transport: { requestTimeout: number; maxRetries: number }): Promise<Found> {
    try {
      await this.#client.indices.create(
        { index: concrete, settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: routeLogMappings() },
        transport,
      );
      this.#o.logger?.info('created the route log index', { index: concrete, mappingVersion: ROUTE_LOG_MAPPING_VERSION });
    } catch (error) {
      // Another instance made it first.
      if (errorType(error) !== 'resource_already_exists_exception') throw error;
    }
    const found = await this.#find(concrete, transport);
    if (!found) throw new Error(`index "${concrete}" was deleted while it was being created`);
    return found;
  }

  async #find(name: string, transport: { requestTimeout: number; maxRetries: number }): Promise<Found | undefined> {
    let answer: IndicesGetResponse;
    try {
      answer = await this.#client.indices.get({ index: name, features: ['aliases', 'mappings'] }, transport);
    } catch (error) {
      if (errorType(error) === INDEX_NOT_FOUND) return undefined;
      throw error;
    }
    const entries = Object.entries(answer);
    if (entries.length !== 1)
      throw this.#refused(`"${name}" leads to ${entries.length} indices (${entries.map(([n]) => n).join(', ')}), not one`);
    const [concrete, state] = entries[0]!;
    const stamp = (state.mappings?._meta as { parsimony?: Partial<RouteLogStamp> } | undefined)?.parsimony;
    return { concrete, alias: concrete !== name, stamp, fields: new Set(Object.keys(state.mappings?.properties ?? {})) };
  }

  #refuseUnlessOurs(found: Found): void {
    const { stamp, concrete } = found;
    if (!stamp) throw this.#refused(`index "${concrete}" has no _meta.parsimony stamp, so parsimony did not create it`, concrete);
    if (stamp.kind !== 'routes') throw this.#refused(`index "${concrete}" is a ${stamp.kind} index, not a route log`, concrete);
    if ((stamp.mappingVersion ?? 0) > ROUTE_LOG_MAPPING_VERSION)
      throw this.#refused(
        `index "${concrete}" has mapping version ${stamp.mappingVersion}, written by a newer build; this build knows ${ROUTE_LOG_MAPPING_VERSION}`,
        concrete,
      );
  }

  #refused(problem: string, concrete?: string): ParsimonyError {
    const fix = concrete
      ? `Configure another index name, or delete index "${concrete}" (DELETE /${concrete}): the service then creates it behind alias "${this.#index}", and the route log starts empty.`
      : `Remove the alias "${this.#index}" from all but one index.`;
    return new ParsimonyError('CONFIG_INVALID', `Elasticsearch route log "${this.#index}" cannot be used: ${problem}. ${fix}`);
  }

  /** Starts re-creating the missing index unless that is under way; its outcome is logged. */
  #recover(): void {
    if (this.#recovery) return;
    const logger = this.#o.logger;
    const index = this.#index;
    logger?.warn('route log index missing: re-creating it with its mapping; routes are not kept meanwhile', { index });
    this.#recovery = this.#setUp()
      .then(
        () => logger?.info('route log index re-created', { index }),
        (error) => logger?.error('route log index could not be re-created', { index, error }),
      )
      .finally(() => {
        this.#recovery = undefined;
      });
  }

  #refresh(): { refresh?: 'wait_for' } {
    return this.#o.refresh === 'wait_for' ? { refresh: 'wait_for' } : {};
  }

  /** Runs one call's requests under one deadline; what fails becomes a ParsimonyError. */
  async #call<T>(what: string, timeout: number, run: (transport: Transport) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(timeout);
    try {
      return await run({ signal, requestTimeout: timeout, maxRetries: 0 });
    } catch (error) {
      if (indexMissing(error)) this.#recover();
      throw this.#failure(what, error, signal.aborted ? timeout : undefined);
    }
  }

  #failure(what: string, error: unknown, deadlinePassedMs?: number): ParsimonyError {
    if (error instanceof ParsimonyError) return error;
    const status = error instanceof errors.ResponseError ? error.statusCode : error instanceof ItemFailure ? error.status : undefined;
    const missing = indexMissing(error);
    const detail =
      deadlinePassedMs !== undefined || error instanceof errors.TimeoutError
        ? `no answer within ${deadlinePassedMs ?? this.#o.requestTimeoutMs} ms`
        : missing
          ? `the index is missing, and is being re-created with its mapping (${describeError(error)})`
          : describeError(error);
    const retryable = missing || status === undefined || status === 429 || status >= 500;
    return new ParsimonyError('ELASTICSEARCH_UNREACHABLE', `route log ${what} on Elasticsearch index "${this.#index}" failed: ${detail}`, {
      retryable,
      cause: error,
    });
  }
}

type Found = { concrete: string; alias: boolean; stamp: Partial<RouteLogStamp> | undefined; fields: ReadonlySet<string> };

export function toDocument(entry: RouteEntry): Document {
  const { agrees, corrected } = labelBasisOf(entry);
  const labelling: Labelling = { agrees, verdictAt: entry.verdict?.at ?? null, corrected };
  return { ...entry, teaches: teaches(entry), labelling };
}

export function fromDocument(source: Document): RouteEntry {
  const { teaches: _teaches, labelling: _labelling, ...entry } = source;
  return entry;
}

/** The label basis kept with a document, when it is there and as new as the document's verdict. */
function basisOf(outline: Outline): LabelBasis | null {
  const { agrees, verdictAt, corrected } = outline.labelling ?? {};
  if (!agrees || agrees.length !== outline.attempts.length) return null;
  if (!outline.verdict) return { agrees, corrected: null };
  if (verdictAt !== outline.verdict.at) return null;
  return { agrees, corrected: corrected ?? null };
}

/** The failed items of a bulk request; an update or delete of a document that is not there is no failure. */
function bulkFailures(result: BulkResponse): ItemFailure[] {
  if (!result.errors) return [];
  return result.items.flatMap((item) => {
    const [action, outcome] = Object.entries(item)[0]!;
    const documentGone = outcome.status === 404 && action !== 'index' && outcome.error?.type !== INDEX_NOT_FOUND;
    return !outcome.error || documentGone ? [] : [itemFailure(outcome._id, outcome.error, outcome.status)];
  });
}

function itemFailure(id: string | null | undefined, error: { type: string; reason?: string | null }, status?: number): ItemFailure {
  return new ItemFailure(status, error.type, `${id ?? ''}: ${error.type}: ${error.reason ?? ''}`);
}

function indexMissing(error: unknown): boolean {
  return (error instanceof ItemFailure ? error.type : errorType(error)) === INDEX_NOT_FOUND;
}

/** Deletes the log's index, behind its alias or not: cleanups (tests, operators) go through here. */
export async function deleteRouteLogIndex(client: Client, index: string): Promise<void> {
  const found = await client.indices.get({
    index: [index, concreteIndexName(index)],
    ignore_unavailable: true,
    allow_no_indices: true,
    features: ['aliases'],
  });
  const concrete = Object.keys(found);
  if (concrete.length > 0) await client.indices.delete({ index: concrete, ignore_unavailable: true });
}
