/**
 * The Elasticsearch side of the template cache: the two indices' mappings, creating or migrating
 * them at open, refusing an index whose vectors live in another space, and the conversion
 * between a Template and its document.
 */
import type { Client } from '@elastic/elasticsearch';
import type { MappingTypeMapping } from '@elastic/elasticsearch/lib/api/types';
import { ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Template } from './template.ts';

/**
 * Bumped whenever a field is added. An index stamped with an older version gets the missing
 * fields through put-mapping at open; one stamped with a newer version is refused.
 */
export const MAPPING_VERSION = 1;

/** What `_meta.parsimony` of a template index holds. */
export type IndexStamp = { kind: 'templates' | 'links'; mappingVersion: number; dimensions?: number; embedderId?: string };

type Property = { type?: string; properties?: Record<string, Property> } & Record<string, unknown>;
type Mappings = { dynamic: 'strict'; _meta: { parsimony: IndexStamp }; properties: Record<string, Property> };

const keyword = { type: 'keyword' } as const;
const epochMillis = { type: 'date', format: 'epoch_millis' } as const;
const long = { type: 'long' } as const;

export function templateMappings(dimensions: number, embedderId: string): Mappings {
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
      embedding: { type: 'dense_vector', dims: dimensions, index: true, similarity: 'cosine', index_options: { type: 'int8_hnsw' } },
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
  index: string;
  mappings: Mappings;
  /** Bounds each request of the check. */
  requestTimeoutMs: number;
  logger?: Logger;
};

/** Creates the index, or checks and migrates the one that is there; throws CONFIG_INVALID when it cannot be used. */
export async function ensureIndex(options: EnsureIndexOptions): Promise<void> {
  const { client, index, mappings } = options;
  const transport = { requestTimeout: options.requestTimeoutMs, maxRetries: 0 };
  if (!(await client.indices.exists({ index }, transport))) {
    try {
      // Our own narrower Property type keeps flatten() simple; the shape is what the client's type describes.
      const body = mappings as unknown as MappingTypeMapping;
      await client.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: body }, transport);
      options.logger?.info('created the template cache index', { index, mappingVersion: MAPPING_VERSION });
      return;
    } catch (error) {
      // Another consumer created it between our check and our create: check theirs like any other.
      if (errorType(error) !== 'resource_already_exists_exception') throw error;
    }
  }
  const stored = await client.indices.getMapping({ index }, transport);
  const found = Object.values(stored)[0]?.mappings as
    | { _meta?: { parsimony?: IndexStamp }; properties?: Record<string, Property> }
    | undefined;
  const stamp = found?._meta?.parsimony;
  const problems = incompatibilities(stamp, mappings, found?.properties ?? {});
  if (problems.length > 0) {
    throw new ParsimonyError(
      'CONFIG_INVALID',
      `Elasticsearch index "${index}" cannot be used by this template cache: ${problems.join('; ')}. ` +
        `Configure a new index name, or delete "${index}" (and "${index}-links") to rebuild the cache from scratch.`,
    );
  }
  const missing = missingFields(mappings.properties, found?.properties ?? {});
  if (stamp!.mappingVersion < MAPPING_VERSION || missing.length > 0) {
    // Put-mapping only adds: fields already there keep their type (checked above), new ones appear.
    const { _meta, properties } = mappings as unknown as MappingTypeMapping;
    await client.indices.putMapping({ index, _meta, properties }, transport);
    options.logger?.info('migrated the template cache index', { index, from: stamp!.mappingVersion, to: MAPPING_VERSION, added: missing });
  }
}

function incompatibilities(stamp: IndexStamp | undefined, expected: Mappings, stored: Record<string, Property>): string[] {
  const want = expected._meta.parsimony;
  if (!stamp) return [`it has no _meta.parsimony stamp, so it was not created by parsimony (expected a ${want.kind} index)`];
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

export function fromDocument(source: Record<string, unknown>): Template {
  const { embedder: _embedder, embedding, ...rest } = source as Template & { embedder: string };
  return { ...rest, embedding: embedding ?? null };
}
