import assert from 'node:assert/strict';
import { test } from 'node:test';
import type avro from 'avsc';
import {
  CATEGORIES,
  DIRECTIONS,
  EXTRACTION_STATUSES,
  FEEDBACK_ORIGINS,
  FIELD_NAMES,
  TRANSACTION_TYPES,
  VERDICTS,
} from '#src/contract/records.ts';
import { loadSchemas } from '#src/topics/schemas.ts';

const { schemas, types } = loadSchemas();

function field(type: avro.Type, name: string): avro.Type {
  const found = (type as avro.types.RecordType).fields.find((f) => f.name === name);
  assert.ok(found, `field ${name}`);
  const t = found.type;
  return t.typeName === 'union:wrapped' || t.typeName === 'union:unwrapped' ? (t as unknown as { types: avro.Type[] }).types.at(-1)! : t;
}
const symbols = (type: avro.Type) => (type as avro.types.EnumType).symbols;

test('the TypeScript lists equal the Avro schemas they mirror', () => {
  const fields = types.get('ExtractedFields')!;
  assert.deepEqual(
    (fields as avro.types.RecordType).fields.map((f) => f.name),
    [...FIELD_NAMES],
  );
  assert.deepEqual(symbols(field(fields, 'direction')), [...DIRECTIONS]);
  assert.deepEqual(symbols(field(fields, 'transaction_type')), [...TRANSACTION_TYPES]);
  assert.deepEqual(symbols(field(fields, 'category')), [...CATEGORIES]);
  assert.deepEqual(symbols(field(types.get('Extraction')!, 'status')), [...EXTRACTION_STATUSES]);
  assert.deepEqual(symbols(field(types.get('ExtractionFeedback')!, 'verdict')), [...VERDICTS]);
  assert.deepEqual(symbols(field(types.get('ExtractionFeedback')!, 'origin')), [...FEEDBACK_ORIGINS]);
});

test('schemas are self-contained, namespaced and document every field', () => {
  for (const [name, schema] of schemas) {
    assert.equal(schema.namespace, 'dev.parsimony.v1', name);
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) walk(n, `${path}[${i}]`);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      const record = node as { type?: unknown; fields?: { name: string; doc?: string; type: unknown; default?: unknown }[] };
      for (const f of record.fields ?? []) {
        assert.ok(f.doc, `${name}: ${path}.${f.name} has no doc`);
        if (Array.isArray(f.type) && f.type[0] === 'null')
          assert.ok('default' in f && f.default === null, `${name}: ${f.name} optional without default null`);
        walk(f.type, `${path}.${f.name}`);
      }
      if (record.type && typeof record.type === 'object') walk(record.type, path);
    };
    walk(schema, name);
  }
  // Extraction and ExtractionFeedback both carry ExtractedFields, inlined, identical.
  const inExtraction = JSON.stringify(
    (schemas.get('Extraction')!.fields as { name: string; type: unknown }[]).find((f) => f.name === 'fields')!.type,
  );
  const inFeedback = JSON.stringify(
    (schemas.get('ExtractionFeedback')!.fields as { name: string; type: unknown[] }[]).find((f) => f.name === 'corrected_fields')!.type[1],
  );
  assert.equal(inExtraction, inFeedback);
});

test('a narrative round-trips through its Avro type, optional fields defaulting to null', () => {
  const type = types.get('TransactionNarrative')!;
  const record = {
    record_id: 'r1',
    narrative: 'SQ *BLUE BOTTLE 11/02',
    source_id: 's',
    document_type: 'card_feed',
    received_at: 1_700_000_000_000,
  };
  const decoded = type.fromBuffer(type.toBuffer(type.clone(record, { wrapUnions: false })));
  assert.equal(decoded.locale, null);
  assert.equal(decoded.received_at, 1_700_000_000_000);
});
