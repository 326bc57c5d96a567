/**
 * How router models travel between instances: the learner that trained a better one publishes it
 * to router.models.v1 (Avro, schema RouterModel, key = model name; compacted, so the newest of each
 * name stays), and every instance reads that topic from its beginning and hands each model of its
 * own name to its RouterSlot, which installs it between records, without a restart, when it fits
 * this build and is newer than the one installed (router-slot.ts).
 *
 * The reader is each instance's alone: its consumer group is named after the instance and commits
 * nothing, so every start reads the topic from the beginning again and finds the newest model. A
 * value that cannot be decoded, or decodes to something that is not a model, is logged and counted
 * (parsimony_router_models_total{outcome="undecodable"}) and skipped; nothing on the topic can
 * stop the reader or the service.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Clock } from '../common/clock.ts';
import { ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import { KeyPartitioner } from '../connect/key-partitioner.ts';
import { type RouterModel, readRouterModel } from '../routing/router-model.ts';
import type { RouterSlot } from '../routing/router-slot.ts';
import { valueSubject } from '../topics/catalogue.ts';

/** The consumer group of an instance's model reader: its own, so every instance reads every model. */
export function modelReaderGroupId(groupId: string, instanceId: string): string {
  return `${groupId}-router-${instanceId}`;
}

/** A model decoded from a record's value, or why it is not one. */
export async function decodeRouterModel(registry: SchemaRegistry, value: Buffer): Promise<RouterModel | { error: string }> {
  let decoded: unknown;
  try {
    decoded = await registry.decode(value);
  } catch (error) {
    return { error: `undecodable: ${(error as Error).message}` };
  }
  return readRouterModel(decoded);
}

export type RouterModelPublisherOptions = { kafka: Kafka; registry: SchemaRegistry; topic: string };

/** Publishes models to the models topic, Avro-encoded with the schema `topics apply` registered. */
export class RouterModelPublisher {
  readonly #o: RouterModelPublisherOptions;
  readonly #producer: Producer;
  #schemaId: number | undefined;

  constructor(options: RouterModelPublisherOptions) {
    this.#o = options;
    this.#producer = options.kafka.producer({ createPartitioner: KeyPartitioner, idempotent: true });
  }

  /** Finds the topic's schema and connects; SCHEMA_INVALID when `topics apply` has not registered it. */
  async start(): Promise<void> {
    const subject = valueSubject(this.#o.topic);
    try {
      this.#schemaId = await this.#o.registry.getLatestSchemaId(subject);
    } catch (error) {
      throw new ParsimonyError(
        'SCHEMA_INVALID',
        `no schema registered under ${subject}: run \`parsimony topics apply\` first (${(error as Error).message})`,
        { cause: error },
      );
    }
    await this.#producer.connect();
  }

  /** Resolves once every in-sync replica has the model. */
  async publish(model: RouterModel): Promise<void> {
    if (this.#schemaId === undefined) throw new Error('the router model publisher was not started');
    const value = await this.#o.registry.encode(this.#schemaId, model);
    await this.#producer.send({ topic: this.#o.topic, acks: -1, messages: [{ key: model.name, value }] });
  }

  stop(): Promise<void> {
    return this.#producer.disconnect();
  }
}

export type RouterModelReaderOptions = {
  kafka: Kafka;
  registry: SchemaRegistry;
  topic: string;
  /** From modelReaderGroupId: one group per instance. */
  groupId: string;
  /** The model name this deployment uses (router.modelName); models of other names are not ours. */
  name: string;
  slot: RouterSlot;
  /** The group's session, heartbeat and rebalance timeouts (config.kafka), as for the main consumer. */
  session?: { sessionTimeout: number; heartbeatInterval: number; rebalanceTimeout: number };
  /** How long start() waits to have read the models already on the topic before it goes on without. */
  catchUpTimeoutMs?: number;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
};

const CATCH_UP_TIMEOUT_MS = 30_000;

export class RouterModelReader {
  readonly #o: RouterModelReaderOptions;
  readonly #consumer: Consumer;
  /** Per partition, the offset up to which the models present at start have been read. */
  readonly #behind = new Map<number, bigint>();
  #caughtUp: (() => void) | undefined;

  constructor(options: RouterModelReaderOptions) {
    this.#o = options;
    this.#consumer = options.kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 500, ...options.session });
  }

  /**
   * Joins, reads from the beginning, and resolves once the models on the topic at start have been
   * read (the newest one installed), so the first records are routed by it; after
   * catchUpTimeoutMs it resolves anyway, and later models install as they arrive.
   */
  async start(): Promise<void> {
    const admin = this.#o.kafka.admin();
    await admin.connect();
    try {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(this.#o.topic))
        if (BigInt(high) > BigInt(low)) this.#behind.set(partition, BigInt(high));
    } finally {
      await admin.disconnect();
    }
    const caughtUp = new Promise<void>((resolve) => {
      this.#caughtUp = resolve;
    });
    if (this.#behind.size === 0) this.#caughtUp?.();
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic: this.#o.topic, fromBeginning: true });
    // Nothing is committed: the next start reads every model again.
    await this.#consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        // In order: of two models of a name, the later one is offered last.
        for (const message of batch.messages)
          await this.#offer(message.value, message.key, `${batch.topic}/${batch.partition}@${message.offset}`);
        this.#read(batch.partition, BigInt(batch.lastOffset()) + 1n);
      },
    });
    const timeoutMs = this.#o.catchUpTimeoutMs ?? CATCH_UP_TIMEOUT_MS;
    let timedOut = false;
    const controller = new AbortController();
    await Promise.race([
      caughtUp,
      this.#o.clock.sleep(timeoutMs, controller.signal).then(
        () => {
          timedOut = true;
        },
        () => undefined,
      ),
    ]);
    controller.abort();
    if (timedOut)
      this.#o.logger.warn('router models not all read yet: routing with what is installed, newer models install as they arrive', {
        topic: this.#o.topic,
        waitedMs: timeoutMs,
      });
  }

  stop(): Promise<void> {
    this.#caughtUp?.();
    return this.#consumer.disconnect();
  }

  /** Hands a model of ours to the slot, which installs it or says why not; what is not a model is counted and skipped. */
  async #offer(value: Buffer | null, key: Buffer | null, where: string): Promise<void> {
    // A tombstone deletes a name's model from the compacted topic; the installed one stays.
    if (value === null) {
      this.#o.logger.info('router model tombstone read: the installed model stays', { where, key: key?.toString() });
      return;
    }
    const model = await decodeRouterModel(this.#o.registry, value);
    if ('error' in model) {
      this.#o.metrics.routerModels.inc({ outcome: 'undecodable' });
      this.#o.logger.warn('router model refused: it cannot be read; the current one stays', { where, reason: model.error });
      return;
    }
    if (model.name !== this.#o.name) {
      this.#o.logger.debug('router model of another deployment skipped', { where, name: model.name, ours: this.#o.name });
      return;
    }
    this.#o.slot.install(model, where);
  }

  #read(partition: number, next: bigint): void {
    const target = this.#behind.get(partition);
    if (target === undefined || next < target) return;
    this.#behind.delete(partition);
    if (this.#behind.size === 0) this.#caughtUp?.();
  }
}
