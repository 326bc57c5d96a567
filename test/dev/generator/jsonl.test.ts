import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generate } from '#src/dev/generator/generate.ts';
import { narrativeLine, toJsonl, writeJsonl } from '#src/dev/generator/jsonl.ts';
import { readTruth } from '#src/dev/quality/truth-file.ts';
import { decodeJsonNarrative } from '#src/ingest/decode-json.ts';

const items = [...generate({ count: 300, seed: 12, trapShare: { injection: 0.2, cardNumber: 0.2 } })];

test('every narrative line decodes and validates as the service reads it, unchanged', () => {
  for (const { record } of items) {
    const decoded = decodeJsonNarrative(Buffer.from(narrativeLine(record)), { receivedAt: 0 });
    assert.ok(decoded.ok, JSON.stringify(decoded));
    assert.deepEqual(decoded.record, record);
  }
});

test('toJsonl writes one narrative and one {record_id, fields} truth line per record', () => {
  const { narratives, truth } = toJsonl(items);
  const narrativeLines = narratives.trimEnd().split('\n');
  const truthLines = truth
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(narrativeLines.length, items.length);
  assert.deepEqual(truthLines[5], { record_id: items[5]!.record.record_id, fields: items[5]!.fields });
  assert.deepEqual(Object.keys(JSON.parse(narrativeLines[0]!)), [
    'record_id',
    'narrative',
    'source_id',
    'document_type',
    'template_version',
    'account_id',
    'statement_date',
    'locale',
    'currency_hint',
    'source_updated_at',
    'received_at',
  ]);
});

test('writeJsonl streams files the truth reader reads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parsimony-generator-'));
  try {
    const paths = { narratives: join(dir, 'narratives.jsonl'), truth: join(dir, 'truth.jsonl') };
    assert.equal(await writeJsonl(items, paths), items.length);
    const truth = readTruth(paths.truth);
    assert.equal(truth.size, items.length);
    for (const { record, fields } of items) assert.deepEqual(truth.get(record.record_id), fields);
    assert.equal(readFileSync(paths.narratives, 'utf8'), toJsonl(items).narratives);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
