/**
 * The Avro decoder asks the registry for each schema id once and decodes every later record of it
 * in place; what the registry answers for an id it does not have, and a registry it cannot reach,
 * are told apart. The registry here is a stand-in giving schemas by id (the real one is exercised
 * by the service's integration tests); the schema is the project's own narrative schema.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { framed } from '#src/connect/registry.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { avroNarrativeDecoder } from '#src/ingest/decode-avro.ts';
import { loadSchemas } from '#src/topics/schemas.ts';

const narrativeType = loadSchemas().types.get('TransactionNarrative')!;
const records = [...generate({ count: 5, seed: 4 })].map((g) => g.record);

function registryOf(schemas: Map<number, avro.Type>, fail?: () => Error) {
  const asked: number[] = [];
  const registry = {
    getSchema: async (id: number) => {
      asked.push(id);
      if (fail) throw fail();
      const type = schemas.get(id);
      if (!type) throw Object.assign(new Error('Schema not found'), { status: 404 });
      return type;
    },
  } as unknown as SchemaRegistry;
  return { registry, asked };
}

test('a schema id is asked of the registry once; later records of it decode in place, with no promise', async () => {
  const { registry, asked } = registryOf(new Map([[7, narrativeType]]));
  const decode = avroNarrativeDecoder(registry);
  const [first, ...rest] = records.map((r) => framed(7, narrativeType.toBuffer(r)));
  const decodedFirst = decode(first!, { receivedAt: 0 });
  assert.ok(decodedFirst instanceof Promise, 'the first record waits for its schema');
  const decoded = await decodedFirst;
  assert.equal(decoded.ok && decoded.record.record_id, records[0]!.record_id);
  const later = rest.map((bytes) => decode(bytes, { receivedAt: 0 }));
  assert.ok(later.every((d) => !(d instanceof Promise)));
  assert.deepEqual(
    later.map((d) => (d as { record?: { record_id: string } }).record?.record_id),
    records.slice(1).map((r) => r.record_id),
  );
  assert.deepEqual(asked, [7]);
});

test('an id the registry does not have is rejected, and asked again next time (it may be registered since)', async () => {
  const schemas = new Map<number, avro.Type>();
  const { registry, asked } = registryOf(schemas);
  const decode = avroNarrativeDecoder(registry);
  const bytes = framed(9, narrativeType.toBuffer(records[0]));
  const rejected = await decode(bytes, { receivedAt: 0 });
  assert.deepEqual(rejected, {
    ok: false,
    rejection: { code: 'UNKNOWN_SCHEMA_ID', reason: 'schema id 9 is not in the registry', recordId: null, stage: 'decode' },
  });
  schemas.set(9, narrativeType);
  assert.equal((await decode(bytes, { receivedAt: 0 })).ok, true);
  assert.deepEqual(asked, [9, 9]);
});

test('bytes that are not Avro of their schema are a MALFORMED_AVRO rejection; a registry out of reach throws', async () => {
  const { registry } = registryOf(new Map([[7, narrativeType]]));
  const decode = avroNarrativeDecoder(registry);
  const truncated = framed(7, narrativeType.toBuffer(records[0]).subarray(0, 20));
  const rejected = await decode(truncated, { receivedAt: 0 });
  assert.equal(rejected.ok, false);
  assert.match(!rejected.ok ? rejected.rejection.reason : '', /^not valid Avro for schema id 7: /);
  assert.deepEqual(await decode(Buffer.from([1, 0, 0, 0, 7, 0]), { receivedAt: 0 }), {
    ok: false,
    rejection: {
      code: 'MALFORMED_AVRO',
      reason: 'not in the Confluent wire format (magic byte 1, expected 0)',
      recordId: null,
      stage: 'decode',
    },
  });
  const down = registryOf(new Map(), () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8081'), { code: 'ECONNREFUSED' }));
  await assert.rejects(Promise.resolve(avroNarrativeDecoder(down.registry)(truncated, { receivedAt: 0 })), /ECONNREFUSED/);
});
