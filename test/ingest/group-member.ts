/**
 * One member of a consumer group in a process of its own, for tests that kill it: the Kafka
 * source on TOPIC as GROUP, with the group settings of the configuration (the environment), every
 * batch committed at once and each record's partition printed on stdout as it is committed.
 *
 * node test/ingest/group-member.ts TOPIC GROUP
 */
import { systemClock } from '#src/common/clock.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { loadConfig } from '#src/config/config.ts';
import { createKafka } from '#src/connect/kafka.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { narrativeDecoder } from '#src/ingest/decoder.ts';
import { KafkaSource } from '#src/ingest/kafka-source.ts';
import { nextPositions } from '#src/ingest/source.ts';
import { testLogger } from '#test/support/servers.ts';

const [topic, groupId] = process.argv.slice(2);
if (!topic || !groupId) throw new Error('usage: group-member.ts TOPIC GROUP');
const { config } = loadConfig({ env: process.env });
const source = new KafkaSource({
  kafka: createKafka(config.kafka, testLogger),
  groupId,
  topic,
  decode: narrativeDecoder('json', createSchemaRegistry(config.registry)),
  partitionsConcurrently: 4,
  maxInFlightBytes: config.stream.maxInFlightBytes,
  membership: config.kafka,
  clock: systemClock,
  metrics: createMetrics(),
  logger: testLogger,
});
await source.start();
for await (const batch of source.batches()) {
  await source.commit(nextPositions(batch.intakes), { bySink: false });
  for (const { position } of batch.intakes) console.log(JSON.stringify({ partition: position.partition, offset: position.offset }));
}
