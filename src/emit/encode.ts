/**
 * Output encoding for Kafka: Avro through the registry (Confluent wire format), or JSON. The
 * schema ids are looked up once at start from the subjects `topics apply` registered.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { ParsimonyError } from '../common/errors.ts';
import type { DeadLetter, Extraction } from '../contract/records.ts';
import { valueSubject } from '../topics/catalogue.ts';
import { deadLetterToJson } from './dead-letter-json.ts';

export type Encoders = {
  extraction(e: Extraction): Promise<Buffer>;
  deadLetter(d: DeadLetter): Promise<Buffer>;
};

export async function avroEncoders(registry: SchemaRegistry, topics: { extractions: string; deadLetters: string }): Promise<Encoders> {
  const latest = async (topic: string) => {
    try {
      return await registry.getLatestSchemaId(valueSubject(topic));
    } catch (error) {
      throw new ParsimonyError(
        'SCHEMA_INVALID',
        `no schema registered under ${valueSubject(topic)}: run \`parsimony topics apply\` first (${(error as Error).message})`,
        { cause: error },
      );
    }
  };
  const [extractionId, deadLetterId] = await Promise.all([latest(topics.extractions), latest(topics.deadLetters)]);
  return {
    extraction: (e) => registry.encode(extractionId, e),
    deadLetter: (d) => registry.encode(deadLetterId, d),
  };
}

export const jsonEncoders: Encoders = {
  extraction: async (e) => Buffer.from(JSON.stringify(e)),
  deadLetter: async (d) => Buffer.from(JSON.stringify(deadLetterToJson(d))),
};
