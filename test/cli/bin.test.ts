/**
 * The `parsimony` bin: whatever Node starts it, the CLI runs on Node 24 with the V8 options that
 * bound its memory, and its exit code is the CLI's.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { heapLimitMib as limitFor } from '#src/cli/heap-limit.ts';
import { loadConfig } from '#src/config/config.ts';

const bin = new URL('../../bin/parsimony.js', import.meta.url).pathname;
const examples = new URL('../../examples/', import.meta.url).pathname;
const withoutKeys = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$|^PARSIMONY_|^NODE_OPTIONS$/.test(k)));

test('the bin runs the CLI, says its version, and passes its exit code on', () => {
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: parsimony <command>/m);
  const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  const { version: packaged } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(version.stdout, `parsimony ${packaged} (Node ${process.versions.node})\n`);
  const unknown = spawnSync(process.execPath, [bin, 'no-such-command'], { encoding: 'utf8' });
  assert.equal(unknown.status, 2, unknown.stderr);
});

test('the process the bin leaves running is Node 24 with the memory options, under the same pid', async () => {
  const child = spawn(
    process.execPath,
    [bin, 'simulator', '--port', '0', '--truth', `${examples}truth.jsonl`, '--records', `${examples}narratives.jsonl`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    let printed = '';
    child.stdout.on('data', (chunk) => {
      printed += chunk;
    });
    while (!/^listening/m.test(printed)) {
      assert.equal(child.exitCode, null, printed);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    assert.ok(commandLine.includes('--max-semi-space-size=4'), commandLine.join(' '));
    assert.ok(!commandLine.includes('--optimize-for-size'), 'the simulator is not bounded: V8 sizes its heap for speed');
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, 'SIGTERM reaches the CLI, which stops cleanly');
});

test('extract gets a heap limit from its bounds, unless one was chosen; the report says which', () => {
  const heapLimitMib = (env: Record<string, string>, extra: string[] = []) => {
    const dir = mkdtempSync(join(tmpdir(), 'parsimony-heap-'));
    const run = spawnSync(
      process.execPath,
      [
        bin,
        'extract',
        '--input',
        `${examples}narratives.jsonl`,
        '--output',
        join(dir, 'out.jsonl'),
        '--no-cache',
        '--allow-failures',
        '--report',
        join(dir, 'r.json'),
        ...extra,
      ],
      { encoding: 'utf8', env: { ...withoutKeys, ...env } },
    );
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).heap_limit_bytes / 2 ** 20;
  };
  const defaults = loadConfig({ env: {} }).config;
  const derived = heapLimitMib({});
  // V8's limit is the old generation's plus the young one's (three semi-spaces of at most 4 MiB).
  const young = derived - limitFor('extract', defaults)!;
  assert.ok(young > 0 && young <= 12, `${derived} MiB`);
  assert.ok(heapLimitMib({ PARSIMONY_CACHE_FILE_TEMPLATES: '200000' }) > derived * 2, 'a higher bound, a higher limit');
  assert.ok(Math.abs(heapLimitMib({ PARSIMONY_HEAP_LIMIT_MIB: '700' }) - 700 - young) < 1);
  assert.ok(Math.abs(heapLimitMib({ NODE_OPTIONS: '--max-old-space-size=900' }) - 912) < 1, "the user's own option wins");
  assert.ok(heapLimitMib({ PARSIMONY_HEAP_LIMIT_MIB: '0' }) > 1_000, "0: V8's own");
  assert.ok(heapLimitMib({}, ['--simulate', `${examples}truth.jsonl`]) > 1_000, 'the in-process simulator holds its truth: no limit');
});

const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  return version !== undefined && Number(version.slice(1).split('.')[0]) < 24;
});

test('started by an older Node, the bin finds Node 24 and runs the CLI there', {
  skip: olderNode ? false : 'no Node older than 24 on this machine',
}, () => {
  const help = spawnSync(olderNode!, [bin, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, PARSIMONY_CACHE: cacheOf(process.execPath) },
  });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: parsimony <command>/m);
  const none = spawnSync(olderNode!, [bin, '--help'], { encoding: 'utf8', env: { ...process.env, PARSIMONY_CACHE: '/nonexistent' } });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /parsimony needs Node 24 or newer; this is Node 2\d/);
});

/** The project cache that holds this test's Node (…/node/<version>/bin/node), as ops/node-env.sh lays it out. */
function cacheOf(node: string): string {
  const match = /^(.*)\/node\/[^/]+\/bin\/node$/.exec(node);
  assert.ok(match, `this test runs on the project's Node (${node})`);
  return match[1]!;
}
