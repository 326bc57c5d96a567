/**
 * Reading a topic to the end in a test: consume until `count` messages arrived or the time is up.
 */
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
