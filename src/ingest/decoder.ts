/**
 * The decoder a topic's values need: Avro in the Confluent wire format through the registry, or
 * JSON. Bad bytes decode to a rejection with its code; only a registry that cannot be reached
 * throws (the record is not at fault, so it must be retried, not dead-lettered).
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { decodeAvroNarrative } from './decode-avro.ts';
import { type Decoded, decodeJsonNarrative } from './decode-json.ts';

export type NarrativeDecoder = (value: Buffer | null, options: { receivedAt: number }) => Promise<Decoded>;

export function narrativeDecoder(format: 'avro' | 'json', registry: SchemaRegistry): NarrativeDecoder {
  return format === 'avro'
    ? (value, options) => decodeAvroNarrative(value, registry, options)
    : async (value, options) => decodeJsonNarrative(value ?? Buffer.alloc(0), options);
}
