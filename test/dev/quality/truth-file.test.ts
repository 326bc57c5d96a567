import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTruth } from '#src/dev/quality/truth-file.ts';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'parsimony-truth-')), 'truth.jsonl');
  writeFileSync(path, text);
  return path;
}

test('truth lines give every field, a left-out one as null; other keys are ignored', () => {
  const truth = readTruth(file('{"record_id":"a","fields":{"amount":"6.75"},"note":"x"}\n\n{"record_id":"b","fields":{}}\n'));
  assert.equal(truth.get('a')!.amount, '6.75');
  assert.equal(truth.get('a')!.currency, null);
  assert.equal(truth.size, 2);
});

test('a bad truth line names the file, the line and what is wrong', () => {
  assert.throws(() => readTruth(file('{"record_id":"a","fields":{"amount":6.75}}\n')), /line 1: fields\.amount must be a string or null/);
  assert.throws(() => readTruth(file('{"fields":{}}\n')), /line 1: expected \{"record_id"/);
  assert.throws(() => readTruth(file('not json\n')), /line 1: not valid JSON/);
  assert.throws(() => readTruth('/nonexistent/truth.jsonl'), /cannot read truth file/);
});
