/**
 * Decodes one Avro narrative in the Confluent wire format (magic byte 0, 4-byte schema id, Avro
 * body) through the schema registry. A record with a schema id the registry does not know, or
 * bytes that are not Avro of that schema, is rejected with its own code, never thrown.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describeError } from '../common/errors.ts';
import { printable } from '../common/printable.ts';
import { maskSecretsIn } from '../common/secrets/find-secrets.ts';
import { IN_DEAD_LETTERS } from '../common/secrets/policy.ts';
import type { Decoded } from './decode-json.ts';
import { validateNarrative } from './validate-narrative.ts';

export async function decodeAvroNarrative(
  bytes: Buffer | null,
  registry: SchemaRegistry,
  options: { receivedAt: number },
): Promise<Decoded> {
  if (!bytes || bytes.length < 5 || bytes[0] !== 0) {
    const reason = !bytes
      ? 'the record has no value'
      : `not in the Confluent wire format (${bytes.length < 5 ? 'shorter than 5 bytes' : `magic byte ${bytes[0]}, expected 0`})`;
    return { ok: false, rejection: { code: 'MALFORMED_AVRO', reason, recordId: null, stage: 'decode' } };
  }
  const schemaId = bytes.readUInt32BE(1);
  let value: unknown;
  try {
    value = await registry.decode(bytes);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) {
      return {
        ok: false,
        rejection: { code: 'UNKNOWN_SCHEMA_ID', reason: `schema id ${schemaId} is not in the registry`, recordId: null, stage: 'decode' },
      };
    }
    if (status !== undefined || isConnectionError(error)) throw error;
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
  const validated = validateNarrative({ ...(value as object) }, options);
  return validated.ok ? validated : { ok: false, rejection: { ...validated.rejection, stage: 'validate' } };
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
