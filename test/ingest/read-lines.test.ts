import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { countLines } from '#src/ingest/read-lines.ts';

test('a file counts the lines it will deliver: blank ones and a missing last newline as the reader takes them', async () => {
  const count = (...chunks: string[]) => countLines(Readable.from(chunks.map((c) => Buffer.from(c))));
  assert.equal(await count('a\nb\n', '\n  \nc'), 3);
  assert.equal(await count('a\r\n', 'b\r\n'), 2);
  assert.equal(await count(), 0);
});
