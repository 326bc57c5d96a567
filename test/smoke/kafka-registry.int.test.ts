/**
 * The real broker and registry do what the service relies on: Avro through the registry, a
 * consumer group with manual commits, and a transaction that commits outputs with the consumed
 * offsets, read back with read_committed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { consumeMessages } from '#test/support/kafka.ts';
import { requireServers, testConfig, testKafka, uniqueName } from '#test/support/servers.ts';

const registry = createSchemaRegistry(testConfig.registry);
const schema = JSON.stringify(loadSchemas().schemas.get('TransactionNarrative'));
let kafka: Kafka;
let admin: Admin;
const inTopic = uniqueName('smoke.in');
const outTopic = uniqueName('smoke.out');

function narrative(i: number) {
  return {
    record_id: `r-${i}`,
    narrative: `CARD PURCHASE ${i}.00 EUR SHOP ${i}`,
    source_id: 'smoke',
    document_type: 'card_feed',
    template_version: null,
    account_id: null,
    statement_date: '2026-11-01',
    locale: i % 2 ? 'de-DE' : null,
    currency_hint: 'EUR',
    source_updated_at: null,
    received_at: 1_764_000_000_000 + i,
  };
}

before(async () => {
  await requireServers('kafka', 'registry');
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: inTopic, numPartitions: 3, replicationFactor: 1 },
      { topic: outTopic, numPartitions: 1, replicationFactor: 1 },
    ],
  });
});

after(async () => {
  await admin?.deleteTopics({ topics: [inTopic, outTopic] }).catch(() => undefined);
  await admin?.disconnect();
});

test('Avro records go through the registry: register, encode, produce, consume, decode', async () => {
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${inTopic}-value` });
  const again = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${inTopic}-value` });
  assert.equal(again.id, id, 'registering the same schema again gives the same id');

  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const records = Array.from({ length: 30 }, (_, i) => narrative(i));
  await producer.send({
    topic: inTopic,
    acks: -1,
    messages: await Promise.all(records.map(async (r) => ({ key: r.record_id, value: await registry.encode(id, r) }))),
  });
  await producer.disconnect();

  const messages = await consumeMessages(kafka, { topic: inTopic, groupId: uniqueName('smoke-read'), count: records.length });
  const first = messages[0]!.value!;
  assert.equal(first[0], 0, 'Confluent wire format: magic byte 0');
  assert.equal(first.readUInt32BE(1), id, 'then the 4-byte schema id');
  const decoded = await Promise.all(messages.map((m) => registry.decode(m.value!)));
  assert.deepEqual(decoded.map((d) => d.record_id).sort(), records.map((r) => r.record_id).sort());
  assert.deepEqual({ ...decoded.find((d) => d.record_id === 'r-7') }, narrative(7));
});

test('a consumer group commits offsets by hand, and a new member resumes after them', async () => {
  const groupId = uniqueName('smoke-group');
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: inTopic, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    void consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
          for (const message of batch.messages) {
            resolveOffset(message.offset);
            seen += 1;
          }
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) },
          ]);
          await heartbeat();
          if (seen >= 30) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();

  const [committed] = await admin.fetchOffsets({ groupId, topics: [inTopic] });
  const ends = await admin.fetchTopicOffsets(inTopic);
  for (const partition of committed!.partitions) {
    assert.equal(
      partition.offset,
      ends.find((e) => e.partition === partition.partition)!.high,
      `partition ${partition.partition} committed to the end`,
    );
  }
  const description = await admin.describeGroups([groupId]);
  assert.equal(description.groups[0]!.protocolType, 'consumer');
});

test('a transaction commits outputs and consumed offsets together; aborted outputs stay invisible', async () => {
  const groupId = uniqueName('smoke-tx');
  const producer = kafka.producer({
    transactionalId: uniqueName('smoke-tx'),
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const aborted = await producer.transaction();
  await aborted.send({ topic: outTopic, messages: [{ key: 'ghost', value: 'must never be read' }] });
  await aborted.abort();

  const committed = await producer.transaction();
  await committed.send({
    topic: outTopic,
    messages: [
      { key: 'a', value: 'one' },
      { key: 'b', value: 'two' },
    ],
  });
  const ends = await admin.fetchTopicOffsets(inTopic);
  await committed.sendOffsets({
    consumerGroupId: groupId,
    topics: [{ topic: inTopic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) }],
  });
  await committed.commit();
  await producer.disconnect();

  const read = await consumeMessages(kafka, { topic: outTopic, groupId: uniqueName('smoke-rc'), count: 2, readUncommitted: false });
  assert.deepEqual(
    read.map((m) => m.value!.toString()),
    ['one', 'two'],
  );

  const [offsets] = await admin.fetchOffsets({ groupId, topics: [inTopic] });
  assert.deepEqual(
    offsets!.partitions.map((p) => [p.partition, p.offset]).sort(),
    ends.map((e) => [e.partition, e.high]).sort(),
    'the consumed offsets were committed by the transaction',
  );
});
