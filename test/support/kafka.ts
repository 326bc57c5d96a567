/**
 * Reading a topic in a test. `consumeMessages` stops at a count (a plain topic, or one whose count
 * is known); `readTopic` reads as a downstream consumer would (read_committed: what aborted
 * transactions wrote is never seen). A transactional topic has no count to read up to (markers take
 * offsets), so `readTopic` ends once `complete` says all that was expected is there and nothing
 * more arrived for `quietMs` (what could still come then is a duplicate), or at the timeout with
 * whatever arrived.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka, KafkaMessage } from 'kafkajs';

export async function consumeMessages(
  kafka: Kafka,
  options: {
    topic: string;
    groupId: string;
    count: number;
    readUncommitted?: boolean;
    timeoutMs?: number;
  },
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: options.groupId, readUncommitted: options.readUncommitted ?? false, maxWaitTimeInMs: 200 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${messages.length} of ${options.count} messages arrived on ${options.topic}`)),
        options.timeoutMs ?? 30_000,
      );
      void consumer
        .run({
          eachMessage: async ({ message }) => {
            messages.push(message);
            if (messages.length >= options.count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export type TopicMessage = { partition: number; message: KafkaMessage };

export async function readTopic(
  kafka: Kafka,
  options: { topic: string; groupId: string; complete: (messages: readonly TopicMessage[]) => boolean; quietMs: number; timeoutMs: number },
): Promise<TopicMessage[]> {
  const messages: TopicMessage[] = [];
  let lastArrival = Date.now();
  const consumer = kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    maxWaitTimeInMs: 200,
    maxBytesPerPartition: 4 << 20,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) messages.push({ partition: batch.partition, message });
        if (batch.messages.length > 0) lastArrival = Date.now();
      },
    });
    const deadline = Date.now() + options.timeoutMs;
    let completeSince: number | undefined;
    while (Date.now() < deadline) {
      await sleep(250);
      if (completeSince === undefined && options.complete(messages)) completeSince = Date.now();
      if (completeSince !== undefined && Date.now() - Math.max(lastArrival, completeSince) >= options.quietMs) break;
    }
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Reads a plain (non-transactional) topic up to its end offsets as they are now. */
export async function readToEnd(kafka: Kafka, options: { topic: string; groupId: string; timeoutMs: number }): Promise<TopicMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(options.topic).finally(() => admin.disconnect());
  const total = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  return readTopic(kafka, { ...options, complete: (messages) => messages.length >= total, quietMs: 0 });
}
