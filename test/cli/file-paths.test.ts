import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFileRunPaths } from '#src/cli/file-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'parsimony-paths-'));
const input = join(dir, 'in.jsonl');
writeFileSync(input, '');

test('paths that can be written pass, folders of the cache file may still be made', () => {
  checkFileRunPaths({
    input,
    outputs: { '--output': join(dir, 'out.jsonl'), '--report': undefined },
    created: { '--cache': join(dir, 'a/b/t.jsonl') },
  });
});

test('an output that is the input, under any spelling, is refused', () => {
  symlinkSync(input, join(dir, 'link.jsonl'));
  for (const same of [input, join(dir, '.', 'in.jsonl'), join(dir, 'link.jsonl')]) {
    assert.throws(() => checkFileRunPaths({ input, outputs: { '--output': same } }), {
      code: 'USAGE',
      message: /--output .* is the input/,
    });
  }
  assert.throws(() => checkFileRunPaths({ input: join(dir, 'link.jsonl'), outputs: { '--dead-letters': input } }), { code: 'USAGE' });
});

test('two outputs in one file are refused', () => {
  const out = join(dir, 'out.jsonl');
  assert.throws(() => checkFileRunPaths({ input, outputs: { '--output': out, '--dead-letters': out } }), {
    code: 'USAGE',
    message: /--dead-letters and --output are the same file/,
  });
});

test('an output that cannot be written is refused before the run, saying why', () => {
  assert.throws(() => checkFileRunPaths({ input, outputs: { '--output': join(dir, 'missing/out.jsonl') } }), {
    code: 'OUTPUT_UNWRITABLE',
    message: /does not exist/,
  });
  mkdirSync(join(dir, 'folder'));
  assert.throws(() => checkFileRunPaths({ input, outputs: { '--report': join(dir, 'folder') } }), {
    code: 'OUTPUT_UNWRITABLE',
    message: /is a directory/,
  });
  assert.throws(() => checkFileRunPaths({ input: join(dir, 'nope.jsonl'), outputs: {} }), { code: 'USAGE', message: /no such file/ });
});

test('a read-only folder is refused (unless running as root, who may write anywhere)', {
  skip: process.getuid?.() === 0 ? 'root writes anywhere' : false,
}, () => {
  const locked = join(dir, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o500);
  assert.throws(() => checkFileRunPaths({ input, outputs: { '--output': join(locked, 'out.jsonl') } }), {
    code: 'OUTPUT_UNWRITABLE',
    message: /not writable/,
  });
});
