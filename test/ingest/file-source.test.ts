/**
 * The file source passes the Source conformance suite on temporary JSON Lines files.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { systemClock } from '#src/common/clock.ts';
import { FileSource } from '#src/ingest/file-source.ts';
import { sourceConformance } from './source-conformance.ts';

const dir = mkdtempSync(join(tmpdir(), 'parsimony-file-source-'));
let files = 0;

function fileOf(values: readonly Buffer[]): string {
  const path = join(dir, `input-${files++}.jsonl`);
  writeFileSync(path, Buffer.concat(values.flatMap((v) => [v, Buffer.from('\n')])));
  return path;
}

sourceConformance('file source', {
  open: async (values) => new FileSource({ path: fileOf(values), clock: systemClock, batchLines: 2 }),
  redelivers: false,
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});

test('file source: a line position is its line number; blank lines are skipped; a missing file fails at once', async () => {
  const path = join(dir, 'blank-lines.jsonl');
  writeFileSync(path, '{"a":1}\n\n   \n{"b":2}\n');
  const offsets: number[] = [];
  for await (const batch of new FileSource({ path, clock: systemClock }).batches())
    offsets.push(...batch.intakes.map((i) => i.position.offset));
  assert.deepEqual(offsets, [1, 4]);
  assert.throws(
    () => new FileSource({ path: join(dir, 'missing.jsonl'), clock: systemClock }),
    (e: Error & { code?: string }) => e.code === 'INPUT_INVALID' && /missing\.jsonl/.test(e.message),
  );
});
