/**
 * The topic catalogue (streams/topics.json): every topic the service reads or writes, as data.
 */
import { readFileSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';

export const CATALOGUE_PATH = new URL('../../streams/topics.json', import.meta.url).pathname;

export type TopicSpec = {
  name: string;
  doc: string;
  partitions: number;
  cleanupPolicy: 'delete' | 'compact';
  /** -1 keeps records forever (compacted topics). */
  retentionMs: number;
  /** Keys are plain UTF-8 strings or opaque bytes; neither goes through the registry. */
  key: 'string' | 'bytes';
  /** Short name of the value's Avro schema under schemas/, registered as `<topic>-value`. */
  valueSchema: string;
};

export type Catalogue = {
  /** Put before every topic's name by `withTopicPrefix`; `topicByName` takes the names without it. */
  prefix?: string;
  compatibility: 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';
  topics: TopicSpec[];
};

const COMPATIBILITY_LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

export function loadCatalogue(path: string = CATALOGUE_PATH): Catalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ParsimonyError('CATALOGUE_INVALID', `${path}: ${(error as Error).message}`);
  }
  return parseCatalogue(raw, path);
}

/** Validates a parsed catalogue; every problem is listed with the topic it concerns. */
export function parseCatalogue(raw: unknown, where: string): Catalogue {
  const problems: string[] = [];
  const doc = raw as { compatibility?: unknown; topics?: unknown };
  if (!COMPATIBILITY_LEVELS.includes(doc?.compatibility as string)) {
    problems.push(`compatibility: expected one of ${COMPATIBILITY_LEVELS.join(', ')}`);
  }
  if (!Array.isArray(doc?.topics) || doc.topics.length === 0) {
    problems.push('topics: expected a non-empty array');
  }
  const topics = (Array.isArray(doc?.topics) ? doc.topics : []) as Partial<TopicSpec>[];
  const seen = new Set<string>();
  topics.forEach((topic, index) => {
    const label = `topics[${index}]${typeof topic?.name === 'string' ? ` (${topic.name})` : ''}`;
    if (typeof topic?.name !== 'string' || !TOPIC_NAME.test(topic.name)) problems.push(`${label}.name: expected a Kafka topic name`);
    else if (seen.has(topic.name)) problems.push(`${label}.name: listed twice`);
    else seen.add(topic.name);
    if (typeof topic?.doc !== 'string') problems.push(`${label}.doc: expected a description`);
    if (!Number.isInteger(topic?.partitions) || topic.partitions! < 1) problems.push(`${label}.partitions: expected an integer ≥ 1`);
    if (topic?.cleanupPolicy !== 'delete' && topic?.cleanupPolicy !== 'compact')
      problems.push(`${label}.cleanupPolicy: expected delete or compact`);
    if (!Number.isInteger(topic?.retentionMs) || (topic.retentionMs! < 1 && topic.retentionMs !== -1)) {
      problems.push(`${label}.retentionMs: expected milliseconds ≥ 1, or -1 for forever`);
    }
    if (topic?.key !== 'string' && topic?.key !== 'bytes') problems.push(`${label}.key: expected string or bytes`);
    if (typeof topic?.valueSchema !== 'string') problems.push(`${label}.valueSchema: expected a schema name from schemas/`);
  });
  problems.push(...copiesOutlivingTheirInput(topics));
  if (problems.length > 0) {
    throw new ParsimonyError('CATALOGUE_INVALID', `Invalid topic catalogue ${where}:\n  ${problems.join('\n  ')}`);
  }
  return doc as Catalogue;
}

/**
 * A dead letter holds its input record's bytes (masked, but whole otherwise), so a dead-letter
 * topic keeps records no longer than any input topic does: the copy must not outlive the original.
 */
function copiesOutlivingTheirInput(topics: readonly Partial<TopicSpec>[]): string[] {
  const forever = (ms: number | undefined) => (ms === -1 ? Number.POSITIVE_INFINITY : (ms ?? 0));
  const inputs = topics.filter((t) => t?.valueSchema === 'TransactionNarrative');
  const shortest = Math.min(...inputs.map((t) => forever(t.retentionMs)));
  return topics
    .filter((t) => t?.valueSchema === 'DeadLetter' && forever(t.retentionMs) > shortest)
    .map((t) => `${t.name}.retentionMs: a dead-letter topic keeps records no longer than its input topic (${shortest} ms)`);
}

/** The catalogue of one deployment: every topic named with its prefix. */
export function withTopicPrefix(catalogue: Catalogue, prefix: string): Catalogue {
  if (prefix === '') return catalogue;
  const topics = catalogue.topics.map((t) => ({ ...t, name: `${prefix}${t.name}` }));
  const tooLong = topics.filter((t) => !TOPIC_NAME.test(t.name)).map((t) => t.name);
  if (tooLong.length > 0)
    throw new ParsimonyError('CATALOGUE_INVALID', `with the prefix ${prefix}, not Kafka topic names: ${tooLong.join(', ')}`);
  return { ...catalogue, prefix, topics };
}

/** A topic by its catalogue name (streams/topics.json's, without the deployment's prefix). */
export function topicByName(catalogue: Catalogue, name: string): TopicSpec {
  const full = `${catalogue.prefix ?? ''}${name}`;
  const topic = catalogue.topics.find((t) => t.name === full);
  if (!topic) throw new ParsimonyError('CATALOGUE_INVALID', `topic ${name} is not in the catalogue`);
  return topic;
}
