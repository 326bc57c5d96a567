/**
 * The Kafka sink: extractions keyed by record_id to the output topic, dead letters to the
 * dead-letter topic. Transactional, the consumed positions are committed for the consumer group in
 * the same transaction, so a crash replays and never duplicates a result (read_committed
 * readers); otherwise the outputs are acknowledged by every in-sync replica and the source
 * commits the positions after.
 */
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Position } from '../ingest/source.ts';
import type { Encoders } from './encode.ts';
import type { Outputs, Sink, SinkReceipt } from './sink.ts';

export type KafkaSinkOptions = {
  kafka: Kafka;
  topics: { extractions: string; deadLetters: string };
  encoders: Encoders;
  /**
   * Commits outputs and positions in one transaction. The id must be stable per instance, so a
   * restarted instance fences its predecessor's open transaction.
   */
  transaction?: { id: string; consumerGroupId: string };
};

export class KafkaSink implements Sink {
  readonly #o: KafkaSinkOptions;
  readonly #producer: Producer;
  #closing: Promise<void> | undefined;

  constructor(options: KafkaSinkOptions) {
    this.#o = options;
    const transactional = options.transaction !== undefined;
    this.#producer = options.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      // A transaction begun right after the previous commit meets CONCURRENT_TRANSACTIONS until
      // the broker has written the commit markers, a few milliseconds; kafkajs' default first
      // retry (300 ms) would idle every window that long.
      retry: { initialRetryTime: 10, maxRetryTime: 2_000, retries: 12 },
      idempotent: true,
      maxInFlightRequests: transactional ? 1 : 5,
      ...(options.transaction ? { transactionalId: options.transaction.id } : {}),
    });
  }

  start(): Promise<void> {
    return this.#producer.connect();
  }

  async write(outputs: Outputs, through: readonly Position[]): Promise<SinkReceipt> {
    const { topics, encoders, transaction: tx } = this.#o;
    const extractions = await Promise.all(
      outputs.extractions.map(async (e) => ({ key: e.record_id, value: await encoders.extraction(e) })),
    );
    const deadLetters = await Promise.all(
      outputs.deadLetters.map(async (d) => ({ key: d.original_key, value: await encoders.deadLetter(d) })),
    );
    const topicMessages = [
      ...(extractions.length > 0 ? [{ topic: topics.extractions, messages: extractions }] : []),
      ...(deadLetters.length > 0 ? [{ topic: topics.deadLetters, messages: deadLetters }] : []),
    ];
    if (!tx) {
      if (topicMessages.length > 0) await this.#producer.sendBatch({ topicMessages, acks: -1 });
      return { positionsCommitted: false };
    }
    const transaction = await this.#producer.transaction();
    try {
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      await transaction.sendOffsets({ consumerGroupId: tx.consumerGroupId, topics: byTopic(through) });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    return { positionsCommitted: true };
  }

  close(): Promise<void> {
    return (this.#closing ??= this.#producer.disconnect());
  }
}

function byTopic(positions: readonly Position[]): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const p of positions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), { partition: p.partition, offset: String(p.offset) }]);
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
