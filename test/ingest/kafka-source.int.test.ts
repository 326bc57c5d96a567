/**
 * The Kafka source passes the Source conformance suite against the real broker: one topic of one
 * partition per case, JSON values, its own consumer group.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Admin, Partitioners } from 'kafkajs';
import { systemClock } from '#src/common/clock.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { narrativeDecoder } from '#src/ingest/decoder.ts';
import { KafkaSource } from '#src/ingest/kafka-source.ts';
import type { SourceBatch } from '#src/ingest/source.ts';
import { requireServers, testConfig, testKafka, testLogger, uniqueName } from '#test/support/servers.ts';
import { sourceConformance } from './source-conformance.ts';

const kafka = testKafka();
const topics: string[] = [];
let admin: Admin;

before(async () => {
  await requireServers('kafka');
  admin = kafka.admin();
  await admin.connect();
});

after(async () => {
  await admin?.deleteTopics({ topics }).catch(() => undefined);
  await admin?.disconnect();
});

async function topicWith(values: readonly Buffer[]): Promise<string> {
  const topic = uniqueName('source-conformance');
  topics.push(topic);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
  return topic;
}

async function started(topic: string, groupId = uniqueName('source-conformance-group')): Promise<KafkaSource> {
  const source = new KafkaSource({
    kafka,
    groupId,
    topic,
    decode: narrativeDecoder('json', createSchemaRegistry(testConfig.registry)),
    partitionsConcurrently: 1,
    membership: testConfig.kafka,
    clock: systemClock,
    metrics: createMetrics(),
    logger: testLogger,
  });
  await source.start();
  return source;
}

sourceConformance('Kafka source', { redelivers: true, open: async (values) => started(await topicWith(values)) });

test('Kafka source: a committed position outlives the process: the next member of the group starts after it', async () => {
  const topic = await topicWith([Buffer.from('{"n":1}'), Buffer.from('{"n":2}'), Buffer.from('{"n":3}')]);
  const groupId = uniqueName('source-resume-group');
  const first = await started(topic, groupId);
  const iterator = first.batches()[Symbol.asyncIterator]();
  const { value: batch } = await iterator.next();
  const firstRecord = (batch as SourceBatch).intakes[0]!.position;
  await first.commit([{ ...firstRecord, offset: firstRecord.offset + 1 }], { bySink: false });
  await first.close();
  const second = await started(topic, groupId);
  try {
    const { value: again } = await second.batches()[Symbol.asyncIterator]().next();
    assert.deepEqual(
      (again as SourceBatch).intakes.map((i) => i.position.offset),
      [1, 2],
    );
  } finally {
    await second.close();
  }
});
