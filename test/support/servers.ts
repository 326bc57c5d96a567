/**
 * Integration tests run against the real servers that `npm test` starts (ops/up.sh). A test that
 * needs one calls `requireServers` first: when the server is missing the test fails, saying how
 * to start it, and never skips.
 */
import type { Client } from '@elastic/elasticsearch';
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
      const client = createElasticsearch(testConfig.elasticsearch);
      try {
        return await checkElasticsearch(client, testConfig.elasticsearch);
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

export function testElasticsearch(): Client {
  return createElasticsearch(testConfig.elasticsearch);
}

/** A name no other test run uses, so runs against the same servers never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
