/**
 * An instance restarted under the same kafka.instanceId while its predecessor still lives (a
 * zombie: paused, partitioned away, slow to die): the newcomer fences it at start, the zombie's
 * next commit fails and it stops, saying why, and read_committed readers see every record exactly
 * once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';
import { systemClock } from '#src/common/clock.ts';
import { ParsimonyError } from '#src/common/errors.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { type Config, loadConfig } from '#src/config/config.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import type { TransactionNarrative } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { narrativeLine } from '#src/dev/generator/jsonl.ts';
import { jsonEncoders } from '#src/emit/encode.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { KafkaService } from '#src/runner/kafka-service.ts';
import { readTopic } from '#test/support/kafka.ts';
import { requireServers, testKafka, testLogger, uniqueName } from '#test/support/servers.ts';

const topics = { input: uniqueName('restart.in'), extractions: uniqueName('restart.out'), deadLetters: uniqueName('restart.dlq') };
const records = [...generate({ count: 600, seed: 5 })].map((g) => g.record);
let config: Config;
let kafka: Kafka;
let admin: Admin;
const services: KafkaService[] = [];

before(async () => {
  await requireServers('kafka');
  config = loadConfig({
    env: {
      ...process.env,
      PARSIMONY_KAFKA_GROUP_ID: uniqueName('restart-group'),
      PARSIMONY_INSTANCE_ID: 'extractor-1',
      PARSIMONY_INPUT_FORMAT: 'json',
      PARSIMONY_OUTPUT_FORMAT: 'json',
      PARSIMONY_TRANSACTIONAL: 'true',
      PARSIMONY_BATCH_MAX_RECORDS: '50',
      PARSIMONY_BATCH_MAX_WAIT_MS: '20',
    },
  }).config;
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
  });
});

after(async () => {
  for (const service of services) await service.stop().catch(() => undefined);
  await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin?.disconnect();
});

function instance(): KafkaService {
  const service = new KafkaService({
    kafka,
    registry: createSchemaRegistry(config.registry),
    config,
    topics,
    encoders: jsonEncoders,
    logger: testLogger,
    clock: systemClock,
    pipeline: { tiers: [], prices: loadPriceTable(), now: systemClock.now, metrics: createMetrics() },
  });
  services.push(service);
  return service;
}

async function send(batch: readonly TransactionNarrative[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: topics.input, acks: -1, messages: batch.map((r) => ({ key: r.record_id, value: narrativeLine(r) })) });
  await producer.disconnect();
}

/** The keys on the output topic, read until `atLeast` arrived and then nothing more for a while. */
const outputIds = async (atLeast: number) =>
  (
    await readTopic(kafka, {
      topic: topics.extractions,
      groupId: uniqueName('restart-read'),
      complete: (read) => read.length >= atLeast,
      quietMs: 2_000,
      timeoutMs: 60_000,
    })
  ).map(({ message }) => message.key!.toString());

test('a restarted instance fences its live predecessor: the zombie stops with the reason, every record is committed once', {
  timeout: 120_000,
}, async () => {
  const zombie = instance();
  await zombie.start();
  await send(records.slice(0, 300));
  assert.equal((await outputIds(300)).length, 300);

  const restarted = instance();
  await restarted.start();
  await send(records.slice(300));
  // The group splits the partitions between the two; the zombie's first commit after that is refused.
  await assert.rejects(
    zombie.stopped(),
    (error) => error instanceof ParsimonyError && error.code === 'OUTPUT_UNWRITABLE' && /extractor-1/.test(error.message),
  );

  const ids = await outputIds(records.length);
  assert.deepEqual(new Set(ids), new Set(records.map((r) => r.record_id)), 'every record');
  assert.equal(ids.length, records.length, 'and nothing more: what the zombie sent once fenced never became visible');
});
