/**
 * The Kafka source passes the Source conformance suite against the real broker: one topic of one
 * partition per case, JSON values, its own consumer group. And the group's settings give a killed
 * member's partitions to the survivor within seconds.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { type Admin, Partitioners } from 'kafkajs';
import { systemClock } from '#src/common/clock.ts';
import type { ParsimonyError } from '#src/common/errors.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { narrativeDecoder } from '#src/ingest/decoder.ts';
import { KafkaSource } from '#src/ingest/kafka-source.ts';
import { nextPositions, type SourceBatch } from '#src/ingest/source.ts';
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

async function started(
  topic: string,
  groupId = uniqueName('source-conformance-group'),
  partitionsConcurrently = 1,
  maxInFlightBytes = testConfig.stream.maxInFlightBytes,
): Promise<KafkaSource> {
  const source = new KafkaSource({
    kafka,
    groupId,
    topic,
    decode: narrativeDecoder('json', createSchemaRegistry(testConfig.registry)),
    partitionsConcurrently,
    maxInFlightBytes,
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

test('Kafka source: a fetch brings at most stream.maxInFlightBytes, the next only once its records are committed', async () => {
  const topic = uniqueName('source-fetch-bytes');
  topics.push(topic);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  // 400 KB in record batches of 10 KB: a fetch of 64 KiB may overshoot by less than one of them.
  const value = (n: number) => Buffer.from(JSON.stringify({ n, pad: 'x'.repeat(1_000) }));
  for (let send = 0; send < 40; send += 1) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: value(send * 10 + i) })) });
  }
  await producer.disconnect();
  const limit = 64 * 1024;
  const source = await started(topic, uniqueName('source-fetch-bytes-group'), 1, limit);
  try {
    const fetched: number[] = [];
    let taken = 0;
    for await (const batch of source.batches()) {
      fetched.push(batch.intakes.reduce((sum, intake) => sum + (intake.value?.length ?? 0), 0));
      taken += batch.intakes.length;
      await source.commit(nextPositions(batch.intakes), { bySink: false });
      if (taken === 400) break;
    }
    assert.ok(fetched.length >= 6, `400 KB came in ${fetched.length} batches`);
    for (const bytes of fetched) assert.ok(bytes <= limit + 10 * 1_100, `a batch of ${bytes} bytes`);
  } finally {
    await source.close();
  }
});

/** Polls `done` every 100 ms until it holds, or fails saying what was awaited. */
async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await systemClock.sleep(100);
  }
}

const PARTITIONS = 4;
type Taken = { partition: number; label: string; at: number };

/** A topic of four partitions and a group on it, and a way to put one labelled record on each partition. */
async function groupTopic() {
  const topic = uniqueName('member-killed');
  topics.push(topic);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return {
    topic,
    groupId: uniqueName('member-killed-group'),
    onEveryPartition: (label: string) =>
      producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, value: JSON.stringify({ label, partition }) })),
      }),
    close: () => producer.disconnect(),
  };
}

/** A member in this process: commits every batch, noting when each record arrived. */
async function localMember(topic: string, groupId: string) {
  const source = await started(topic, groupId, PARTITIONS);
  const taken: Taken[] = [];
  const consuming = (async () => {
    for await (const batch of source.batches()) {
      await source.commit(nextPositions(batch.intakes), { bySink: false });
      for (const i of batch.intakes)
        taken.push({ partition: i.position.partition, label: JSON.parse(i.value!.toString()).label, at: Date.now() });
    }
  })();
  return {
    taken,
    close: async () => {
      await source.close();
      await consuming;
    },
  };
}

/**
 * A member in a process of its own, so it can die as a crashed instance does: no LeaveGroup, the
 * group learns of it only when its session lapses. `kill` answers when it was killed.
 */
function memberProcess(topic: string, groupId: string) {
  const child = spawn(process.execPath, [new URL('./group-member.ts', import.meta.url).pathname, topic, groupId], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const took = new Set<number>();
  createInterface({ input: child.stdout! }).on('line', (line) => took.add(JSON.parse(line).partition));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    took,
    kill: async (): Promise<number> => {
      child.kill('SIGKILL');
      const killedAt = Date.now();
      await once(child, 'exit');
      return killedAt;
    },
    cleanup: () => {
      if (alive()) child.kill('SIGKILL');
    },
  };
}

/** How long after `since` the last of these partitions delivered a record labelled `after`; waits up to a minute, so a slow handover is measured too. */
async function handedOver(taken: Taken[], partitions: readonly number[], since: number): Promise<number> {
  const arrival = (p: number) => taken.find((t) => t.label === 'after' && t.partition === p)?.at;
  await until('the partitions to be read again', () => partitions.every((p) => arrival(p) !== undefined), 60_000);
  return Math.max(...partitions.map((p) => arrival(p)! - since));
}

test("Kafka source: a killed member's partitions reach the survivor within 10 s", async () => {
  const { topic, groupId, onEveryPartition, close } = await groupTopic();
  const survivor = await localMember(topic, groupId);
  const member = memberProcess(topic, groupId);
  try {
    await until('two members sharing the partitions', async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
    });
    await onEveryPartition('before');
    await until('every partition read by one member or the other', () => {
      const bySurvivor = new Set(survivor.taken.filter((t) => t.label === 'before').map((t) => t.partition));
      return member.took.size > 0 && bySurvivor.size > 0 && member.took.size + bySurvivor.size === PARTITIONS;
    });
    const orphaned = [...member.took];
    const killedAt = await member.kill();
    await onEveryPartition('after');
    const movedAfter = await handedOver(survivor.taken, orphaned, killedAt);
    console.log(`a killed member's ${orphaned.length} partitions reached the survivor ${movedAfter} ms after the kill`);
    assert.ok(movedAfter < 10_000, `the survivor got the killed member's partitions after ${movedAfter} ms`);
  } finally {
    member.cleanup();
    await survivor.close();
    await close();
  }
});

test('Kafka source: an instance restarted after a kill reads again within 10 s', async () => {
  const { topic, groupId, onEveryPartition, close } = await groupTopic();
  const killed = memberProcess(topic, groupId);
  let restarted: Awaited<ReturnType<typeof localMember>> | undefined;
  try {
    await onEveryPartition('before');
    await until('the only member reading every partition', () => killed.took.size === PARTITIONS);
    const killedAt = await killed.kill();
    restarted = await localMember(topic, groupId);
    await onEveryPartition('after');
    // Its join completes only once the group has given up on the killed member.
    const readAfter = await handedOver(
      restarted.taken,
      Array.from({ length: PARTITIONS }, (_, p) => p),
      killedAt,
    );
    console.log(`an instance restarted after a kill read every partition again ${readAfter} ms after the kill`);
    assert.ok(readAfter < 10_000, `the restarted instance read again after ${readAfter} ms`);
  } finally {
    killed.cleanup();
    await restarted?.close();
    await close();
  }
});

test('Kafka source: a window held past the session keeps its member in the group (the source heartbeats while it waits)', async () => {
  const { topic, groupId, onEveryPartition, close } = await groupTopic();
  const source = await started(topic, groupId, PARTITIONS);
  try {
    await onEveryPartition('held');
    const { value: batch } = await source.batches()[Symbol.asyncIterator]().next();
    const members = async () => (await admin.describeGroups([groupId])).groups[0]!.members.map((m) => m.memberId);
    const [member] = await members();
    assert.ok(member, 'the source joined the group');
    // Held uncommitted for twice the session: a member that did not heartbeat would be expired.
    const heldUntil = Date.now() + 2 * testConfig.kafka.sessionTimeoutMs;
    while (Date.now() < heldUntil) {
      assert.deepEqual(await members(), [member], 'the same member, never expired');
      await systemClock.sleep(500);
    }
    await source.commit(nextPositions((batch as SourceBatch).intakes), { bySink: false });
    assert.deepEqual(await members(), [member]);
  } finally {
    await source.close();
    await close();
  }
});

test('Kafka source: a crash kafkajs will not restart from (here a session timeout the broker refuses) is reported once, and the source is no longer ready', async () => {
  const topic = await topicWith([Buffer.from('{"n":1}')]);
  const failures: Error[] = [];
  const source = new KafkaSource({
    kafka,
    groupId: uniqueName('source-crash-group'),
    topic,
    decode: narrativeDecoder('json', createSchemaRegistry(testConfig.registry)),
    partitionsConcurrently: 1,
    maxInFlightBytes: testConfig.stream.maxInFlightBytes,
    // Below the broker's group.min.session.timeout.ms (6 s): JoinGroup answers INVALID_SESSION_TIMEOUT, which kafkajs does not retry.
    membership: { sessionTimeoutMs: 3_000, heartbeatIntervalMs: 1_000, rebalanceTimeoutMs: 10_000 },
    clock: systemClock,
    metrics: createMetrics(),
    logger: testLogger,
    onFailure: (error) => failures.push(error),
  });
  try {
    await source.start();
    await until('the failure to be reported', () => failures.length > 0);
    assert.equal(failures.length, 1);
    assert.equal((failures[0] as ParsimonyError).code, 'KAFKA_UNREACHABLE');
    assert.match(failures[0]!.message, /the Kafka consumer crashed and will not restart \(.*session timeout.*\): this instance stops/);
    assert.equal(source.ready, false);
  } finally {
    await source.close();
  }
});
