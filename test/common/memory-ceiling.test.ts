import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { createLogger } from '#src/common/logger.ts';
import { holdMemoryCeiling } from '#src/common/memory-ceiling.ts';

const MiB = 2 ** 20;

/** A process whose resident set is `resident`, which a collection brings down to `afterReclaim`. */
function harness(options: { resident: number; afterReclaim: number }) {
  const clock = manualClock();
  const warnings: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => warnings.push(line) });
  let resident = options.resident * MiB;
  let afterReclaim = options.afterReclaim;
  const reclaims: number[] = [];
  const observed: number[] = [];
  const release = holdMemoryCeiling({
    ceilingBytes: 256 * MiB,
    clock,
    logger,
    residentBytes: () => resident,
    reclaim: () => {
      reclaims.push(clock.now());
      resident = afterReclaim * MiB;
    },
    observe: ({ residentBytes }) => observed.push(residentBytes / MiB),
  });
  return {
    clock,
    reclaims,
    observed,
    warnings,
    release,
    grow: (mib: number) => {
      resident = mib * MiB;
    },
    freeDownTo: (mib: number) => {
      afterReclaim = mib;
    },
  };
}

test('below the ceiling nothing is collected', () => {
  const h = harness({ resident: 255, afterReclaim: 200 });
  h.clock.advance(60_000);
  assert.deepEqual(h.reclaims, []);
});

test('at the ceiling a collection runs within a check, and again once the resident set is back, not sooner than 5 s apart', () => {
  const h = harness({ resident: 300, afterReclaim: 200 });
  h.clock.advance(250);
  assert.deepEqual(h.reclaims, [250]);
  assert.deepEqual(h.observed, [200]);
  h.grow(260);
  h.clock.advance(3_000);
  assert.equal(h.reclaims.length, 1, 'within 5 s of the last');
  h.clock.advance(2_000);
  assert.deepEqual(h.reclaims, [250, 5_250]);
  assert.deepEqual(h.warnings, []);
});

test('when a collection frees too little, the next waits twice as long (up to 5 min) and the log says so once', () => {
  const h = harness({ resident: 300, afterReclaim: 290 });
  h.clock.advance(250);
  h.grow(300);
  h.clock.advance(20_000);
  // 10 MiB given back is less than a sixteenth of the 256 MiB ceiling: the next collection waits 10 s, not 5.
  assert.deepEqual(h.reclaims, [250, 10_250]);
  h.freeDownTo(300);
  h.grow(300);
  h.clock.advance(600_000);
  const gaps = h.reclaims.slice(1).map((at, i) => at - h.reclaims[i]!);
  assert.deepEqual(gaps, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000]);
  assert.equal(h.warnings.length, 1);
  assert.match(h.warnings[0]!, /stays near its ceiling/);
});

test('a collection that frees enough again brings back the short gap', () => {
  const h = harness({ resident: 300, afterReclaim: 290 });
  h.clock.advance(250);
  h.grow(300);
  h.clock.advance(10_000);
  h.freeDownTo(200);
  h.grow(300);
  h.clock.advance(20_000);
  h.grow(300);
  h.clock.advance(5_000);
  assert.deepEqual(h.reclaims, [250, 10_250, 30_250, 35_250]);
});

test('once released, nothing more is checked or collected', () => {
  const h = harness({ resident: 200, afterReclaim: 200 });
  h.release();
  h.grow(400);
  h.clock.advance(60_000);
  assert.deepEqual(h.reclaims, []);
});

test('V8’s memory-reducing collection, in a process started with --expose-gc, lowers what is resident; without the option nothing is held', () => {
  const script = `
    const { exposedReclaim } = await import(${JSON.stringify(new URL('../../src/common/memory-ceiling.ts', import.meta.url).href)});
    const reclaim = exposedReclaim();
    if (!reclaim) { console.log('none'); process.exit(0); }
    let kept = Array.from({ length: 400_000 }, (_, i) => ({ i, s: 'record ' + i }));
    kept = null;
    const before = process.memoryUsage().heapUsed;
    reclaim();
    console.log(before > process.memoryUsage().heapUsed ? 'reclaimed' : 'kept');
  `;
  const run = (options: string[]) =>
    spawnSync(process.execPath, [...options, '--input-type=module', '-e', script], { encoding: 'utf8' }).stdout.trim();
  assert.equal(run(['--expose-gc']), 'reclaimed');
  assert.equal(run([]), 'none');
});
