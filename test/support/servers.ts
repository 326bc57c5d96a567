/**
 * Integration tests run against the real servers that `npm test` starts (ops/up.sh). A test that
 * needs one calls `requireServers` first: when the server is missing the test fails, saying how
 * to start it, and never skips.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, errors } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import { createLogger } from '#src/common/logger.ts';
import { type Config, loadConfig } from '#src/config/config.ts';
import { checkElasticsearch, createElasticsearch } from '#src/connect/elasticsearch.ts';
import { checkKafka, createKafka } from '#src/connect/kafka.ts';
import { checkSchemaRegistry } from '#src/connect/registry.ts';

export const testConfig: Config = loadConfig({ env: process.env }).config;
export const testLogger = createLogger({ level: 'warn' });

type Server = 'kafka' | 'registry' | 'elasticsearch';

export async function requireServers(...servers: Server[]): Promise<void> {
  const checks: Record<Server, () => Promise<unknown>> = {
    kafka: () => checkKafka(testConfig.kafka, testLogger),
    registry: () => checkSchemaRegistry(testConfig.registry),
    elasticsearch: async () => {
      const client = testElasticsearch();
      try {
        await checkElasticsearch(client, testConfig.elasticsearch);
        return await elasticsearchReady(client);
      } finally {
        await client.close();
      }
    },
  };
  const failures = (await Promise.allSettled(servers.map((s) => checks[s]()))).flatMap((result) =>
    result.status === 'rejected' ? [(result.reason as Error).message] : [],
  );
  if (failures.length > 0) {
    throw new Error(`${failures.join('\n')}\n(npm test starts these servers itself; by hand: bash ops/up.sh)`);
  }
}

export function testKafka(): Kafka {
  return createKafka(testConfig.kafka, testLogger);
}

/**
 * How long a test waits for a node that answers but is not ready yet, and bounds one setup request
 * (creating or deleting an index): a node just started by ops/up.sh on a busy machine, its JVM
 * still cold, has taken over 10 s to create an index. A warm node answers in milliseconds.
 */
const ELASTICSEARCH_SETUP_TIMEOUT_MS = 60_000;

/** A client for the tests' own setup requests; the stores under test bound their calls themselves. */
export function testElasticsearch(): Client {
  return createElasticsearch({ ...testConfig.elasticsearch, requestTimeoutMs: ELASTICSEARCH_SETUP_TIMEOUT_MS });
}

/**
 * Waits until the cluster is yellow or green. A node that refuses connections fails at once (it
 * is not started); one that answers 503, or no answer in time, is asked again until the deadline.
 */
async function elasticsearchReady(client: Client): Promise<void> {
  const patienceMs = 2 * ELASTICSEARCH_SETUP_TIMEOUT_MS;
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      const health = await client.cluster.health(
        { wait_for_status: 'yellow', timeout: `${ELASTICSEARCH_SETUP_TIMEOUT_MS / 1000}s` },
        { requestTimeout: ELASTICSEARCH_SETUP_TIMEOUT_MS + 5_000, maxRetries: 0, ignore: [408] },
      );
      if (!health.timed_out) return;
    } catch (error) {
      const busy =
        error instanceof errors.TimeoutError || (error instanceof errors.ResponseError && [429, 503].includes(error.statusCode ?? 0));
      if (!busy) throw error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Elasticsearch at ${testConfig.elasticsearch.url} answers but was not yellow or green within ${patienceMs / 1000} s`);
    }
    await sleep(1_000);
  }
}

/** A name no other test run uses, so runs against the same servers never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
