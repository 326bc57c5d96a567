import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CostTimeline } from '#src/report/cost-timeline.ts';

const window = (i: number) => ({ records: (i + 1) * 100, nanoUsd: (i + 1) * 1_000, seconds: i });

test('a short run keeps every window', () => {
  const timeline = new CostTimeline(8);
  for (let i = 0; i < 5; i++) timeline.add(window(i));
  assert.deepEqual(
    timeline.points().map((p) => p.seconds),
    [0, 1, 2, 3, 4],
  );
});

test('a long run keeps a bounded number of points, evenly spread, and ends at its latest window', () => {
  const timeline = new CostTimeline(8);
  for (let i = 0; i < 1_000; i++) timeline.add(window(i));
  const kept = timeline.points().map((p) => p.seconds);
  assert.ok(kept.length <= 9, `${kept.length} points`);
  assert.equal(kept[0], 0);
  assert.equal(kept.at(-1), 999, 'the latest window');
  const gaps = kept.slice(1, -1).map((s, i) => s - kept[i]!);
  assert.equal(new Set(gaps).size, 1, `evenly spread: ${kept}`);
  assert.ok(kept.at(-2)! >= 999 - gaps[0]!, 'no gap before the latest wider than the others');
});

test('an empty run has no points, and a timeline needs room for two', () => {
  assert.deepEqual(new CostTimeline().points(), []);
  assert.throws(() => new CostTimeline(1), /at least 2 points/);
});
