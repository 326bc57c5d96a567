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

test('a value with escape codes and line breaks stays on its one line, escaped, in message and fields alike', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(l), now: () => new Date(0) });
  const forged = 'r1\u001b[2J\n{"level":"info","msg":"all good"}\u009b\u202e';
  logger.warn(`record ${forged} handed back`, { recordId: forged, error: new Error(`bad ${forged}`), nested: { ids: [forged] } });
  assert.equal(lines.length, 1);
  const raw = [...lines[0]!].filter(
    (c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) || c === '\u202e',
  );
  assert.deepEqual(raw, [], 'no control character is written raw');
  const entry = JSON.parse(lines[0]!);
  const shown = 'r1\\x1b[2J\\n{"level":"info","msg":"all good"}\\x9b\\u202e';
  assert.equal(entry.msg, `record ${shown} handed back`);
  assert.equal(entry.recordId, shown);
  assert.equal(entry.error.message, `bad ${shown}`);
  assert.deepEqual(entry.nested, { ids: [shown] });
});

test('the password of a URL never reaches a log line', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(l) });
  logger.error('cannot reach http://elastic:changeme@es.internal:9200', {
    error: new Error('connect ECONNREFUSED http://elastic:changeme@es.internal:9200/'),
  });
  assert.doesNotMatch(lines[0]!, /changeme/);
  assert.equal(JSON.parse(lines[0]!).msg, 'cannot reach http://elastic:***@es.internal:9200');
});
