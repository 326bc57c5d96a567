/**
 * The Elasticsearch side of the template cache: the two indices' mappings, creating them behind
 * their aliases or checking and migrating the ones there, refusing an index whose vectors live in
 * another space or that parsimony did not make, and the conversion between a Template and its
 * document.
 */
import type { Client } from '@elastic/elasticsearch';
import type { IndicesGetResponse, MappingTypeMapping } from '@elastic/elasticsearch/lib/api/types';
import { ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Template } from './template.ts';

/**
 * Bumped whenever a field is added. An index stamped with an older version gets the missing
 * fields through put-mapping at open; one stamped with a newer version is refused.
 */
export const MAPPING_VERSION = 1;

/**
 * The error Elasticsearch gives for a request, or one item of it, on an index or alias that is not
 * there, including a write with `require_alias` to a name that is not an alias.
 */
export const INDEX_NOT_FOUND = 'index_not_found_exception';

/** What `_meta.parsimony` of a template index holds. */
export type IndexStamp = { kind: 'templates' | 'links'; mappingVersion: number; dimensions?: number; embedderId?: string };

type Property = { type?: string; properties?: Record<string, Property> } & Record<string, unknown>;
type Mappings = { dynamic: 'strict'; _meta: { parsimony: IndexStamp }; properties: Record<string, Property> };

const keyword = { type: 'keyword' } as const;
const epochMillis = { type: 'date', format: 'epoch_millis' } as const;
const long = { type: 'long' } as const;

/**
 * How the vectors are indexed: flat (int8 vectors compared one by one with the query, among the
 * templates its filter leaves: exact, and cheapest when a scope holds a few thousand) or hnsw (an
 * int8 HNSW graph: approximate, for large scopes). Measured by bench/cache-lookup.ts at 100k
 * templates scoped by source, three runs each in turn: flat took the lookups of a batch from a p50
 * of 53–55 ms to 43–46, and Elasticsearch alone from 142–147 to 103–111; loading took half as long
 * (no graph to build).
 */
export type VectorIndex = 'flat' | 'hnsw';

/** The index type Elasticsearch names for each. */
const VECTOR_INDEX_TYPES: Record<VectorIndex, string> = { flat: 'int8_flat', hnsw: 'int8_hnsw' };

export function templateMappings(dimensions: number, embedderId: string, vectorIndex: VectorIndex = 'hnsw'): Mappings {
  return {
    // Strict: a document with a field the mapping does not know is a bug, not a new field.
    dynamic: 'strict',
    _meta: { parsimony: { kind: 'templates', mappingVersion: MAPPING_VERSION, dimensions, embedderId } },
    properties: {
      id: keyword,
      // Narratives are short; a skeleton over 8 KB would not be indexed for the exact term but is still stored and found by kNN.
      skeleton: { type: 'keyword', ignore_above: 8191 },
      scope: { properties: { source_id: keyword, document_type: keyword, template_version: keyword, locale: keyword } },
      stable: {
        properties: { counterparty: keyword, transaction_type: keyword, category: keyword, direction: keyword, currency: keyword },
      },
      // Read back, never searched: keeping it out of the index keeps the mapping small.
      roles: { type: 'object', enabled: false },
      gate: keyword,
      createdAt: epochMillis,
      lastHitAt: epochMillis,
      hitCount: long,
      feedback: { properties: { correct: long, incorrect: long } },
      producedBy: { properties: { tier: keyword, model: keyword } },
      embedder: keyword,
      embedding: {
        type: 'dense_vector',
        dims: dimensions,
        index: true,
        similarity: 'cosine',
        index_options: { type: VECTOR_INDEX_TYPES[vectorIndex] },
      },
    },
  };
}

export function linkMappings(): Mappings {
  return {
    dynamic: 'strict',
    _meta: { parsimony: { kind: 'links', mappingVersion: MAPPING_VERSION } },
    properties: { templateId: keyword },
  };
}

export type EnsureIndexOptions = {
  client: Client;
  /** The name the store reads and writes through: an alias of one index, or a concrete index of an older build. */
  index: string;
  mappings: Mappings;
  /** Bounds each request of the setup; creating an index takes a cold or busy node seconds. */
  requestTimeoutMs: number;
  /**
   * The index's refresh_interval, set at creation and put on an index that has another. Unset:
   * Elasticsearch's default (1 s, and no refreshes while the shard sees no searches).
   */
  refreshIntervalMs?: number;
  logger?: Logger;
};

/**
 * Where a store's name leads. Writes through an alias carry `require_alias`, so a write after the
 * index was deleted is refused instead of creating an index with a mapping Elasticsearch guesses.
 */
export type IndexLayout = { concrete: string; alias: boolean };

/**
 * The index a new alias points at. Mapping versions are migrated in place; a change put-mapping
 * cannot make (another type for a field) would reindex into a `-v2` and move the alias.
 */
export function concreteIndexName(alias: string): string {
  return `${alias}-v1`;
}

type Transport = { requestTimeout: number; maxRetries: number };
type Found = {
  concrete: string;
  alias: boolean;
  stamp: IndexStamp | undefined;
  properties: Record<string, Property>;
  refreshInterval: string | undefined;
};

/**
 * Creates the index behind its alias, or checks and migrates the one that is there; throws
 * CONFIG_INVALID when it cannot be used. A concrete index of the name, made by an older build,
 * is used as it is (see the warning logged).
 */
export async function ensureIndex(options: EnsureIndexOptions, round = 0): Promise<IndexLayout> {
  const { client, index } = options;
  const transport = { requestTimeout: options.requestTimeoutMs, maxRetries: 0 };
  const existing = await findIndex(client, index, transport);
  const found = existing ?? (await createIndex(options, transport));
  refuseIncompatible(options, found);
  const mappings = await reconcileVectorIndex(options, found, transport);
  await migrate({ ...options, mappings }, found, transport);
  await setRefreshInterval(options, found, transport);
  if (existing) {
    if (!existing.alias) {
      options.logger?.warn(
        `template cache index "${index}" is a concrete index made by an older build: it is used as it is, but should it ` +
          'be deleted while the service runs, a write could re-create it with a mapping Elasticsearch guesses. ' +
          `Move it once behind an alias ("${index}" → "${concreteIndexName(index)}", see README), or delete it to start afresh.`,
        { index },
      );
    }
    return { concrete: existing.concrete, alias: existing.alias };
  }
  try {
    await client.indices.updateAliases({ actions: [{ add: { index: found.concrete, alias: index } }] }, transport);
  } catch (error) {
    // An index took the name meanwhile (a write of an older build, say): it is checked like any other.
    if (errorType(error) !== 'invalid_alias_name_exception' || round > 0) throw error;
    return ensureIndex(options, round + 1);
  }
  options.logger?.info('template cache index ready behind its alias', { alias: index, index: found.concrete });
  return { concrete: found.concrete, alias: true };
}

/** The index the name leads to, with its mapping; undefined when there is none. */
async function findIndex(client: Client, name: string, transport: Transport): Promise<Found | undefined> {
  let answer: IndicesGetResponse;
  try {
    answer = await client.indices.get({ index: name, features: ['aliases', 'mappings', 'settings'] }, transport);
  } catch (error) {
    if (errorType(error) === INDEX_NOT_FOUND) return undefined;
    throw error;
  }
  const entries = Object.entries(answer);
  if (entries.length !== 1) {
    throw new ParsimonyError(
      'CONFIG_INVALID',
      `Elasticsearch alias "${name}" points at ${entries.length} indices (${entries.map(([n]) => n).join(', ')}); ` +
        'the template cache reads and writes through an alias of one index. Remove the alias from all but one.',
    );
  }
  const [concrete, state] = entries[0]!;
  const mappings = state.mappings as { _meta?: { parsimony?: IndexStamp }; properties?: Record<string, Property> } | undefined;
  return {
    concrete,
    alias: concrete !== name,
    stamp: mappings?._meta?.parsimony,
    properties: mappings?.properties ?? {},
    refreshInterval: state.settings?.index?.refresh_interval?.toString(),
  };
}

/** Creates the concrete index (or finds it, made by another consumer or left without its alias). */
async function createIndex(options: EnsureIndexOptions, transport: Transport): Promise<Found> {
  const { client, mappings } = options;
  const index = concreteIndexName(options.index);
  try {
    // Our own narrower Property type keeps flatten() simple; the shape is what the client's type describes.
    const body = mappings as unknown as MappingTypeMapping;
    const settings = { number_of_shards: 1, number_of_replicas: 0, ...refreshSetting(options) };
    await client.indices.create({ index, settings, mappings: body }, transport);
    options.logger?.info('created the template cache index', { index, mappingVersion: MAPPING_VERSION });
  } catch (error) {
    if (errorType(error) !== 'resource_already_exists_exception') throw error;
  }
  const found = await findIndex(client, index, transport);
  if (!found) throw new Error(`index "${index}" was deleted while it was being created`);
  return found;
}

function refuseIncompatible(options: EnsureIndexOptions, found: Found): void {
  const problems = incompatibilities(found.stamp, options.mappings, found.properties);
  if (problems.length === 0) return;
  const name = options.index;
  const where = found.alias ? `index "${found.concrete}" (behind alias "${name}")` : `index "${found.concrete}"`;
  throw new ParsimonyError(
    'CONFIG_INVALID',
    `Elasticsearch ${where} cannot be used by this template cache: ${problems.join('; ')}. ` +
      `Configure a new index name, or delete index "${found.concrete}" (DELETE /${found.concrete}) and start again: ` +
      `the service then creates it with its mapping behind alias "${name}", and this part of the cache starts empty.`,
  );
}

/**
 * An index whose vectors are indexed otherwise than configured: a flat one takes the graph asked
 * for (Elasticsearch builds it for new segments and, as they merge, for the others); one with a
 * graph keeps it, since Elasticsearch cannot take one away, and is said to. Returns the mappings
 * to migrate with: the configured ones, with the vector field as the index keeps it.
 */
async function reconcileVectorIndex(options: EnsureIndexOptions, found: Found, transport: Transport): Promise<Mappings> {
  type VectorField = Property & { index_options?: { type?: string } };
  const { embedding: wanted }: { embedding?: VectorField } = options.mappings.properties;
  const { embedding: stored }: { embedding?: VectorField } = found.properties;
  const wantedType = wanted?.index_options?.type;
  const storedOptions = stored?.index_options;
  if (!wanted || !storedOptions?.type || storedOptions.type === wantedType) return options.mappings;
  if (storedOptions.type.endsWith('_flat') && wantedType?.endsWith('_hnsw')) {
    const properties = { embedding: wanted } as unknown as MappingTypeMapping['properties'];
    await options.client.indices.putMapping({ index: found.concrete, properties }, transport);
    options.logger?.info('the template cache index now indexes its vectors in a graph', {
      index: found.concrete,
      from: storedOptions.type,
      to: wantedType,
    });
    return options.mappings;
  }
  options.logger?.warn(
    `template cache index "${found.concrete}" keeps its vectors as ${storedOptions.type}, not ${String(wantedType)} as configured ` +
      '(cache.vectorIndex): Elasticsearch cannot take a graph away. Lookups work as before; to index them otherwise, ' +
      'delete the index (the cache starts empty) or reindex it into one made by this configuration.',
    { index: found.concrete },
  );
  return { ...options.mappings, properties: { ...options.mappings.properties, embedding: { ...wanted, index_options: storedOptions } } };
}

/** Put-mapping only adds: fields already there keep their type (checked before), new ones appear. */
async function migrate(options: EnsureIndexOptions, found: Found, transport: Transport): Promise<void> {
  const missing = missingFields(options.mappings.properties, found.properties);
  if (found.stamp!.mappingVersion >= MAPPING_VERSION && missing.length === 0) return;
  const { _meta, properties } = options.mappings as unknown as MappingTypeMapping;
  await options.client.indices.putMapping({ index: found.concrete, _meta, properties }, transport);
  options.logger?.info('migrated the template cache index', {
    index: found.concrete,
    from: found.stamp!.mappingVersion,
    to: MAPPING_VERSION,
    added: missing,
  });
}

/**
 * Applies a configured refresh interval to an index made with another (by an instance configured
 * otherwise, or before the option): the last instance to start decides, as for the mapping.
 */
async function setRefreshInterval(options: EnsureIndexOptions, found: Found, transport: Transport): Promise<void> {
  const wanted = refreshSetting(options).refresh_interval;
  if (wanted === undefined || found.refreshInterval === wanted) return;
  await options.client.indices.putSettings({ index: found.concrete, settings: { refresh_interval: wanted } }, transport);
  options.logger?.info('set the template cache index refresh interval', { index: found.concrete, from: found.refreshInterval, to: wanted });
}

function refreshSetting(options: EnsureIndexOptions): { refresh_interval?: string } {
  return options.refreshIntervalMs === undefined ? {} : { refresh_interval: `${options.refreshIntervalMs}ms` };
}

/**
 * Deletes the indices of a template cache, whether behind aliases or concrete: an alias is not
 * deleted by its name (Elasticsearch asks for the indices), so cleanups go through here.
 */
export async function deleteTemplateIndices(client: Client, index: string): Promise<void> {
  const names = [index, `${index}-links`].flatMap((name) => [name, concreteIndexName(name)]);
  const found = await client.indices.get({ index: names, ignore_unavailable: true, allow_no_indices: true, features: ['aliases'] });
  const concrete = Object.keys(found);
  if (concrete.length > 0) await client.indices.delete({ index: concrete, ignore_unavailable: true });
}

function incompatibilities(stamp: IndexStamp | undefined, expected: Mappings, stored: Record<string, Property>): string[] {
  const want = expected._meta.parsimony;
  if (!stamp) {
    return [
      `it has no _meta.parsimony stamp, so it was not created by parsimony (expected a ${want.kind} index; ` +
        'Elasticsearch makes such an index by itself when something writes to a name that is missing)',
    ];
  }
  const problems: string[] = [];
  if (stamp.kind !== want.kind) problems.push(`it is a ${stamp.kind} index, expected a ${want.kind} index`);
  if (stamp.mappingVersion > MAPPING_VERSION) {
    problems.push(`it has mapping version ${stamp.mappingVersion}, written by a newer build; this build knows version ${MAPPING_VERSION}`);
  }
  const otherSpace = stamp.dimensions !== want.dimensions || stamp.embedderId !== want.embedderId;
  if (otherSpace) {
    problems.push(
      `it holds ${stamp.dimensions}-dimension vectors of embedder "${stamp.embedderId}", expected ${want.dimensions} dimensions ` +
        `of "${want.embedderId}" (vectors of different embedders cannot be compared)`,
    );
  }
  const storedFields = flatten(stored);
  for (const [path, field] of flatten(expected.properties)) {
    const have = storedFields.get(path);
    if (!have) continue;
    if ((have.type ?? 'object') !== (field.type ?? 'object'))
      problems.push(`field ${path} is ${have.type ?? 'object'}, expected ${field.type ?? 'object'}`);
    // Checked apart from the stamp, which a hand-made index could carry over a wrong field; said once.
    else if (field.type === 'dense_vector' && !otherSpace && (have.dims !== field.dims || have.similarity !== field.similarity)) {
      problems.push(
        `field ${path} has dims ${String(have.dims)} and similarity ${String(have.similarity)}, expected ${String(field.dims)} and ${String(field.similarity)}`,
      );
    }
  }
  return problems;
}

function missingFields(expected: Record<string, Property>, stored: Record<string, Property>): string[] {
  const have = flatten(stored);
  return [...flatten(expected).keys()].filter((path) => !have.has(path));
}

/** Leaf fields by dotted path; objects with `enabled: false` count as leaves. */
function flatten(properties: Record<string, Property>, prefix = ''): Map<string, Property> {
  const out = new Map<string, Property>();
  for (const [name, property] of Object.entries(properties)) {
    const path = prefix + name;
    if (property.properties) for (const [p, f] of flatten(property.properties, `${path}.`)) out.set(p, f);
    else out.set(path, property);
  }
  return out;
}

/** Elasticsearch's error type of a failed request (e.g. resource_already_exists_exception). */
export function errorType(error: unknown): string | undefined {
  const body = (error as { meta?: { body?: { error?: { type?: string } } } })?.meta?.body;
  return body?.error?.type;
}

/** The stored document: the template as is, plus the embedder; a vector ES cannot index (zero length) is left out. */
export function toDocument(template: Template, embedderId: string): Record<string, unknown> {
  const { embedding, ...rest } = template;
  const usable = embedding?.some((x) => x !== 0) ?? false;
  return { ...rest, embedder: embedderId, ...(usable ? { embedding } : {}) };
}

/** A template as a lookup returns it: without its vector, which stays in the index. */
export function fromDocument(source: Record<string, unknown>): Template {
  const { embedder: _embedder, embedding: _embedding, ...rest } = source as Template & { embedder: string };
  return { ...rest, embedding: null };
}
