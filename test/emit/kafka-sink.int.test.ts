/**
 * The Kafka sink passes the Sink conformance suite against the real broker, transactional (the
 * positions are committed for the consumer group in the same transaction) and not.
 */
import { after, before } from 'node:test';
import type { Admin } from 'kafkajs';
import { jsonEncoders } from '#src/emit/encode.ts';
import { KafkaSink } from '#src/emit/kafka-sink.ts';
import { consumeMessages } from '#test/support/kafka.ts';
import { requireServers, testKafka, uniqueName } from '#test/support/servers.ts';
import { type SinkHarness, sinkConformance } from './sink-conformance.ts';

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

function harness(transactional: boolean): SinkHarness {
  return {
    transactional,
    open: async () => {
      const names = { extractions: uniqueName('sink-out'), deadLetters: uniqueName('sink-dlq'), input: uniqueName('sink-in') };
      topics.push(...Object.values(names));
      await admin.createTopics({
        waitForLeaders: true,
        topics: Object.values(names).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
      });
      const groupId = uniqueName('sink-group');
      const sink = new KafkaSink({
        kafka,
        topics: names,
        encoders: jsonEncoders,
        ...(transactional ? { transaction: { id: uniqueName('sink-tx'), consumerGroupId: groupId } } : {}),
      });
      await sink.start();
      return {
        // Positions name the input topic the harness made; the suite's topic name is replaced by it.
        sink: {
          write: (outputs, through) =>
            sink.write(
              outputs,
              through.map((p) => ({ ...p, topic: names.input })),
            ),
          close: () => sink.close(),
        },
        readBack: async (expected) => {
          const outs = await consumeMessages(kafka, { topic: names.extractions, groupId: uniqueName('read'), count: expected });
          const letters = await consumeMessages(kafka, { topic: names.deadLetters, groupId: uniqueName('read'), count: 1 });
          return {
            extractionIds: outs.map((m) => JSON.parse(m.value!.toString()).record_id),
            deadLetters: letters.map((m) => {
              const letter = JSON.parse(m.value!.toString());
              return {
                code: letter.error_code,
                originalValue: letter.original_value === null ? null : Buffer.from(letter.original_value, 'base64'),
              };
            }),
          };
        },
        // Offsets committed in a transaction become visible once its markers are written: wait for them.
        committed: async () => {
          const deadline = Date.now() + 10_000;
          for (;;) {
            const [offsets] = await admin.fetchOffsets({ groupId, topics: [names.input] });
            const positions = offsets!.partitions.map((p) => ({ topic: 'narratives', partition: p.partition, offset: Number(p.offset) }));
            if (positions.every((p) => p.offset >= 0) || Date.now() > deadline) return positions;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        },
      };
    },
  };
}

sinkConformance('Kafka sink, transactional', harness(true));
sinkConformance('Kafka sink, acknowledged', harness(false));
