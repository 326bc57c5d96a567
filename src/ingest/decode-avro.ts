/**
 * Decodes Avro narratives in the Confluent wire format (magic byte 0, 4-byte schema id, Avro body)
 * with the writer's schema from the registry. A record with a schema id the registry does not
 * know, or bytes that are not Avro of that schema, is rejected with its own code, never thrown;
 * only a registry that cannot be reached throws.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describeError } from '../common/errors.ts';
import { printable } from '../common/printable.ts';
import { maskSecretsIn } from '../common/secrets/find-secrets.ts';
import { IN_DEAD_LETTERS } from '../common/secrets/policy.ts';
import type { RegistrySchema } from '../connect/registry.ts';
import type { Decoded } from './decode-json.ts';
import { validateNarrative } from './validate-narrative.ts';

/**
 * A decoder for one registry. A schema id names one schema for ever, so each is asked of the
 * registry once; a record of a schema already seen is decoded in place, and the decoder returns a
 * promise only for the first record of a new schema id.
 */
export function avroNarrativeDecoder(
  registry: SchemaRegistry,
): (bytes: Buffer | null, options: { receivedAt: number }) => Decoded | Promise<Decoded> {
  const schemas = new Map<number, RegistrySchema>();
  return (bytes, options) => {
    if (!bytes || bytes.length < 5 || bytes[0] !== 0) {
      const reason = !bytes
        ? 'the record has no value'
        : `not in the Confluent wire format (${bytes.length < 5 ? 'shorter than 5 bytes' : `magic byte ${bytes[0]}, expected 0`})`;
      return { ok: false, rejection: { code: 'MALFORMED_AVRO', reason, recordId: null, stage: 'decode' } };
    }
    const schemaId = bytes.readUInt32BE(1);
    const schema = schemas.get(schemaId);
    if (schema) return decodeWith(schema, schemaId, bytes, options);
    return writerSchema(registry, schemaId).then((found) => {
      if (!found.ok) return found.decoded;
      schemas.set(schemaId, found.schema);
      return decodeWith(found.schema, schemaId, bytes, options);
    });
  };
}

/** The schema a record was written with; a rejection when the registry has no such id or cannot read its schema. */
async function writerSchema(
  registry: SchemaRegistry,
  schemaId: number,
): Promise<{ ok: true; schema: RegistrySchema } | { ok: false; decoded: Decoded }> {
  try {
    return { ok: true, schema: await registry.getSchema(schemaId) };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) {
      const reason = `schema id ${schemaId} is not in the registry`;
      return { ok: false, decoded: { ok: false, rejection: { code: 'UNKNOWN_SCHEMA_ID', reason, recordId: null, stage: 'decode' } } };
    }
    if (status !== undefined || isConnectionError(error)) throw error;
    return { ok: false, decoded: malformed(schemaId, error) };
  }
}

function decodeWith(schema: RegistrySchema, schemaId: number, bytes: Buffer, options: { receivedAt: number }): Decoded {
  let value: unknown;
  try {
    value = schema.fromBuffer(bytes.subarray(5));
  } catch (error) {
    return malformed(schemaId, error);
  }
  const validated = validateNarrative({ ...(value as object) }, options);
  return validated.ok ? validated : { ok: false, rejection: { ...validated.rejection, stage: 'validate' } };
}

function malformed(schemaId: number, error: unknown): Decoded {
  return {
    ok: false,
    rejection: {
      code: 'MALFORMED_AVRO',
      reason: `not valid Avro for schema id ${schemaId}: ${decodeFailure(error)}`,
      recordId: null,
      stage: 'decode',
    },
  };
}

/**
 * The decoder's own words ("truncated buffer", "invalid union index: 7") are what a person needs
 * to fix the producer; they name positions, not values, but the message comes from a library, so
 * it is masked, escaped and cut short before it reaches a reason.
 */
function decodeFailure(error: unknown): string {
  return maskSecretsIn(printable(describeError(error)), IN_DEAD_LETTERS).masked.slice(0, 200);
}

/** A registry that cannot be reached is the service's problem, not the record's: retry, don't dead-letter. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return typeof code === 'string' && /^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(code);
}
