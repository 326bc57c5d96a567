/**
 * The suite's corpus is what it claims: its card numbers are card numbers to the project's own
 * detector, each narrative carries its secret, and each bad input, decoded by the service's own
 * Avro decoder (through a registry stand-in that gives the schemas by id), is refused with exactly
 * the code and reason the suite expects of the service.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { isCardNumber } from '#src/common/secrets/card-number.ts';
import { framed } from '#src/connect/registry.ts';
import { avroNarrativeDecoder } from '#src/ingest/decode-avro.ts';
import { validateNarrative } from '#src/ingest/validate-narrative.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { badInputs, type CorpusEncoders, cardNumber, grouped, secretNarratives } from './corpus.ts';
import { secretsIn } from './scan.ts';

const narrativeType = loadSchemas().types.get('TransactionNarrative')!;
const schemas: Record<number, avro.Type> = {
  1: narrativeType,
  2: avro.Type.forSchema({
    type: 'record',
    name: 'Nullable',
    fields: ['record_id', 'narrative', 'source_id', 'document_type'].map((name) => ({ name, type: ['null', 'string'] })),
  }),
  3: avro.Type.forSchema({ type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] }),
};
const encoders: CorpusEncoders = {
  narrative: async (r) => framed(1, narrativeType.toBuffer(r)),
  nullable: async (r) => framed(2, schemas[2]!.toBuffer(r)),
  other: async (v) => framed(3, schemas[3]!.toBuffer(v)),
};
/** The schemas by id, as the registry client gives them; an unknown id is its 404. */
const registry = {
  getSchema: async (id: number) => {
    const type = schemas[id];
    if (!type) throw Object.assign(new Error('Schema not found'), { status: 404 });
    return type;
  },
} as unknown as SchemaRegistry;
const decodeAvro = avroNarrativeDecoder(registry);

test('card numbers have a scheme prefix, a scheme length and a valid Luhn digit, one per name', () => {
  const cards = ['a', 'b', 'c'].flatMap((name) => (['visa', 'mastercard', 'amex'] as const).map((scheme) => cardNumber(1, name, scheme)));
  for (const card of cards) assert.ok(isCardNumber(card), card);
  assert.equal(new Set(cards).size, cards.length);
  assert.equal(cardNumber(1, 'a', 'amex').length, 15);
  assert.equal(grouped('4111111111111111', [4, 6], ' '), '4111 111111 111111');
});

test('each narrative with a secret is a valid record and carries its secret', () => {
  const { records, secrets } = secretNarratives(1, 0);
  assert.equal(records.length, secrets.length);
  records.forEach((record, i) => {
    assert.ok(validateNarrative(record, { receivedAt: 0 }).ok, record.record_id);
    assert.deepEqual(secretsIn(record.narrative, [secrets[i]!]), [secrets[i]], record.record_id);
  });
});

test("each bad input is refused by the service's decoder with the code and reason the suite expects", async () => {
  const { inputs, secrets } = await badInputs(1, encoders, 0);
  assert.equal(new Set(inputs.map((i) => i.key)).size, inputs.length, 'each under its own key');
  for (const input of inputs) {
    const decoded = await decodeAvro(input.value, { receivedAt: 0 });
    assert.ok(!decoded.ok, `${input.name} was accepted`);
    assert.equal(decoded.rejection.code, input.expect.code, input.name);
    assert.match(decoded.rejection.reason, input.expect.reason, input.name);
  }
  const megabyte = inputs.find((i) => i.key === 'faults-bad-megabyte')!;
  assert.ok(megabyte.value!.length > 1_000_000 && megabyte.value!.length < 1_048_576, 'a 1 MB narrative fits a Kafka message');
  assert.ok(secrets.every((s) => inputs.some((i) => secretsIn(`${i.key} ${i.value?.toString('utf8')}`, [s]).length === 1)));
});
