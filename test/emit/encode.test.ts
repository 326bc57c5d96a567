/**
 * The Avro encoders: ids and schemas resolved once at start, each value framed in Confluent's
 * wire format; a value its schema cannot carry throws naming the field. The registry is a stand-in
 * giving the project's own schemas (the real one is exercised by the service's integration tests).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { avroEncoders } from '#src/emit/encode.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { extractionOf } from '#test/emit/sink-conformance.ts';

const types = loadSchemas().types;
const ids = new Map([
  ['out.extractions-value', 11],
  ['out.dead-letters-value', 12],
]);
const byId = new Map([
  [11, types.get('Extraction')!],
  [12, types.get('DeadLetter')!],
]);

function registry() {
  const asked: string[] = [];
  const stand = {
    getLatestSchemaId: async (subject: string) => {
      asked.push(`latest ${subject}`);
      return ids.get(subject)!;
    },
    getSchema: async (id: number) => {
      asked.push(`schema ${id}`);
      return byId.get(id)!;
    },
  } as unknown as SchemaRegistry;
  return { stand, asked };
}

test('an extraction is framed with its schema id and reads back whole; the registry is asked at start only', async () => {
  const { stand, asked } = registry();
  const encoders = await avroEncoders(stand, { extractions: 'out.extractions', deadLetters: 'out.dead-letters' });
  const before = asked.length;
  const extraction = extractionOf('rec-1');
  const bytes = encoders.extraction(extraction);
  assert.deepEqual([...bytes.subarray(0, 5)], [0, 0, 0, 0, 11]);
  assert.deepEqual(
    types.get('Extraction')!.fromBuffer(bytes.subarray(5)),
    types.get('Extraction')!.fromBuffer(types.get('Extraction')!.toBuffer(extraction)),
  );
  encoders.extraction(extractionOf('rec-2'));
  assert.equal(asked.length, before, 'nothing asked per record');
  assert.deepEqual(asked.sort(), ['latest out.dead-letters-value', 'latest out.extractions-value', 'schema 11', 'schema 12']);
});

test('a value its schema cannot carry throws SCHEMA_INVALID naming the field', async () => {
  const encoders = await avroEncoders(registry().stand, { extractions: 'out.extractions', deadLetters: 'out.dead-letters' });
  const broken = { ...extractionOf('rec-3'), record_id: 42 as unknown as string };
  assert.throws(() => encoders.extraction(broken), {
    code: 'SCHEMA_INVALID',
    message: /out\.extractions does not fit its schema \(id 11\): record_id/,
  });
});
