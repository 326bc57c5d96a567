/**
 * The file sink passes the Sink conformance suite on temporary files.
 */

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileSink } from '#src/emit/file-sink.ts';
import { sinkConformance } from './sink-conformance.ts';

const dir = mkdtempSync(join(tmpdir(), 'parsimony-file-sink-'));
let files = 0;
const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

sinkConformance('file sink', {
  transactional: false,
  open: async () => {
    const paths = { extractions: join(dir, `out-${files}.jsonl`), deadLetters: join(dir, `dlq-${files++}.jsonl`) };
    return {
      sink: new FileSink(paths),
      readBack: async () => ({
        extractionIds: lines(paths.extractions).map((e) => e.record_id),
        deadLetters: lines(paths.deadLetters).map((d) => ({
          code: d.error_code,
          originalValue: d.original_value === null ? null : Buffer.from(d.original_value, 'base64'),
        })),
      }),
    };
  },
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});

test('file sink: an unwritable path fails when the sink opens, before any work', () => {
  assert.throws(
    () => new FileSink({ extractions: join(dir, 'no-such-dir', 'out.jsonl'), deadLetters: join(dir, 'dlq.jsonl') }),
    (e: Error & { code?: string }) => e.code === 'OUTPUT_UNWRITABLE' && /no-such-dir/.test(e.message),
  );
});

test('file sink: both files are readable by their owner only, also when they existed before', async () => {
  const paths = { extractions: join(dir, 'private-out.jsonl'), deadLetters: join(dir, 'private-dlq.jsonl') };
  writeFileSync(paths.extractions, 'old\n');
  chmodSync(paths.extractions, 0o644);
  const sink = new FileSink(paths);
  await sink.close();
  assert.equal(statSync(paths.extractions).mode & 0o777, 0o600);
  assert.equal(statSync(paths.deadLetters).mode & 0o777, 0o600);
});
