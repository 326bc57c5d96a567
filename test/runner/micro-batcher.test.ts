import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { type ClosedWindow, MicroBatcher } from '#src/runner/micro-batcher.ts';

function batcher(limits = { maxRecords: 3, maxBytes: 100, maxWaitMs: 50 }) {
  const clock = manualClock();
  const windows: ClosedWindow<string>[] = [];
  const b = new MicroBatcher<string>({ limits, clock, onWindow: (w) => windows.push(w) });
  return { b, windows, advance: clock.advance };
}

test('a window closes on max records', () => {
  const { b, windows } = batcher();
  for (const item of ['a', 'b', 'c', 'd']) b.add(item, 1);
  assert.deepEqual(
    windows.map((w) => [w.items, w.reason]),
    [[['a', 'b', 'c'], 'records']],
  );
  assert.equal(b.pending, 1);
});

test('a window closes on max bytes, before the item that would overflow it', () => {
  const { b, windows } = batcher();
  b.add('a', 60);
  b.add('b', 60);
  b.add('c', 40);
  assert.deepEqual(
    windows.map((w) => [w.items, w.reason, w.bytes]),
    [
      [['a'], 'bytes', 60],
      [['b', 'c'], 'bytes', 100],
    ],
  );
});

test('a window closes on max wait, counted from its first item', () => {
  const { b, windows, advance } = batcher();
  b.add('a', 1);
  advance(30);
  b.add('b', 1);
  advance(19);
  assert.equal(windows.length, 0);
  advance(1);
  assert.deepEqual(
    windows.map((w) => [w.items, w.reason, w.closedAt - w.openedAt]),
    [[['a', 'b'], 'time', 50]],
  );
  advance(500);
  assert.equal(windows.length, 1, 'an empty window never closes');
});

test('flush closes what is open; the old timer does not close the next window early', () => {
  const { b, windows, advance } = batcher();
  b.add('a', 1);
  advance(40);
  b.flush();
  b.add('b', 1);
  advance(20);
  assert.deepEqual(
    windows.map((w) => w.reason),
    ['flush'],
  );
  advance(30);
  assert.deepEqual(
    windows.map((w) => w.reason),
    ['flush', 'time'],
  );
});
