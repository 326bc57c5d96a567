/**
 * The Kafka service: the window runner between a consumer group on the narratives topic and the
 * output topics, with the pipeline as its work. Outputs and consumed offsets go in one transaction
 * (`stream.transactional`), or offsets are committed after the outputs are acknowledged.
 *
 * The instance is `kafka.instanceId`: its transactional id outlives the process, so a restart
 * fences whatever the killed process left open. An instance fenced in turn (another one took its
 * id) stops, and `stopped()` rejects with the reason, rather than hold partitions it can no longer
 * commit. So does an instance whose consumer crashed for good (kafkajs restarts it only after a
 * retriable error): the process ends, and its supervisor starts it again under the same name.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Verdict } from '../common/status-server.ts';
import type { Config } from '../config/config.ts';
import type { Encoders } from '../emit/encode.ts';
import { KafkaSink, transactionalIdOf } from '../emit/kafka-sink.ts';
import type { Outputs, Sink } from '../emit/sink.ts';
import { narrativeDecoder } from '../ingest/decoder.ts';
import { KafkaSource } from '../ingest/kafka-source.ts';
import { type PipelineDeps, pipelineWork } from '../pipeline/pipeline.ts';
import { type ConsumerVitals, type HealthLimits, judgeLiveness, judgeReadiness } from './health.ts';
import { runnerSettings, WindowRunner } from './window-runner.ts';

/** `deferred`: where records set aside for the Batch APIs go (the pipeline's `defer` says which). */
export type ServiceTopics = { input: string; extractions: string; deadLetters: string; deferred?: string };

export type KafkaServiceOptions = {
  kafka: Kafka;
  registry: SchemaRegistry;
  config: Pick<Config, 'kafka' | 'batch' | 'stream'>;
  topics: ServiceTopics;
  encoders: Encoders;
  pipeline: PipelineDeps;
  logger: Logger;
  clock: Clock;
  /** A bounded read (a replay): the offset each partition's range ends before; the service stops by itself once all are read. */
  until?: ReadonlyMap<number, number>;
  /** Told of every window's outputs once they are written (a replay's progress). */
  onWritten?: (outputs: Outputs) => void;
  /** The runner's bounds, when not those configured (a replay through the Batch APIs takes larger windows). */
  runner?: ReturnType<typeof runnerSettings>;
};

/**
 * The providers' rate limits belong to the account the whole group calls with: each instance takes
 * the part of them that its part of the input partitions is, so the parts sum to the whole and
 * move with every rebalance. A member given no partitions keeps a sliver for windows still
 * draining. (The budget is shared otherwise: one ledger, see dispatch/elasticsearch-ledger.ts.)
 */
function shareRateLimits(pipeline: PipelineDeps, share: number, logger: Logger): void {
  const fraction = Math.max(share, MIN_RATE_SHARE);
  for (const tier of pipeline.tiers) for (const endpoint of tier.endpoints) endpoint.shareLimits(fraction);
  pipeline.metrics?.rateLimitShare.set(fraction);
  logger.info('rate limits shared by partition', { share: Number(fraction.toFixed(4)) });
}

const MIN_RATE_SHARE = 0.01;

export class KafkaService {
  readonly #source: KafkaSource;
  readonly #sink: KafkaSink;
  readonly #runner: WindowRunner;
  #running: Promise<void> | undefined;
  #failure: Error | undefined;
  #stopping = false;
  readonly #health: { clock: Clock; limits: HealthLimits; budget: PipelineDeps['budget'] };

  constructor(options: KafkaServiceOptions) {
    const { config, pipeline, clock, logger } = options;
    const { groupId, instanceId, sessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs } = config.kafka;
    this.#health = {
      clock,
      budget: pipeline.budget,
      limits: {
        heartbeatTimeoutMs: 3 * sessionTimeoutMs,
        joinTimeoutMs: rebalanceTimeoutMs + sessionTimeoutMs,
        stallTimeoutMs: config.stream.stallTimeoutMs,
      },
    };
    this.#source = new KafkaSource({
      kafka: options.kafka,
      groupId,
      topic: options.topics.input,
      decode: narrativeDecoder(config.stream.inputFormat, options.registry),
      partitionsConcurrently: config.stream.partitionsConcurrently,
      maxInFlightBytes: config.stream.maxInFlightBytes,
      membership: { sessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs },
      clock,
      metrics: pipeline.metrics,
      logger,
      onFailure: (error) => {
        logger.error('the consumer stopped for good: stopping', { error });
        this.#failure ??= error;
        void this.stop();
      },
      onAssignment: (share) => shareRateLimits(pipeline, share, logger),
      ...(options.until ? { until: options.until } : {}),
    });
    this.#sink = new KafkaSink({
      kafka: options.kafka,
      topics: options.topics,
      encoders: options.encoders,
      ...(config.stream.transactional ? { transaction: { id: transactionalIdOf(groupId, instanceId), consumerGroupId: groupId } } : {}),
      onFenced: (error) => {
        logger.error('fenced: stopping', { error });
        this.#failure ??= error;
        void this.stop();
      },
    });
    const { onWritten } = options;
    const sink: Sink = onWritten
      ? {
          write: async (outputs, through) => {
            const receipt = await this.#sink.write(outputs, through);
            onWritten(outputs);
            return receipt;
          },
          close: () => this.#sink.close(),
        }
      : this.#sink;
    this.#runner = new WindowRunner({
      source: this.#source,
      sink,
      work: pipelineWork(pipeline),
      clock,
      metrics: pipeline.metrics,
      logger,
      ...(options.runner ?? runnerSettings(config)),
    });
  }

  /** True once the group was joined, until the service stops. */
  get ready(): boolean {
    return this.#source.ready;
  }

  /** /healthz: whether a restart would help (runner/health.ts). */
  liveness(): Verdict {
    return judgeLiveness(this.#vitals(), this.#health.limits);
  }

  /** /readyz: a working member of the group now. */
  readiness(): Verdict {
    return judgeReadiness(this.#vitals());
  }

  #vitals(): ConsumerVitals {
    const source = this.#source.vitals();
    const failure = this.#failure?.message ?? (source.failed ? 'the Kafka consumer crashed and will not restart' : null);
    return {
      ...source,
      now: this.#health.clock.now(),
      failure,
      waitingOnBudget: this.#health.budget?.waiting ?? 0,
      stopping: this.#stopping || source.closing,
      producerConnected: this.#sink.connected,
    };
  }

  /** Connects the producer, joins the group and starts the runner; resolves once running. */
  async start(): Promise<void> {
    await this.#sink.start();
    await this.#source.start();
    this.#running = this.#runner.run();
  }

  /** Resolves when the runner has stopped (after `stop()`); rejects if it failed or was fenced. */
  async stopped(): Promise<void> {
    await this.#running;
    if (this.#failure) throw this.#failure;
  }

  /** Drains in-flight windows within the drain timeout and leaves the group. Idempotent. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#runner.stop();
    await this.#running;
  }
}
