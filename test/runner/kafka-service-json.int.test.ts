/**
 * The Kafka service with JSON in and out, offsets committed after the outputs are acknowledged
 * (no transaction), and an in-flight bound small enough that backpressure must pause the
 * partitions: every record still comes out exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';
import { systemClock } from '#src/common/clock.ts';
import { createMetrics, type Metrics } from '#src/common/metrics.ts';
import { type Config, loadConfig } from '#src/config/config.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import type { Extraction } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { narrativeLine } from '#src/dev/generator/jsonl.ts';
import { jsonEncoders } from '#src/emit/encode.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { KafkaService } from '#src/runner/kafka-service.ts';
import { consumeMessages } from '#test/support/kafka.ts';
import { requireServers, testKafka, testLogger, uniqueName } from '#test/support/servers.ts';

const COUNT = 1_500;
const topics = { input: uniqueName('json.in'), extractions: uniqueName('json.out'), deadLetters: uniqueName('json.dlq') };
let config: Config;
let kafka: Kafka;
let admin: Admin;
let metrics: Metrics;
let service: KafkaService;
let failures = 0;
/** Fails the emit of one window once, as a broker refusing a produce would. */
const failingOnce = {
  ...jsonEncoders,
  extraction: (e: Extraction) => {
    if (e.record_id.endsWith('-700') && failures++ === 0) throw new Error('simulated produce failure');
    return jsonEncoders.extraction(e);
  },
};

before(async () => {
  await requireServers('kafka');
  config = loadConfig({
    env: {
      ...process.env,
      PARSIMONY_KAFKA_GROUP_ID: uniqueName('json-group'),
      PARSIMONY_INPUT_FORMAT: 'json',
      PARSIMONY_OUTPUT_FORMAT: 'json',
      PARSIMONY_TRANSACTIONAL: 'false',
      PARSIMONY_BATCH_MAX_RECORDS: '50',
      PARSIMONY_BATCH_MAX_WAIT_MS: '20',
      PARSIMONY_MAX_IN_FLIGHT_RECORDS: '100',
    },
  }).config;
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
  });
  metrics = createMetrics();
  service = new KafkaService({
    kafka,
    registry: createSchemaRegistry(config.registry),
    config,
    topics,
    encoders: failingOnce,
    logger: testLogger,
    clock: systemClock,
    pipeline: { tiers: [], prices: loadPriceTable(), now: systemClock.now, metrics },
  });
});

after(async () => {
  await service?.stop();
  await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin?.disconnect();
});

test('JSON in and out, at-least-once commits, backpressure pauses, a failed window is replayed, and nothing is lost', async () => {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const records = [...generate({ count: COUNT, seed: 21 })].map((g) => g.record);
  await producer.send({
    topic: topics.input,
    messages: [...records.map((r) => ({ key: r.record_id, value: narrativeLine(r) })), { key: 'garbage', value: 'not json at all' }],
  });
  await producer.disconnect();
  await service.start();

  const outputs = await consumeMessages(kafka, {
    topic: topics.extractions,
    groupId: uniqueName('json-read'),
    count: COUNT,
    timeoutMs: 120_000,
  });
  const ids = outputs.map((m) => (JSON.parse(m.value!.toString()) as Extraction).record_id);
  assert.equal(new Set(ids).size, COUNT, 'every record at least once');
  assert.equal(failures, 2, 'the failing window was tried again');
  const [letter] = await consumeMessages(kafka, { topic: topics.deadLetters, groupId: uniqueName('json-dlq'), count: 1 });
  assert.equal(JSON.parse(letter!.value!.toString()).error_code, 'MALFORMED_JSON');
  const letters = await admin.fetchTopicOffsets(topics.deadLetters);
  assert.equal(
    letters.reduce((sum, p) => sum + Number(p.high), 0),
    1,
    'the replayed records were answered again, not dead-lettered',
  );

  const pauses = (await metrics.pauses.get()).values[0]?.value ?? 0;
  assert.ok(pauses > 0, 'the in-flight bound paused the partitions');
  const batches = await metrics.batchRecords.get();
  assert.ok(
    batches.values.filter((v) => v.metricName?.endsWith('_count')).some((v) => v.value > 0),
    'windows were recorded',
  );
});
