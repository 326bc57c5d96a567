/**
 * The Kafka client, built from config, and a fail-fast check that the brokers answer.
 */
import { Kafka, logLevel as KafkaLogLevel, type LogEntry, type RetryOptions, type SASLOptions } from 'kafkajs';
import { describeError, ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Config } from '../config/config.ts';

export function createKafka(config: Config['kafka'], logger: Logger, options: { retry?: RetryOptions; quiet?: boolean } = {}): Kafka {
  return new Kafka({
    ...(options.retry ? { retry: options.retry } : {}),
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    ...saslSettings(config.sasl),
    connectionTimeout: config.connectionTimeoutMs,
    logLevel: options.quiet ? KafkaLogLevel.NOTHING : KafkaLogLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log;
      logger[kafkaLogLevel(entry)](`kafkajs ${entry.namespace}: ${message}`, fields);
    },
  });
}

/**
 * The level a kafkajs log entry is kept at. kafkajs logs every error response of a request at
 * ERROR, also those it retries (a coordinator still loading, a transaction begun while the
 * broker still writes the last one's markers: CONCURRENT_TRANSACTIONS): an attempt that says when
 * it is retried (`retryTime`), and any connection's, is debug; a failure that ends the retries is
 * thrown to the caller, which says it. A consumer's crash carries `retryCount` but no `retryTime`,
 * and stays an error.
 */
export function kafkaLogLevel(entry: Pick<LogEntry, 'namespace' | 'level' | 'log'>): 'debug' | 'warn' | 'error' {
  if (entry.namespace === 'Connection' || 'retryTime' in entry.log) return 'debug';
  return entry.level <= KafkaLogLevel.ERROR ? 'error' : 'warn';
}

/** kafkajs SASL settings when a mechanism is configured (the config checked that user and password come with it). */
function saslSettings({ mechanism, username, password }: Config['kafka']['sasl']): { sasl?: SASLOptions } {
  return mechanism && username && password ? { sasl: { mechanism, username, password } } : {};
}

/**
 * Connects an admin client of its own (one quick retry, no log lines: the error says it all) and
 * asks for the cluster; throws KAFKA_UNREACHABLE with how to fix it.
 */
export async function checkKafka(config: Config['kafka'], logger: Logger): Promise<{ brokers: number; controller: number | null }> {
  const kafka = createKafka(config, logger, { retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 }, quiet: true });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } catch (error) {
    throw new ParsimonyError(
      'KAFKA_UNREACHABLE',
      `Kafka is not reachable at ${config.brokers.join(',')} (${describeError(error)}). ` +
        'Start the local broker with `bash ops/up.sh`, or point PARSIMONY_KAFKA_BROKERS at your cluster.',
      { retryable: true, cause: error },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
