import assert from 'node:assert/strict';
import { chmodSync, closeSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openPrivateFile, replacePrivateFileLines, writePrivateFile } from '#src/common/private-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'parsimony-private-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a file written is mode 0600, whatever the umask and whether it existed', () => {
  const fresh = join(dir, 'fresh.json');
  const old = process.umask(0o000);
  try {
    writePrivateFile(fresh, '{}');
  } finally {
    process.umask(old);
  }
  assert.equal(statSync(fresh).mode & 0o777, 0o600);
  const existing = join(dir, 'existing.json');
  writeFileSync(existing, 'before');
  chmodSync(existing, 0o644);
  writePrivateFile(existing, 'after');
  assert.equal(statSync(existing).mode & 0o777, 0o600);
  assert.equal(readFileSync(existing, 'utf8'), 'after');
});

test('a device is written to as it is: its mode is not ours to change', () => {
  closeSync(openPrivateFile('/dev/null'));
  assert.equal(statSync('/dev/null').mode & 0o777, 0o666);
});

test('lines replace a file whole: multibyte text across the write buffer, a line longer than it, mode 0600', () => {
  const path = join(dir, 'lines.jsonl');
  writeFileSync(path, 'old\n');
  chmodSync(path, 0o644);
  const lines = [
    ...Array.from({ length: 30_000 }, (_, i) => `${JSON.stringify({ i, text: 'Überweisung ₹ 592.38 — café 東京' })}\n`),
    `${'x'.repeat(3 * 2 ** 20)}\n`,
    'last\n',
  ];
  replacePrivateFileLines(path, lines);
  assert.equal(readFileSync(path, 'utf8'), lines.join(''));
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('lines that fail part way leave the previous file as it was', () => {
  const path = join(dir, 'kept.jsonl');
  writeFileSync(path, 'previous\n');
  function* failing(): Generator<string> {
    yield 'half\n';
    throw new Error('disk went away');
  }
  assert.throws(() => replacePrivateFileLines(path, failing()), /disk went away/);
  assert.equal(readFileSync(path, 'utf8'), 'previous\n');
});
