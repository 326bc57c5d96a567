/**
 * The Kafka service: a consumer group on the narratives topic feeding micro-batch windows
 * (shared by the partitions taken in at once), each window run through the pipeline and its
 * outputs emitted with the consumed offsets — in one transaction, or offsets committed after the
 * outputs are acknowledged. A partition's batch handler returns only when all its records are
 * committed, heartbeating while it waits, so a crash replays and never loses a result.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Partitioners, type Consumer, type EachBatchPayload, type Kafka, type Producer } from 'kafkajs';
import type { Clock } from '../common/clock.ts';
import type { Config } from '../config/config.ts';
import type { Encoders } from '../emit/encode.ts';
import { decodeAvroNarrative } from '../ingest/decode-avro.ts';
import { decodeJsonNarrative } from '../ingest/decode-json.ts';
import type { Logger } from '../common/logger.ts';
import { MicroBatcher, type ClosedWindow } from '../runner/micro-batcher.ts';
import { Semaphore } from '../common/concurrency.ts';
import { processWindow, type Intake, type PipelineDeps, type WindowOutput } from './pipeline.ts';

export type ServiceTopics = { input: string; extractions: string; deadLetters: string };

export type KafkaServiceOptions = {
  kafka: Kafka;
  registry: SchemaRegistry;
  config: Config;
  topics: ServiceTopics;
  encoders: Encoders;
  pipeline: PipelineDeps;
  logger: Logger;
  clock: Clock;
  /** Stable per instance, so a restarted instance fences its zombie's transactions. */
  instanceId: string;
};

type Pending = { intake: Intake; settle: (error?: Error) => void };

const HEARTBEAT_EVERY_MS = 2_000;

export class KafkaExtractionService {
  readonly #o: KafkaServiceOptions;
  readonly #consumer: Consumer;
  readonly #producer: Producer;
  readonly #batcher: MicroBatcher<Pending>;
  readonly #windowSlots: Semaphore;
  #queue: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #drained: (() => void)[] = [];
  #paused = false;
  #ready = false;
  /**
   * Partitions of a failed window, with its error. Later windows may hold later offsets of those
   * partitions, and committing them would skip the failed records, so such records are handed
   * back too, until the partition's batch handler has thrown and the consumer fetches it again
   * from its last resolved offset.
   */
  readonly #failed = new Map<string, Error>();
  #stopping: Promise<void> | undefined;

  constructor(options: KafkaServiceOptions) {
    this.#o = options;
    const { config } = options;
    this.#consumer = options.kafka.consumer({ groupId: config.kafka.groupId, readUncommitted: false, maxWaitTimeInMs: 250 });
    this.#producer = options.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      // A transaction begun right after the previous commit meets CONCURRENT_TRANSACTIONS until
      // the broker has written the commit markers, a few milliseconds; kafkajs' default first
      // retry (300 ms) would idle every window that long.
      retry: { initialRetryTime: 10, maxRetryTime: 2_000, retries: 12 },
      idempotent: true,
      maxInFlightRequests: config.stream.transactional ? 1 : 5,
      ...(config.stream.transactional ? { transactionalId: `parsimony-${config.kafka.groupId}-${options.instanceId}` } : {}),
    });
    this.#batcher = new MicroBatcher<Pending>({ limits: config.batch, onWindow: (window) => this.#enqueue(window) });
    this.#windowSlots = new Semaphore(config.stream.windowsInFlight);
  }

  get ready(): boolean {
    return this.#ready;
  }

  async start(): Promise<void> {
    await this.#producer.connect();
    await this.#consumer.connect();
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, () => { this.#ready = true; });
    this.#consumer.on(this.#consumer.events.CRASH, (event) => this.#o.logger.error('consumer crashed', { error: event.payload.error, restart: event.payload.restart }));
    await this.#consumer.subscribe({ topic: this.#o.topics.input, fromBeginning: true });
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#o.config.stream.partitionsConcurrently,
      eachBatch: (payload) => this.#takeBatch(payload),
    });
  }

  /** Stops taking in, lets in-flight windows finish within the drain timeout, leaves the group. Idempotent. */
  stop(): Promise<void> {
    return (this.#stopping ??= this.#drainAndLeave());
  }

  async #drainAndLeave(): Promise<void> {
    this.#ready = false;
    this.#batcher.flush();
    const timer = new AbortController();
    const drained = this.#queue.then(() => true);
    const timedOut = this.#o.clock.sleep(this.#o.config.stream.drainTimeoutMs, timer.signal).then(() => false, () => true);
    const inTime = await Promise.race([drained, timedOut]);
    timer.abort();
    if (!inTime) this.#o.logger.warn('drain timeout: in-flight windows are handed back uncommitted');
    await this.#consumer.disconnect();
    await this.#producer.disconnect();
  }

  async #takeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { metrics } = this.#o.pipeline;
    // kafkajs hands a partition its next batch only after the last handler returned or threw, so
    // a failed partition is whole again from here on.
    this.#failed.delete(`${batch.topic}:${batch.partition}`);
    metrics.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
    const waits: Promise<void>[] = [];
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.#stopping) break;
      while (this.#inFlight >= this.#o.config.stream.maxInFlightRecords) await this.#whenDrained(heartbeat);
      const intakeAt = this.#o.clock.now();
      const origin = { topic: batch.topic, partition: batch.partition, offset: Number(message.offset) };
      const value = message.value;
      const decoded = this.#o.config.stream.inputFormat === 'avro'
        ? await decodeAvroNarrative(value, this.#o.registry, { receivedAt: Number(message.timestamp) || intakeAt })
        : decodeJsonNarrative(value ?? Buffer.alloc(0), { receivedAt: Number(message.timestamp) || intakeAt });
      waits.push(new Promise<void>((resolve, reject) => {
        const intake: Intake = { origin, key: message.key, value, intakeAt, decoded };
        this.#inFlight += 1;
        metrics.inFlight.set(this.#inFlight);
        this.#batcher.add({ intake, settle: (error) => (error ? reject(error) : resolve()) }, value?.length ?? 0);
      }));
      this.#applyBackpressure();
    }
    const settled = await this.#awaitWithHeartbeat(Promise.allSettled(waits), heartbeat);
    // Resolve up to the first record handed back, so kafkajs fetches again from there and
    // records already committed in earlier windows are not answered twice.
    for (const [i, outcome] of settled.entries()) {
      if (outcome.status === 'rejected') throw outcome.reason;
      resolveOffset(batch.messages[i]!.offset);
    }
  }

  /**
   * Windows are worked on concurrently (up to stream.windowsInFlight; model calls dominate, so
   * this is where throughput comes from) and emitted strictly in order, so offsets move forward
   * per partition. A window that cannot be emitted hands back its records, and so does every
   * later window holding a partition of it, until those partitions are fetched again.
   */
  #enqueue(window: ClosedWindow<Pending>): void {
    const { metrics } = this.#o.pipeline;
    metrics.batchRecords.observe({ reason: window.reason }, window.items.length);
    metrics.batchWait.observe((window.closedAt - window.openedAt) / 1000);
    const intakes = window.items.map((p) => p.intake);
    const processed = this.#windowSlots.run(async () =>
      window.items.some((p) => this.#failed.has(partitionKey(p.intake))) ? undefined : processWindow(intakes, this.#o.pipeline));
    processed.catch(() => undefined);
    this.#queue = this.#queue.then(async () => {
      let failure = window.items.map((p) => this.#failed.get(partitionKey(p.intake))).find((f) => f !== undefined);
      if (!failure) {
        try {
          const output = await processed;
          // Skipped because a partition of it had failed when its turn came: hand it back too.
          if (!output) throw new Error('a partition of this window failed before it; handed back');
          await this.#emit(output, intakes);
        } catch (error) {
          failure = error as Error;
          this.#o.logger.error('window failed; its records are handed back uncommitted', { error, records: window.items.length });
        }
      }
      if (failure) {
        for (const p of window.items) {
          this.#failed.set(partitionKey(p.intake), failure);
          if (p.intake.decoded.ok) this.#o.pipeline.seen.delete(p.intake.decoded.record.record_id);
        }
      }
      for (const pending of window.items) pending.settle(failure);
      this.#inFlight -= window.items.length;
      metrics.inFlight.set(this.#inFlight);
      this.#applyBackpressure();
    });
  }

  async #emit(output: WindowOutput, intakes: Intake[]): Promise<void> {
    const { topics, encoders, config } = this.#o;
    const started = this.#o.clock.now();
    const extractions = await Promise.all(output.extractions.map(async (e) => ({ key: e.record_id, value: await encoders.extraction(e) })));
    const deadLetters = await Promise.all(output.deadLetters.map(async (d) => ({ key: d.original_key, value: await encoders.deadLetter(d) })));
    const topicMessages = [
      ...(extractions.length > 0 ? [{ topic: topics.extractions, messages: extractions }] : []),
      ...(deadLetters.length > 0 ? [{ topic: topics.deadLetters, messages: deadLetters }] : []),
    ];
    const offsets = nextOffsets(intakes);
    if (config.stream.transactional) {
      const transaction = await this.#producer.transaction();
      try {
        if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
        await transaction.sendOffsets({ consumerGroupId: config.kafka.groupId, topics: offsets });
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw error;
      }
    } else {
      if (topicMessages.length > 0) await this.#producer.sendBatch({ topicMessages, acks: -1 });
      await this.#consumer.commitOffsets(offsets.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, ...p }))));
    }
    this.#o.pipeline.metrics.stageSeconds.observe({ stage: 'emit' }, (this.#o.clock.now() - started) / 1000);
  }

  #applyBackpressure(): void {
    const bound = this.#o.config.stream.maxInFlightRecords;
    const topics = [{ topic: this.#o.topics.input }];
    if (!this.#paused && this.#inFlight >= bound) {
      this.#consumer.pause(topics);
      this.#paused = true;
      this.#o.pipeline.metrics.pauses.inc();
    } else if (this.#paused && this.#inFlight <= bound / 2) {
      this.#consumer.resume(topics);
      this.#paused = false;
    }
    if (this.#inFlight < bound) for (const wake of this.#drained.splice(0)) wake();
  }

  #whenDrained(heartbeat: () => Promise<void>): Promise<void> {
    this.#batcher.flush();
    return this.#awaitWithHeartbeat(new Promise<void>((resolve) => this.#drained.push(resolve)), heartbeat);
  }

  /** kafkajs heartbeats only when the handler asks, and a model call can outlast the session. */
  async #awaitWithHeartbeat<T>(work: Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
    let done = false;
    const timer = new AbortController();
    const finished = work.finally(() => { done = true; timer.abort(); });
    while (!done) {
      await Promise.race([finished.catch(() => undefined), this.#o.clock.sleep(HEARTBEAT_EVERY_MS, timer.signal).catch(() => undefined)]);
      if (!done) await heartbeat().catch(() => undefined);
    }
    return finished;
  }
}

const partitionKey = (intake: Intake) => `${intake.origin.topic}:${intake.origin.partition}`;

/** The offset to commit per topic and partition: one past the highest taken in. */
export function nextOffsets(intakes: readonly Intake[]): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const highest = new Map<string, Map<number, number>>();
  for (const { origin } of intakes) {
    const partitions = highest.get(origin.topic) ?? new Map<number, number>();
    partitions.set(origin.partition, Math.max(partitions.get(origin.partition) ?? -1, origin.offset));
    highest.set(origin.topic, partitions);
  }
  return [...highest].map(([topic, partitions]) => ({
    topic, partitions: [...partitions].map(([partition, offset]) => ({ partition, offset: String(offset + 1) })),
  }));
}
