/**
 * Reads verdicts from the feedback topic and hands them to the template cache: an answer marked
 * INCORRECT or PARTIAL evicts the template behind it, a CORRECT one counts in its favour. (Router
 * retraining from the same records is the router's own consumer.) A verdict that cannot be read is
 * logged and counted, never retried forever.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, Kafka } from 'kafkajs';
import type { TemplateCache } from '../cache/template-cache.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import { VERDICTS } from '../contract/records.ts';

export type Verdict = { recordId: string; correct: boolean };

/** A verdict from a decoded feedback value, or a reason it is unusable. */
export function readVerdict(value: unknown): Verdict | { error: string } {
  const { record_id: recordId, verdict } = (value ?? {}) as { record_id?: unknown; verdict?: unknown };
  if (typeof recordId !== 'string' || recordId === '') return { error: 'record_id is missing' };
  if (!VERDICTS.includes(verdict as (typeof VERDICTS)[number]))
    return { error: `verdict ${JSON.stringify(verdict)} is not one of ${VERDICTS.join(', ')}` };
  return { recordId, correct: verdict === 'CORRECT' };
}

export class FeedbackConsumer {
  readonly #consumer: Consumer;
  readonly #o: { topic: string; registry: SchemaRegistry; format: 'avro' | 'json'; cache: TemplateCache; logger: Logger; metrics: Metrics };

  constructor(options: {
    kafka: Kafka;
    groupId: string;
    /** The group's session, heartbeat and rebalance timeouts (config.kafka), as for the main consumer. */
    session: { sessionTimeout: number; heartbeatInterval: number; rebalanceTimeout: number };
    topic: string;
    registry: SchemaRegistry;
    format: 'avro' | 'json';
    cache: TemplateCache;
    logger: Logger;
    metrics: Metrics;
  }) {
    this.#o = options;
    this.#consumer = options.kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 500, ...options.session });
  }

  async start(): Promise<void> {
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic: this.#o.topic, fromBeginning: true });
    await this.#consumer.run({
      eachBatch: async ({ batch }) => {
        const verdicts: Verdict[] = [];
        for (const message of batch.messages) {
          const verdict = await this.#decode(message.value);
          if ('error' in verdict) {
            this.#o.metrics.deadLetters.inc({ code: 'INVALID_FEEDBACK' });
            this.#o.logger.warn('unusable feedback record skipped', {
              topic: batch.topic,
              partition: batch.partition,
              offset: message.offset,
              reason: verdict.error,
            });
          } else verdicts.push(verdict);
        }
        if (verdicts.length > 0) await this.#o.cache.feedback(verdicts);
      },
    });
  }

  stop(): Promise<void> {
    return this.#consumer.disconnect();
  }

  async #decode(bytes: Buffer | null): Promise<Verdict | { error: string }> {
    if (!bytes) return { error: 'the record has no value' };
    try {
      return readVerdict(this.#o.format === 'avro' ? await this.#o.registry.decode(bytes) : JSON.parse(bytes.toString('utf8')));
    } catch (error) {
      return { error: `undecodable: ${(error as Error).message}` };
    }
  }
}
