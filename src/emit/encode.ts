/**
 * Output encoding for Kafka: Avro through the registry (Confluent wire format), or JSON. The
 * schema ids are looked up once at start from the subjects `topics apply` registered, and their
 * schemas with them: encoding a record then asks nothing of the registry.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Type } from 'avsc';
import { ParsimonyError } from '../common/errors.ts';
import { framed, type RegistrySchema } from '../connect/registry.ts';
import type { DeadLetter, Extraction } from '../contract/records.ts';
import { valueSubject } from '../topics/catalogue.ts';
import { deadLetterToJson } from './dead-letter-json.ts';

export type Encoders = {
  extraction(e: Extraction): Buffer;
  deadLetter(d: DeadLetter): Buffer;
};

export async function avroEncoders(registry: SchemaRegistry, topics: { extractions: string; deadLetters: string }): Promise<Encoders> {
  const latest = async (topic: string) => {
    try {
      const id = await registry.getLatestSchemaId(valueSubject(topic));
      return { id, schema: await registry.getSchema(id) };
    } catch (error) {
      throw new ParsimonyError(
        'SCHEMA_INVALID',
        `no schema registered under ${valueSubject(topic)}: run \`parsimony topics apply\` first (${(error as Error).message})`,
        { cause: error },
      );
    }
  };
  const [extraction, deadLetter] = await Promise.all([latest(topics.extractions), latest(topics.deadLetters)]);
  return {
    extraction: (e) => encode(extraction, e, topics.extractions),
    deadLetter: (d) => encode(deadLetter, d, topics.deadLetters),
  };
}

/** Throws, naming the fields at fault, for a value its topic's schema cannot carry (a bug of ours, never the input's). */
function encode(writer: { id: number; schema: RegistrySchema }, value: object, topic: string): Buffer {
  try {
    return framed(writer.id, writer.schema.toBuffer(value));
  } catch (error) {
    const fields: string[] = [];
    // Avro schemas (avsc types) can say which fields are at fault; other kinds of schema cannot.
    const avro = writer.schema as Partial<Pick<Type, 'isValid'>>;
    avro.isValid?.(value, { errorHook: (path) => fields.push(path.join('.')) });
    const at = fields.length > 0 ? `: ${fields.join(', ')}` : '';
    throw new ParsimonyError('SCHEMA_INVALID', `a value for ${topic} does not fit its schema (id ${writer.id})${at}`, { cause: error });
  }
}

export const jsonEncoders: Encoders = {
  extraction: (e) => Buffer.from(JSON.stringify(e)),
  deadLetter: (d) => Buffer.from(JSON.stringify(deadLetterToJson(d))),
};
