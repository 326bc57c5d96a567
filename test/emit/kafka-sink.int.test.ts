/**
 * The Kafka sink passes the Sink conformance suite against the real broker, transactional (the
 * positions are committed for the consumer group in the same transaction) and not; and an
 * instance restarted under the same instance id fences whatever its predecessor left open.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Admin } from 'kafkajs';
import { ParsimonyError } from '#src/common/errors.ts';
import { deadLetter } from '#src/contract/dead-letter.ts';
import { jsonEncoders } from '#src/emit/encode.ts';
import { KafkaSink, transactionalIdOf } from '#src/emit/kafka-sink.ts';
import { consumeMessages } from '#test/support/kafka.ts';
import { requireServers, testKafka, uniqueName } from '#test/support/servers.ts';
import { extractionOf, type SinkHarness, sinkConformance } from './sink-conformance.ts';

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

/** Fresh topics of one partition each, and the consumer group whose positions a transaction commits. */
async function destination() {
  const names = { extractions: uniqueName('fence-out'), deadLetters: uniqueName('fence-dlq'), input: uniqueName('fence-in') };
  topics.push(...Object.values(names));
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.values(names).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
  });
  return { names, groupId: uniqueName('fence-group') };
}

function sinkOf(
  names: { extractions: string; deadLetters: string },
  transaction: { id: string; consumerGroupId: string },
  onFenced?: () => void,
) {
  return new KafkaSink({ kafka, topics: names, encoders: jsonEncoders, transaction, ...(onFenced ? { onFenced } : {}) });
}

/** The record ids on the topic, read to its end: read_committed skips what was aborted. */
async function idsOn(topic: string, count: number, readUncommitted = false): Promise<string[]> {
  const messages = await consumeMessages(kafka, { topic, groupId: uniqueName('fence-read'), count, readUncommitted });
  return messages.map((m) => m.key!.toString());
}

test('a restarted instance fences its predecessor: the open transaction never commits and read_committed never sees it', async () => {
  const { names, groupId } = await destination();
  const id = transactionalIdOf(groupId, 'extractor-1');
  // The predecessor, a moment before it was killed: a transaction open, its records sent.
  const zombie = kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
  await zombie.connect();
  const open = await zombie.transaction();
  await open.send({ topic: names.extractions, acks: -1, messages: [{ key: 'zombie-1', value: '{}' }] });

  const restarted = sinkOf(names, { id: transactionalIdOf(groupId, 'extractor-1'), consumerGroupId: groupId });
  await restarted.start();
  try {
    await assert.rejects(open.commit(), (error: Error & { type?: string }) => {
      assert.match(String(error.type), /INVALID_PRODUCER_EPOCH|PRODUCER_FENCED/);
      return true;
    });
    await restarted.write({ extractions: [extractionOf('restarted-1')], deadLetters: [] }, [
      { topic: names.input, partition: 0, offset: 1 },
    ]);
    assert.deepEqual(await idsOn(names.extractions, 2, true), ['zombie-1', 'restarted-1'], "the zombie's record did reach the log");
    // Reading past the restarted instance's record means reading past the zombie's, which came first.
    assert.deepEqual(await idsOn(names.extractions, 1), ['restarted-1'], "a read_committed reader never sees the zombie's record");
  } finally {
    await zombie.disconnect();
    await restarted.close();
  }
});

test("an instance with another id does not fence it (the process id in the old ids let a zombie's transaction commit)", async () => {
  const { names, groupId } = await destination();
  const zombie = kafka.producer({ transactionalId: transactionalIdOf(groupId, 'extractor-1'), idempotent: true, maxInFlightRequests: 1 });
  await zombie.connect();
  const open = await zombie.transaction();
  await open.send({ topic: names.extractions, acks: -1, messages: [{ key: 'zombie-1', value: '{}' }] });
  const other = sinkOf(names, { id: transactionalIdOf(groupId, 'extractor-2'), consumerGroupId: groupId });
  await other.start();
  try {
    await open.commit();
    assert.deepEqual(await idsOn(names.extractions, 1), ['zombie-1']);
  } finally {
    await zombie.disconnect();
    await other.close();
  }
});

test('a fenced sink fails its writes with OUTPUT_UNWRITABLE and says so once; nothing it writes then is committed', async () => {
  const { names, groupId } = await destination();
  const tx = { id: transactionalIdOf(groupId, 'extractor-1'), consumerGroupId: groupId };
  let fenced = 0;
  const first = sinkOf(names, tx, () => fenced++);
  await first.start();
  const second = sinkOf(names, tx);
  try {
    await first.write({ extractions: [extractionOf('first-1')], deadLetters: [] }, [{ topic: names.input, partition: 0, offset: 1 }]);
    await second.start();
    for (const recordId of ['first-2', 'first-3']) {
      await assert.rejects(
        first.write({ extractions: [extractionOf(recordId)], deadLetters: [] }, [{ topic: names.input, partition: 0, offset: 2 }]),
        (error) => error instanceof ParsimonyError && error.code === 'OUTPUT_UNWRITABLE' && /fenced/.test(error.message),
      );
    }
    assert.equal(fenced, 1);
    await second.write({ extractions: [extractionOf('second-2')], deadLetters: [] }, [{ topic: names.input, partition: 0, offset: 2 }]);
    assert.deepEqual(await idsOn(names.extractions, 2), ['first-1', 'second-2']);
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [names.input] });
    assert.equal(offsets!.partitions[0]!.offset, '2', "the group position is the surviving sink's");
  } finally {
    await first.close();
    await second.close();
  }
});

test('a dead letter reaches its topic with the secrets masked in its key as in its value', async () => {
  const { names } = await destination();
  const sink = new KafkaSink({ kafka, topics: names, encoders: jsonEncoders });
  await sink.start();
  const card = '4111111111111111';
  try {
    const letter = deadLetter({
      key: Buffer.from(card),
      value: Buffer.from(`{"record_id":"${card}","narrative":"x"}`),
      origin: { topic: names.input, partition: 0, offset: 3 },
      recordId: null,
      code: 'INVALID_FIELD',
      reason: 'record_id: holds a card number',
      stage: 'validate',
      at: 0,
    });
    await sink.write({ extractions: [], deadLetters: [letter] }, []);
  } finally {
    await sink.close();
  }
  const [message] = await consumeMessages(kafka, { topic: names.deadLetters, groupId: uniqueName('dlq-read'), count: 1 });
  assert.equal(message!.key!.toString(), '[CARD]');
  assert.doesNotMatch(message!.value!.toString(), new RegExp(card));
  assert.equal(
    Buffer.from(JSON.parse(message!.value!.toString()).original_value, 'base64').toString(),
    '{"record_id":"[CARD]","narrative":"x"}',
  );
});
