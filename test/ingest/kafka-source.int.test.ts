/**
 * The Kafka source passes the Source conformance suite against the real broker: one topic of one
 * partition per case, JSON values, its own consumer group.
 */
import { Partitioners, type Admin } from 'kafkajs';
import { after, before } from 'node:test';
import { systemClock } from '#src/common/clock.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { narrativeDecoder } from '#src/ingest/decoder.ts';
import { KafkaSource } from '#src/ingest/kafka-source.ts';
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

sourceConformance('Kafka source', {
  redelivers: true,
  open: async (values) => {
    const topic = uniqueName('source-conformance');
    topics.push(topic);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
    await producer.disconnect();
    const source = new KafkaSource({
      kafka, groupId: uniqueName('source-conformance-group'), topic, decode: narrativeDecoder('json', createSchemaRegistry(testConfig.registry)),
      partitionsConcurrently: 1, clock: systemClock, metrics: createMetrics(), logger: testLogger,
    });
    await source.start();
    return source;
  },
});
