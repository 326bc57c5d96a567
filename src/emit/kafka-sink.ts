/**
 * The Kafka sink: extractions keyed by record_id to the output topic, dead letters to the
 * dead-letter topic with their secrets masked (mask-dead-letter.ts), key included; records set
 * aside for the Batch APIs to the deferred topic, byte for byte as they came. Transactional, the
 * consumed positions are committed for the consumer group in
 * the same transaction, so a crash replays and never duplicates a result (read_committed
 * readers); otherwise the outputs are acknowledged by every in-sync replica and the source
 * commits the positions after.
 *
 * The transactional id is the consumer group's and the instance's (kafka.instanceId), never the
 * process's: a restarted instance takes it over at start, which aborts the open transaction its
 * killed predecessor left and fences that predecessor should it still be alive, so nothing it
 * sends afterwards is ever committed. A fenced sink fails every later write and says so once.
 */
import type { Kafka, Producer } from 'kafkajs';
import { ParsimonyError } from '../common/errors.ts';
import { KeyPartitioner } from '../connect/key-partitioner.ts';
import type { Position } from '../ingest/source.ts';
import type { Encoders } from './encode.ts';
import { maskDeadLetter } from './mask-dead-letter.ts';
import type { Outputs, Sink, SinkReceipt } from './sink.ts';

export type KafkaSinkOptions = {
  kafka: Kafka;
  /** `deferred`: where records set aside for the Batch APIs go; a window that sets some aside needs it. */
  topics: { extractions: string; deadLetters: string; deferred?: string };
  encoders: Encoders;
  /**
   * Commits outputs and positions in one transaction; `id` from `transactionalIdOf`, stable per
   * instance, so a restarted instance fences its predecessor's open transaction.
   */
  transaction?: { id: string; consumerGroupId: string };
  /** Called once when a newer producer with the same transactional id fenced this one. */
  onFenced?: (error: ParsimonyError) => void;
};

/**
 * The transactional id of an instance's sink. The instance id holds no '/' (the option checks
 * it), so no two pairs of group and instance share an id. A second transactional producer of the
 * same instance would need its own stable suffix.
 */
export function transactionalIdOf(groupId: string, instanceId: string): string {
  return `${groupId}/${instanceId}`;
}

export class KafkaSink implements Sink {
  readonly #o: KafkaSinkOptions;
  readonly #producer: Producer;
  #fenced: ParsimonyError | undefined;
  #closing: Promise<void> | undefined;
  #connected = false;

  constructor(options: KafkaSinkOptions) {
    this.#o = options;
    const transactional = options.transaction !== undefined;
    this.#producer = options.kafka.producer({
      createPartitioner: KeyPartitioner,
      // A transaction begun right after the previous commit meets CONCURRENT_TRANSACTIONS until
      // the broker has written the commit markers, a few milliseconds; kafkajs' default first
      // retry (300 ms) would idle every window that long.
      retry: { initialRetryTime: 10, maxRetryTime: 2_000, retries: 12 },
      idempotent: true,
      maxInFlightRequests: transactional ? 1 : 5,
      ...(options.transaction ? { transactionalId: options.transaction.id } : {}),
    });
    this.#producer.on(this.#producer.events.CONNECT, () => {
      this.#connected = true;
    });
    this.#producer.on(this.#producer.events.DISCONNECT, () => {
      this.#connected = false;
    });
  }

  /** Connected to the brokers and not fenced: outputs can go out. */
  get connected(): boolean {
    return this.#connected && !this.#fenced;
  }

  async start(): Promise<void> {
    await this.#producer.connect();
    // kafkajs takes the transactional id over only at its first transaction; taken over now, a
    // killed predecessor's open transaction is aborted before this instance joins the group,
    // instead of holding back read_committed readers of the outputs until it times out.
    if (this.#o.transaction) await (await this.#producer.transaction()).abort();
  }

  async write(outputs: Outputs, through: readonly Position[]): Promise<SinkReceipt> {
    const { topics, encoders, transaction: tx } = this.#o;
    const extractions = outputs.extractions.map((e) => ({ key: e.record_id, value: encoders.extraction(e) }));
    // Masked before encoding, whichever encoder: the key is the input's key (its record_id), as exposed as the value.
    const deadLetters = outputs.deadLetters.map(maskDeadLetter).map((d) => ({ key: d.original_key, value: encoders.deadLetter(d) }));
    const deferred = (outputs.deferred ?? []).map((intake) => ({ key: intake.key, value: intake.value }));
    if (deferred.length > 0 && !topics.deferred)
      throw new ParsimonyError('CONFIG_INVALID', 'records were set aside for the Batch APIs, but this sink has no deferred topic');
    const topicMessages = [
      ...(extractions.length > 0 ? [{ topic: topics.extractions, messages: extractions }] : []),
      ...(deadLetters.length > 0 ? [{ topic: topics.deadLetters, messages: deadLetters }] : []),
      ...(deferred.length > 0 ? [{ topic: topics.deferred!, messages: deferred }] : []),
    ];
    if (!tx) {
      if (topicMessages.length > 0) await this.#producer.sendBatch({ topicMessages, acks: -1 });
      return { positionsCommitted: false };
    }
    if (this.#fenced) throw this.#fenced;
    const transaction = await this.#producer.transaction();
    try {
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      await transaction.sendOffsets({ consumerGroupId: tx.consumerGroupId, topics: byTopic(through) });
      await transaction.commit();
    } catch (error) {
      if (isFencing(error)) throw this.#fence(tx.id, error);
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    return { positionsCommitted: true };
  }

  #fence(id: string, cause: unknown): ParsimonyError {
    if (this.#fenced) return this.#fenced;
    this.#fenced = new ParsimonyError(
      'OUTPUT_UNWRITABLE',
      `the brokers fenced this instance's producer (transactional id ${id}): another instance with the same kafka.instanceId ` +
        '(PARSIMONY_INSTANCE_ID) started, or a transaction outlasted the transaction timeout; this instance stops',
      { cause },
    );
    this.#o.onFenced?.(this.#fenced);
    return this.#fenced;
  }

  close(): Promise<void> {
    return (this.#closing ??= this.#producer.disconnect());
  }
}

/** The broker's word that a newer producer holds the transactional id (kafkajs may wrap it). */
function isFencing(error: unknown): boolean {
  let e = error;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const type = (e as { type?: unknown }).type;
    if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED') return true;
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return false;
}

function byTopic(positions: readonly Position[]): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const p of positions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), { partition: p.partition, offset: String(p.offset) }]);
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
