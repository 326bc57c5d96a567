import assert from 'node:assert/strict';
import { chmodSync, closeSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openPrivateFile, writePrivateFile } from '#src/common/private-file.ts';

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
