import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allocatorEnv,
  boundedLiveBytes,
  EXPOSE_GC_OPTION,
  HEAP_GROWTH_OPTION,
  heapLimitMib,
  MEMORY_MODE_OPTION,
  memoryCeilingMib,
  SEMI_SPACE_OPTION,
  v8Options,
} from '#src/cli/heap-limit.ts';
import { type Config, loadConfig } from '#src/config/config.ts';

const config = (env: Record<string, string> = {}): Config => loadConfig({ env }).config;

test('the limit is 2.5 times what the full bounds hold, in whole 16 MiB, at least 256 MiB', () => {
  const defaults = config();
  for (const command of ['extract', 'run', 'replay'] as const) {
    const limit = heapLimitMib(command, defaults)!;
    assert.equal(limit % 16, 0);
    assert.ok(limit >= 256 && limit * 2 ** 20 >= 2.5 * boundedLiveBytes(command, defaults), `${command}: ${limit}`);
  }
  assert.equal(heapLimitMib('extract', config({ PARSIMONY_CACHE_FILE_TEMPLATES: '100', PARSIMONY_MAX_IN_FLIGHT_RECORDS: '256' })), 256);
});

test('each bound raises the limit of the commands that hold it', () => {
  const base = config();
  const more = (env: Record<string, string>, command: string) => heapLimitMib(command, config(env))! - heapLimitMib(command, base)!;
  assert.ok(more({ PARSIMONY_CACHE_FILE_TEMPLATES: '100000' }, 'extract') > 100);
  assert.equal(more({ PARSIMONY_CACHE_FILE_TEMPLATES: '100000' }, 'run'), 0, 'run keeps no file cache');
  assert.ok(more({ PARSIMONY_CACHE_HOT_TEMPLATES: '100000' }, 'run') > 100);
  assert.ok(more({ PARSIMONY_MAX_IN_FLIGHT_RECORDS: '50000' }, 'run') > 100);
  assert.ok(more({ PARSIMONY_EMBEDDING_DIMENSIONS: '1024' }, 'extract') > 0);
});

test('a limit given is taken as it is; 0 and the unbounded commands keep V8’s own', () => {
  assert.equal(heapLimitMib('run', config({ PARSIMONY_HEAP_LIMIT_MIB: '900' })), 900);
  assert.equal(heapLimitMib('run', config({ PARSIMONY_HEAP_LIMIT_MIB: '0' })), undefined);
  assert.equal(heapLimitMib('simulator', config()), undefined);
  assert.equal(heapLimitMib('generate', config()), undefined);
});

test('the service holds a memory ceiling 32 MiB under its heap limit, or the one given; extract and a heap left to V8 none', () => {
  for (const command of ['run', 'replay']) assert.equal(memoryCeilingMib(command, config()), heapLimitMib(command, config())! - 32);
  assert.equal(memoryCeilingMib('run', config()), 256);
  assert.equal(memoryCeilingMib('run', config({ PARSIMONY_HEAP_LIMIT_MIB: '900' })), 868);
  assert.equal(memoryCeilingMib('run', config({ PARSIMONY_MEMORY_CEILING_MIB: '400' })), 400);
  assert.equal(memoryCeilingMib('run', config({ PARSIMONY_MEMORY_CEILING_MIB: '0' })), undefined);
  assert.equal(memoryCeilingMib('run', config({ PARSIMONY_HEAP_LIMIT_MIB: '0' })), undefined);
  assert.equal(memoryCeilingMib('run', config({ PARSIMONY_HEAP_LIMIT_MIB: '0', PARSIMONY_MEMORY_CEILING_MIB: '400' })), 400);
  assert.equal(memoryCeilingMib('extract', config()), undefined);
});

test('the options: semi-spaces always; a limit for bounded commands (with the memory mode for extract, the heap growth for the service), unless one was chosen, 0, the in-process simulator, or a configuration that does not load', () => {
  const limited = v8Options(['extract', '--input', 'x'], {}, []);
  assert.deepEqual(limited.slice(0, 2), [SEMI_SPACE_OPTION, MEMORY_MODE_OPTION]);
  assert.match(limited[2]!, /^--max-old-space-size=\d+$/);
  assert.deepEqual(
    v8Options(['run'], {}, []),
    [SEMI_SPACE_OPTION, EXPOSE_GC_OPTION, HEAP_GROWTH_OPTION, `--max-old-space-size=${heapLimitMib('run', config())}`],
    'the service keeps its speed (its heap may grow to twice what a full collection left), and holds its ceiling with V8’s collection',
  );
  assert.equal(v8Options(['extract'], { PARSIMONY_HEAP_LIMIT_MIB: '0' }, []).includes(MEMORY_MODE_OPTION), false);
  assert.deepEqual(v8Options(['run'], { PARSIMONY_HEAP_LIMIT_MIB: '0' }, []), [SEMI_SPACE_OPTION]);
  assert.deepEqual(v8Options(['simulator'], {}, []), [SEMI_SPACE_OPTION]);
  assert.deepEqual(v8Options(['extract'], { NODE_OPTIONS: '--max-old-space-size=4000' }, []), [SEMI_SPACE_OPTION]);
  assert.deepEqual(v8Options(['run'], {}, ['--max-old-space-size=4000']), [SEMI_SPACE_OPTION]);
  assert.deepEqual(v8Options(['run'], { PARSIMONY_MEMORY_CEILING_MIB: '3000' }, ['--max-old-space-size=4000']), [
    SEMI_SPACE_OPTION,
    EXPOSE_GC_OPTION,
  ]);
  assert.deepEqual(v8Options(['replay'], { PARSIMONY_MEMORY_CEILING_MIB: '0' }, []).includes(EXPOSE_GC_OPTION), false);
  assert.equal(limited.includes(EXPOSE_GC_OPTION), false, 'extract holds no ceiling');
  assert.deepEqual(v8Options(['extract', '--simulate', 't.jsonl'], {}, []), [SEMI_SPACE_OPTION]);
  assert.deepEqual(v8Options(['run'], { PARSIMONY_CACHE_HOT_TEMPLATES: 'many' }, []), [SEMI_SPACE_OPTION]);
  assert.deepEqual(v8Options(['run', '--config', '/nonexistent.json'], {}, []), [SEMI_SPACE_OPTION]);
  assert.deepEqual(v8Options(['--version'], {}, []), [SEMI_SPACE_OPTION]);
});

test('bounded commands get two malloc arenas unless MALLOC_ARENA_MAX is set; the others keep the environment as it is', () => {
  const env = { PATH: '/usr/bin' };
  assert.deepEqual(allocatorEnv(['run'], env), { PATH: '/usr/bin', MALLOC_ARENA_MAX: '2' });
  assert.equal(allocatorEnv(['extract', '--input', 'x'], env).MALLOC_ARENA_MAX, '2');
  assert.equal(allocatorEnv(['run'], { MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX, '8');
  assert.equal(allocatorEnv(['simulator'], env), env);
  assert.equal(allocatorEnv([], env), env);
});
