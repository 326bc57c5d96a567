/**
 * The Kafka source: a consumer group on the narratives topic. kafkajs hands each partition one
 * batch at a time to a handler; the handler decodes the batch, offers it to the runner, and
 * returns only when every record of it is committed or handed back — heartbeating while it waits,
 * since a model call can outlast the session. A handed-back record makes the handler throw after
 * resolving the offsets before it, so kafkajs fetches the partition again from there.
 *
 * Before a window's outputs are written, the source confirms the member still holds its partitions
 * (`stillHolds`: one more heartbeat): a member whose session lapsed while its event loop was busy is
 * dropped by the group, and its late commit would repeat records the new owner reads. kafkajs sends
 * offsets without the group generation, so the brokers cannot refuse that commit themselves.
 *
 * kafkajs restarts its consumer after a crash only when the error is retriable; after any other
 * (a group coordinator it cannot find right after a broker restarted) the consumer is gone for
 * good. The source then says so through `onFailure`, rather than leave a live process that
 * consumes nothing and still reports ready.
 */
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { AsyncQueue } from '../common/async-queue.ts';
import type { Clock } from '../common/clock.ts';
import { describeError, ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { NarrativeDecoder } from './decoder.ts';
import { type Intake, laneOf, type Position, type Source, type SourceBatch } from './source.ts';

export type KafkaSourceOptions = {
  kafka: Kafka;
  groupId: string;
  topic: string;
  decode: NarrativeDecoder;
  /** Partitions whose batches are taken in at once. */
  partitionsConcurrently: number;
  /** Input bytes fetched and not yet committed, per broker (stream.maxInFlightBytes). */
  maxInFlightBytes: number;
  /** The group's liveness settings (kafka.sessionTimeoutMs, kafka.heartbeatIntervalMs, kafka.rebalanceTimeoutMs). */
  membership: { sessionTimeoutMs: number; heartbeatIntervalMs: number; rebalanceTimeoutMs: number };
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  /** Called once when the consumer crashed and kafkajs will not restart it: nothing more will be consumed. */
  onFailure?: (error: ParsimonyError) => void;
  /** Called after every join with the part (0..1) of the topic's partitions this member was given. */
  onAssignment?: (share: number) => void;
  /**
   * A bounded read (a replay): per partition, the offset the range ends before; partitions not
   * listed have nothing to read. Once every listed partition is read and committed to its end,
   * `batches()` ends. Absent: the topic is read for as long as the source runs.
   */
  until?: ReadonlyMap<number, number>;
};

/**
 * A bounded read also ends for a partition that stays silent this long with nothing in flight: the
 * offsets left before its end hold no record a consumer is given (transaction markers, aborted
 * records), since every offset the range names was written before it started.
 */
export const RANGE_IDLE_MS = 10_000;

/**
 * What one fetch may bring, so that the records taken in stay within `maxInFlightBytes`: kafkajs
 * sends a broker its next fetch only once every batch of the last one is handled, and a batch is
 * handled here when its records are committed. A partition asks for its share, so one fetch feeds
 * the partitions taken in at once rather than the first of them alone. (kafkajs' defaults, 10 MiB
 * and 1 MiB a partition, let one fetch of six partitions bring up to some 30,000 records of ~210
 * bytes, six times the records bound.)
 */
export function fetchLimits(maxInFlightBytes: number, partitionsConcurrently: number): { maxBytes: number; maxBytesPerPartition: number } {
  return { maxBytes: maxInFlightBytes, maxBytesPerPartition: Math.floor(maxInFlightBytes / partitionsConcurrently) };
}

/** One partition's batch between delivery and its last record settling. */
type Delivery = {
  unsettled: Set<number>;
  failure: Error | undefined;
  resolveOffset(offset: string): void;
  settled(): void;
  /** kafkajs' heartbeat for this batch: it tells whether the member is still in the group's generation. */
  heartbeat(): Promise<void>;
  /** Set once a heartbeat said the member left the generation: the partition may be someone else's. */
  lost: boolean;
  /** When its first record was taken in. */
  takenAt: number;
};

/**
 * Heartbeat errors saying this member is no longer in the generation that assigned its partitions
 * (dropped after its session lapsed, or fenced): a rebalance merely in progress is not one of them,
 * since the group waits for this member's batch handlers before it moves anything.
 */
const LEFT_THE_GROUP = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']);
const leftTheGroup = (error: unknown) => LEFT_THE_GROUP.has(String((error as { type?: unknown } | null)?.type));

export class KafkaSource implements Source {
  readonly #o: KafkaSourceOptions;
  readonly #consumer: Consumer;
  readonly #queue = new AsyncQueue<SourceBatch>();
  readonly #deliveries = new Map<string, Delivery>();
  #ready = false;
  #failed = false;
  readonly #vitals: {
    startedAt: number;
    joinedAt: number | null;
    rebalancingSince: number | null;
    lastHeartbeatAt: number | null;
    lastProgressAt: number;
  };
  #closing: Promise<void> | undefined;
  /** A bounded read: the partitions read to their end, and the highest offset seen of each. */
  readonly #range: { done: Set<number>; seen: Map<number, number>; lastDelivery: number; idleTimer?: () => void } | undefined;

  constructor(options: KafkaSourceOptions) {
    this.#o = options;
    this.#range = options.until ? { done: new Set(), seen: new Map(), lastDelivery: options.clock.now() } : undefined;
    const now = options.clock.now();
    this.#vitals = { startedAt: now, joinedAt: null, rebalancingSince: null, lastHeartbeatAt: null, lastProgressAt: now };
    const { sessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs } = options.membership;
    this.#consumer = options.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      maxWaitTimeInMs: 250,
      ...fetchLimits(options.maxInFlightBytes, options.partitionsConcurrently),
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: heartbeatIntervalMs,
      rebalanceTimeout: rebalanceTimeoutMs,
    });
  }

  /** True once the group was joined, until the source closes. */
  get ready(): boolean {
    return this.#ready && !this.#failed && !this.#closing;
  }

  /** What the health checks judge (runner/health.ts): membership, heartbeats, progress. */
  vitals() {
    let oldestInFlightAt: number | null = null;
    for (const d of this.#deliveries.values()) oldestInFlightAt = Math.min(oldestInFlightAt ?? d.takenAt, d.takenAt);
    return { ...this.#vitals, oldestInFlightAt, failed: this.#failed, closing: this.#closing !== undefined };
  }

  /** Joins the group and starts fetching; batches then arrive through `batches()`. */
  async start(): Promise<void> {
    await this.#consumer.connect();
    const { clock } = this.#o;
    this.#consumer.on(this.#consumer.events.HEARTBEAT, () => {
      this.#vitals.lastHeartbeatAt = clock.now();
    });
    this.#consumer.on(this.#consumer.events.REBALANCING, () => {
      this.#vitals.rebalancingSince ??= clock.now();
    });
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, (event) => {
      this.#vitals.joinedAt = clock.now();
      this.#vitals.rebalancingSince = null;
      this.#ready = true;
      const held = event.payload.memberAssignment[this.#o.topic]?.length ?? 0;
      if (this.#o.onAssignment) void this.#shareOf(held).then(this.#o.onAssignment);
    });
    this.#consumer.on(this.#consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      this.#o.logger.error('consumer crashed', { error, restart });
      if (!restart && !this.#closing && !this.#failed) {
        this.#failed = true;
        this.#o.onFailure?.(
          new ParsimonyError(
            'KAFKA_UNREACHABLE',
            `the Kafka consumer crashed and will not restart (${describeError(error)}): this instance stops, for its supervisor to start it again`,
            { retryable: true, cause: error },
          ),
        );
      }
    });
    await this.#consumer.subscribe({ topic: this.#o.topic, fromBeginning: true });
    if (this.#range) {
      this.#endIfRead();
      this.#watchIdleRange();
    }
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#o.partitionsConcurrently,
      eachBatch: (payload) => this.#deliver(payload),
    });
  }

  /** `held` over the topic's partitions; the whole when they cannot be counted (the limits then err high, as before sharing). */
  async #shareOf(held: number): Promise<number> {
    const admin = this.#o.kafka.admin();
    try {
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: [this.#o.topic] });
      const total = topics[0]?.partitions.length ?? 0;
      return total > 0 ? held / total : 1;
    } catch (error) {
      this.#o.logger.warn('the partitions of the input topic could not be counted: this instance keeps the whole rate limits', {
        error,
      });
      return 1;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  batches(): AsyncIterable<SourceBatch> {
    return this.#queue;
  }

  async commit(next: readonly Position[], options: { bySink: boolean }): Promise<void> {
    if (!options.bySink && next.length > 0) {
      await this.#consumer.commitOffsets(next.map((p) => ({ topic: p.topic, partition: p.partition, offset: String(p.offset) })));
    }
    this.#vitals.lastProgressAt = this.#o.clock.now();
    for (const position of next) {
      const delivery = this.#deliveries.get(laneOf(position));
      if (!delivery) continue;
      delivery.resolveOffset(String(position.offset - 1));
      for (const offset of delivery.unsettled) if (offset < position.offset) delivery.unsettled.delete(offset);
      this.#settleIfDone(delivery);
    }
  }

  handBack(positions: readonly Position[], reason: Error): void {
    for (const position of positions) {
      const delivery = this.#deliveries.get(laneOf(position));
      if (!delivery?.unsettled.delete(position.offset)) continue;
      delivery.failure ??= reason;
      this.#settleIfDone(delivery);
    }
  }

  async stillHolds(positions: readonly Position[]): Promise<boolean> {
    const lanes = new Set(positions.map(laneOf));
    for (const lane of lanes) {
      const delivery = this.#deliveries.get(lane);
      if (!delivery || delivery.lost) return false;
      // One more beat before the commit: a member starved past its session learns here that it was dropped.
      await this.#beat(delivery);
      if (delivery.lost) return false;
    }
    return true;
  }

  pause(): void {
    this.#consumer.pause([{ topic: this.#o.topic }]);
  }

  resume(): void {
    this.#consumer.resume([{ topic: this.#o.topic }]);
  }

  close(): Promise<void> {
    return (this.#closing ??= this.#disconnect());
  }

  async #disconnect(): Promise<void> {
    this.#range?.idleTimer?.();
    this.#queue.end();
    // Records still out are left uncommitted; their handlers return so the group can be left.
    for (const delivery of this.#deliveries.values()) {
      delivery.unsettled.clear();
      this.#settleIfDone(delivery);
    }
    await this.#consumer.disconnect();
  }

  async #deliver({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    this.#o.metrics.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
    if (this.#closing || !isRunning() || isStale() || batch.messages.length === 0) return;
    const end = this.#o.until ? (this.#o.until.get(batch.partition) ?? 0) : Number.POSITIVE_INFINITY;
    const inRange = batch.messages.filter((m) => Number(m.offset) < end);
    if (this.#range) {
      this.#range.lastDelivery = this.#o.clock.now();
      const highest = Number(batch.messages.at(-1)!.offset);
      this.#range.seen.set(batch.partition, Math.max(highest, this.#range.seen.get(batch.partition) ?? -1));
    }
    // Past its end (or never in the range), a partition is read: paused, it is fetched no more.
    const readToEnd = inRange.length < batch.messages.length || Number(inRange.at(-1)?.offset ?? -1) + 1 >= end;
    if (inRange.length === 0) {
      this.#partitionRead(batch.partition);
      return;
    }
    const intakes: Intake[] = [];
    for (const message of inRange) {
      const intakeAt = this.#o.clock.now();
      // Awaited only when the decoder had to ask the registry: most records of a batch decode in place.
      const decoding = this.#o.decode(message.value, { receivedAt: Number(message.timestamp) || intakeAt });
      intakes.push({
        position: { topic: batch.topic, partition: batch.partition, offset: Number(message.offset) },
        key: message.key,
        value: message.value,
        intakeAt,
        decoded: decoding instanceof Promise ? await decoding : decoding,
      });
    }
    if (this.#closing) return;
    const lane = laneOf(intakes[0]!.position);
    const settled = new Promise<void>((resolve) => {
      this.#deliveries.set(lane, {
        unsettled: new Set(intakes.map((i) => i.position.offset)),
        failure: undefined,
        resolveOffset,
        settled: resolve,
        heartbeat,
        lost: false,
        takenAt: intakes[0]!.intakeAt,
      });
    });
    this.#queue.push({ lane, intakes });
    await this.#whileHeartbeating(settled, this.#deliveries.get(lane)!);
    const { failure } = this.#deliveries.get(lane) ?? {};
    this.#deliveries.delete(lane);
    // Thrown, kafkajs fetches the partition again from the last resolved offset: the first record handed back.
    if (failure && !this.#closing) throw failure;
    if (readToEnd && !this.#closing) this.#partitionRead(batch.partition);
  }

  /** Every record of the partition's range is committed: it is fetched no more, and the read may be over. */
  #partitionRead(partition: number): void {
    if (!this.#range || this.#range.done.has(partition)) return;
    this.#consumer.pause([{ topic: this.#o.topic, partitions: [partition] }]);
    if (this.#o.until?.has(partition)) this.#range.done.add(partition);
    this.#endIfRead();
  }

  #endIfRead(): void {
    const range = this.#range;
    if (!range || ![...this.#o.until!.keys()].every((p) => range.done.has(p))) return;
    range.idleTimer?.();
    this.#queue.end();
  }

  #watchIdleRange(): void {
    const range = this.#range!;
    const check = () => {
      if (this.#closing) return;
      const silent = this.#o.clock.now() - range.lastDelivery >= RANGE_IDLE_MS;
      if (silent && this.#ready && this.#deliveries.size === 0) {
        for (const [partition, end] of this.#o.until!) {
          if (range.done.has(partition)) continue;
          const seen = range.seen.get(partition);
          this.#o.logger.info('a partition of the range gave no more records: its read ends', {
            partition,
            end,
            lastOffsetRead: seen ?? null,
          });
          range.done.add(partition);
        }
        this.#endIfRead();
        return;
      }
      range.idleTimer = this.#o.clock.schedule(check, RANGE_IDLE_MS / 5);
    };
    range.idleTimer = this.#o.clock.schedule(check, RANGE_IDLE_MS / 5);
  }

  #settleIfDone(delivery: Delivery): void {
    if (delivery.unsettled.size === 0) delivery.settled();
  }

  async #beat(delivery: Delivery): Promise<void> {
    try {
      await delivery.heartbeat();
    } catch (error) {
      if (leftTheGroup(error) && !delivery.lost) {
        delivery.lost = true;
        this.#o.logger.warn('this member left the group while a window was in flight: its records are left to the new owner', {
          error,
        });
      }
    }
  }

  async #whileHeartbeating(work: Promise<void>, delivery: Delivery): Promise<void> {
    let done = false;
    const timer = new AbortController();
    const finished = work.finally(() => {
      done = true;
      timer.abort();
    });
    while (!done) {
      // kafkajs sends a heartbeat only once a full interval has passed since the last one was
      // answered, and skips it otherwise; asking twice an interval keeps the beat close to the
      // interval while a window waits on model calls, well inside the session.
      await Promise.race([finished, this.#o.clock.sleep(this.#o.membership.heartbeatIntervalMs / 2, timer.signal).catch(() => undefined)]);
      if (!done) await this.#beat(delivery);
    }
  }
}
