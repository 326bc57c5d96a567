import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logLevel } from 'kafkajs';
import { kafkaLogLevel } from '#src/connect/kafka.ts';

const entry = (namespace: string, level: logLevel, log: Record<string, unknown>) => ({
  namespace,
  level,
  log: { timestamp: '', logger: 'kafkajs', message: 'm', ...log },
});

test('an attempt kafkajs retries is debug; what ends the retries, a crash, stays an error', () => {
  assert.equal(
    kafkaLogLevel(
      entry('Producer', logLevel.ERROR, {
        message:
          'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
        retryCount: 0,
        retryTime: 9,
      }),
    ),
    'debug',
  );
  assert.equal(
    kafkaLogLevel(entry('Consumer', logLevel.ERROR, { message: 'Crash: KafkaJSNumberOfRetriesExceeded', retryCount: 5, stack: '' })),
    'error',
  );
  assert.equal(kafkaLogLevel(entry('Connection', logLevel.ERROR, { message: 'Response Metadata' })), 'debug');
  assert.equal(kafkaLogLevel(entry('Consumer', logLevel.WARN, { message: 'rebalancing' })), 'warn');
});
