import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

type Patch = { name: string; version: string; file: string; publishedSha256: string; replacement: string };
// A plain .mjs (npm runs it at install, before anything is compiled), imported by path: no types of its own.
const script = join(import.meta.dirname, '../../ops/patch-dependencies.mjs');
const { applyPatches, PATCHES } = (await import(script)) as {
  applyPatches(root: string, patches?: Patch[]): string[];
  PATCHES: Patch[];
};

const require = createRequire(import.meta.url);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A root with one installed package `dep` at `version` whose lib/f.js reads `content`, and the replacement beside it. */
function root(version: string, content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'patch-'));
  mkdirSync(join(dir, 'node_modules/dep/lib'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/dep/package.json'), JSON.stringify({ name: 'dep', version }));
  writeFileSync(join(dir, 'node_modules/dep/lib/f.js'), content);
  writeFileSync(join(dir, 'replacement.js'), 'patched();\n');
  return dir;
}
const patch = { name: 'dep', version: '1.0.0', file: 'lib/f.js', publishedSha256: sha256('published();\n'), replacement: 'replacement.js' };
const installed = (dir: string) => readFileSync(join(dir, 'node_modules/dep/lib/f.js'), 'utf8');

test('a published file of the version a patch was written for is replaced once; an upgrade or a changed file is left with a warning', () => {
  const fresh = root('1.0.0', 'published();\n');
  assert.deepEqual(applyPatches(fresh, [patch]), ['dep/lib/f.js: patched now']);
  assert.equal(installed(fresh), 'patched();\n');
  assert.deepEqual(applyPatches(fresh, [patch]), ['dep/lib/f.js: patched']);

  const upgraded = root('1.1.0', 'published();\n');
  assert.match(applyPatches(upgraded, [patch])[0]!, /^warning: .*installed dep is 1\.1\.0, the patch was written for 1\.0\.0/);
  assert.equal(installed(upgraded), 'published();\n');

  const edited = root('1.0.0', 'someone else’s();\n');
  assert.match(applyPatches(edited, [patch])[0]!, /^warning: .*not the published file/);
  assert.equal(installed(edited), 'someone else’s();\n');

  assert.match(applyPatches(mkdtempSync(join(tmpdir(), 'patch-')), [patch])[0]!, /not installed/);
});

test('the install patched kafkajs: a send’s messages grouped by partition in their order, in one pass', () => {
  assert.deepEqual(
    applyPatches(join(import.meta.dirname, '../..')).filter((line) => !line.endsWith(': patched')),
    [],
    'run `node ops/patch-dependencies.mjs`',
  );
  const group = require('kafkajs/src/producer/groupMessagesPerPartition.js');
  const partitionMetadata = Array.from({ length: 4 }, (_, i) => ({ partitionId: i, leader: 0 }));
  const messages = Array.from({ length: 50 }, (_, i) => ({ key: String(i), value: null, to: (i * 7) % 4 }));
  const partitioner = ({ message }: { message: { to: number } }) => message.to;
  const grouped = group({ topic: 't', partitionMetadata, messages, partitioner });
  assert.deepEqual(Object.keys(grouped).sort(), ['0', '1', '2', '3']);
  for (const [partition, list] of Object.entries(grouped))
    assert.deepEqual(
      list,
      messages.filter((m) => m.to === Number(partition)),
    );
  assert.deepEqual(group({ topic: 't', partitionMetadata: [], messages, partitioner }), {});
  assert.equal(PATCHES.length, 1);
});
