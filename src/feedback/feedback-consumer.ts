/**
 * Reads verdicts from the feedback topic and hands them on as every feedback path does
 * (feedback.ts): to the template cache, where an answer marked INCORRECT or PARTIAL evicts the
 * template behind it, and to the router's learner, where it labels the route behind the answer.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, Kafka } from 'kafkajs';
import type { TemplateCache } from '../cache/template-cache.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { RouterLearner } from '../routing/router-learner.ts';
import { applyFeedback, type FeedbackValue } from './feedback.ts';

export type FeedbackConsumerOptions = {
  kafka: Kafka;
  groupId: string;
  /** The group's session, heartbeat and rebalance timeouts (config.kafka), as for the main consumer. */
  session: { sessionTimeout: number; heartbeatInterval: number; rebalanceTimeout: number };
  topic: string;
  registry: SchemaRegistry;
  format: 'avro' | 'json';
  cache?: TemplateCache | undefined;
  learner?: RouterLearner | undefined;
  logger: Logger;
  metrics: Metrics;
};

export class FeedbackConsumer {
  readonly #consumer: Consumer;
  readonly #o: FeedbackConsumerOptions;

  constructor(options: FeedbackConsumerOptions) {
    this.#o = options;
    this.#consumer = options.kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 500, ...options.session });
  }

  async start(): Promise<void> {
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic: this.#o.topic, fromBeginning: true });
    await this.#consumer.run({
      eachBatch: async ({ batch }) => {
        const values: FeedbackValue[] = [];
        for (const message of batch.messages)
          values.push(await this.#decode(message.value, `${batch.topic}/${batch.partition}@${message.offset}`));
        await applyFeedback(values, this.#o);
      },
    });
  }

  stop(): Promise<void> {
    return this.#consumer.disconnect();
  }

  async #decode(bytes: Buffer | null, where: string): Promise<FeedbackValue> {
    if (!bytes) return { unreadable: 'the record has no value', where };
    try {
      return { value: this.#o.format === 'avro' ? await this.#o.registry.decode(bytes) : JSON.parse(bytes.toString('utf8')), where };
    } catch (error) {
      return { unreadable: `undecodable: ${(error as Error).message}`, where };
    }
  }
}
