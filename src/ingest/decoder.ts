/**
 * The decoder a topic's values need: Avro in the Confluent wire format through the registry, or
 * JSON. Bad bytes decode to a rejection with its code; only a registry that cannot be reached
 * throws (the record is not at fault, so it must be retried, not dead-lettered).
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { avroNarrativeDecoder } from './decode-avro.ts';
import { type Decoded, decodeJsonNarrative } from './decode-json.ts';

/** A promise only when the answer needs a round trip (Avro of a schema id not seen before). */
export type NarrativeDecoder = (value: Buffer | null, options: { receivedAt: number }) => Decoded | Promise<Decoded>;

export function narrativeDecoder(format: 'avro' | 'json', registry: SchemaRegistry): NarrativeDecoder {
  return format === 'avro' ? avroNarrativeDecoder(registry) : (value, options) => decodeJsonNarrative(value ?? Buffer.alloc(0), options);
}
