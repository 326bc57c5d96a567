import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '#src/common/logger.ts';

test('secrets never reach a log line, wherever they hide', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: ['sk-live-123456'], write: (l) => lines.push(l), now: () => new Date(0) });
  logger
    .child({ component: 'provider' })
    .error('call failed', { error: new Error('401 for key sk-live-123456'), header: 'Bearer sk-live-123456' });
  assert.equal(lines.length, 1);
  assert.doesNotMatch(lines[0]!, /sk-live-123456/);
  const entry = JSON.parse(lines[0]!);
  assert.equal(entry.component, 'provider');
  assert.equal(entry.error.message, '401 for key [redacted]');
  assert.equal(entry.time, '1970-01-01T00:00:00.000Z');
});

test('lines below the level are dropped', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'warn', write: (l) => lines.push(l) });
  logger.info('quiet');
  logger.warn('loud');
  assert.deepEqual(
    lines.map((l) => JSON.parse(l).msg),
    ['loud'],
  );
});
