import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Semaphore } from '#src/common/concurrency.ts';

test('no more than the permits run at once, the rest in arrival order, and failures free their permit', async () => {
  const semaphore = new Semaphore(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const task = (n: number, fail = false) =>
    semaphore.run(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      order.push(n);
      running -= 1;
      if (fail) throw new Error(`task ${n}`);
      return n;
    });
  const results = await Promise.allSettled([task(1), task(2, true), task(3), task(4), task(5)]);
  assert.equal(peak, 2);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
  );
});
