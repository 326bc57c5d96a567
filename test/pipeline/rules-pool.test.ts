import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createLogger } from '#src/common/logger.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { prepareAndRule, RulesPool, rulesWorkerCount } from '#src/pipeline/rules-pool.ts';

const records = [...generate({ count: 700, seed: 11 }), ...generate({ count: 300, seed: 12, formats: 'held-out' })].map((g) => g.record);
const pools: RulesPool[] = [];
after(() => Promise.all(pools.map((p) => p.close())));

function pool(options: { size: number; script?: URL }) {
  const made = new RulesPool({ ...options, logger: createLogger({ level: 'error' }) });
  pools.push(made);
  return made;
}

test('worker threads give what the event loop gives, record for record, in the order given', async () => {
  const workers = pool({ size: 3 });
  assert.deepEqual(await workers.run(records), records.map(prepareAndRule));
  assert.deepEqual(await workers.run(records.slice(0, 10)), records.slice(0, 10).map(prepareAndRule), 'a small window is done in place');
  assert.deepEqual(await workers.run([]), []);
});

test('a worker that dies loses no record: its share is done on the event loop and it is replaced', async () => {
  const dying = pool({ size: 2, script: new URL('../support/dying-rules-worker.ts', import.meta.url) });
  assert.deepEqual(await dying.run(records), records.map(prepareAndRule));
  assert.deepEqual(await dying.run(records), records.map(prepareAndRule), 'and again with the replacements');
});

test('a record the stage cannot take fails as it would without workers', async () => {
  const workers = pool({ size: 2 });
  const broken = [...records.slice(0, 100), { ...records[0]!, narrative: undefined as unknown as string }];
  const inPlace = (() => {
    try {
      broken.map(prepareAndRule);
    } catch (error) {
      return error as Error;
    }
  })();
  assert.ok(inPlace, 'the broken record throws without workers');
  await assert.rejects(workers.run(broken), { message: inPlace.message });
});

test('closing while a window is handed over finishes it on the event loop and starts no worker again', async () => {
  const workers = pool({ size: 2 });
  const running = workers.run(records);
  await workers.close();
  assert.deepEqual(await running, records.map(prepareAndRule));
  assert.deepEqual(await workers.run(records), records.map(prepareAndRule));
});

test('auto takes the cores but two, at most four; a number is taken as given', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 8, 64].map((cores) => rulesWorkerCount('auto', cores)),
    [0, 0, 1, 2, 4, 4],
  );
  assert.equal(rulesWorkerCount(0), 0);
  assert.equal(rulesWorkerCount(6), 6);
});
