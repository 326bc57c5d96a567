import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { duration, progressFigures, progressLine, progressReporter } from '#src/cli/progress.ts';

test('progress says done of total, the rate, the time left and the USD so far', () => {
  const figures = progressFigures({ done: 2_500, total: 10_000, startedAt: 0, now: 10_000, nanoUsd: 1_234_567 });
  assert.equal(figures.percent, 25);
  assert.equal(figures.perSecond, 250);
  assert.equal(figures.etaSeconds, 30);
  assert.equal(figures.usd, '0.001235');
  assert.equal(progressLine(figures), '25.0% 2,500/10,000 records  250/s  ETA 30s  $0.001235');
  assert.equal(progressFigures({ done: 0, total: 5, startedAt: 0, now: 1, nanoUsd: 0 }).etaSeconds, null);
});

test('durations read in seconds, minutes or hours', () => {
  assert.equal(duration(42), '42s');
  assert.equal(duration(600), '10m');
  assert.equal(duration(3 * 3_600 + 5 * 60), '3h05m');
});

/** A stream that says it is a terminal, keeping what is drawn on it. */
function terminal() {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true });
  let drawn = '';
  stream.on('data', (chunk) => {
    drawn += chunk;
  });
  return { stream: stream as unknown as NodeJS.WriteStream, drawn: () => drawn };
}

test('on a terminal: a bar redrawn in place, with the same figures as the JSON lines', () => {
  let now = 0;
  const tty = terminal();
  const progress = progressReporter({ stream: tty.stream, total: 10_000, now: () => now });
  now = 10_000;
  progress.add(2_500, 1_234_567);
  progress.end();
  assert.match(tty.drawn(), /\[######\.{18}\] 25\.0% 2,500\/10,000 records {2}250\/s {2}ETA 30s {2}\$0\.001235/);
  assert.ok(!tty.drawn().includes('{"progress"'), 'no JSON on a terminal');
});

test('without a terminal: a JSON line, and no bar', () => {
  const stream = new PassThrough();
  let written = '';
  stream.on('data', (chunk) => {
    written += chunk;
  });
  let now = 0;
  const progress = progressReporter({ stream: stream as unknown as NodeJS.WriteStream, total: 4, now: () => now });
  now = 2_000;
  progress.add(4, 0);
  progress.end();
  assert.deepEqual(JSON.parse(written), { progress: { done: 4, total: 4, percent: 100, perSecond: 2, etaSeconds: 0, usd: '0.000000' } });
});
