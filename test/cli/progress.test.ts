import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration, progressBar, progressFigures } from '#src/cli/progress.ts';

test('progress says done of total, the rate, the time left and the USD so far', () => {
  const figures = progressFigures({ done: 2_500, total: 10_000, startedAt: 0, now: 10_000, nanoUsd: 1_234_567 });
  assert.equal(figures.percent, 25);
  assert.equal(figures.perSecond, 250);
  assert.equal(figures.etaSeconds, 30);
  assert.equal(figures.usd, '0.001235');
  assert.equal(progressBar(figures), '[######..................] 25.0% 2,500/10,000 records  250/s  ETA 30s  $0.001235');
  assert.equal(progressFigures({ done: 0, total: 5, startedAt: 0, now: 1, nanoUsd: 0 }).etaSeconds, null);
});

test('durations read in seconds, minutes or hours', () => {
  assert.equal(duration(42), '42s');
  assert.equal(duration(600), '10m');
  assert.equal(duration(3 * 3_600 + 5 * 60), '3h05m');
});
