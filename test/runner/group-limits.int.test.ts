/**
 * Three instances of one consumer group on the real broker and Elasticsearch, the simulator as
 * every provider: together they spend the budget once (one ledger in Elasticsearch), and together
 * they send no more requests per minute than the account's limit (each takes its part of the
 * partitions' share). Either would be three times over if each instance kept its own.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Client } from '@elastic/elasticsearch';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';
import { buildBudget } from '#src/cli/build-tiers.ts';
import { systemClock } from '#src/common/clock.ts';
import { createMetrics, type Metrics } from '#src/common/metrics.ts';
import { type Config, loadConfig } from '#src/config/config.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { narrativeLine } from '#src/dev/generator/jsonl.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import type { BudgetGuard } from '#src/dispatch/budget-guard.ts';
import { openElasticsearchLedger } from '#src/dispatch/elasticsearch-ledger.ts';
import type { ModelTier } from '#src/dispatch/model-tier.ts';
import { jsonEncoders } from '#src/emit/encode.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { ModelEndpoint } from '#src/providers/model-endpoint.ts';
import { KafkaService } from '#src/runner/kafka-service.ts';
import { billedNano } from '#test/support/billing.ts';
import { simulatedProvider } from '#test/support/endpoints.ts';
import { requireServers, testElasticsearch, testKafka, testLogger, uniqueName } from '#test/support/servers.ts';

const INSTANCES = 3;
const PARTITIONS = 6;
const generated = [...generate({ count: 900, seed: 21 })];
const prices = loadPriceTable();

let kafka: Kafka;
let admin: Admin;
let es: Client;
const cleanups: (() => Promise<unknown>)[] = [];

before(async () => {
  await requireServers('kafka', 'elasticsearch');
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
  es = testElasticsearch();
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await admin?.disconnect();
});

type Group = {
  simulator: Simulator;
  config: Config;
  topics: { input: string; extractions: string; deadLetters: string };
  services: KafkaService[];
  metrics: Metrics[];
};

/** One group of three instances on fresh topics, every instance with its own tiers at `requestsPerMinute` per model. */
async function startGroup(
  name: string,
  options: { env?: Record<string, string>; requestsPerMinute: number; budget?: () => Promise<BudgetGuard> },
): Promise<Group> {
  const topics = { input: uniqueName(`${name}.in`), extractions: uniqueName(`${name}.out`), deadLetters: uniqueName(`${name}.dlq`) };
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.values(topics).map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
  });
  cleanups.push(() => admin.deleteTopics({ topics: Object.values(topics) }));
  const groupId = uniqueName(`${name}-group`);
  const config = loadConfig({
    env: {
      ...process.env,
      PARSIMONY_KAFKA_GROUP_ID: groupId,
      PARSIMONY_INPUT_FORMAT: 'json',
      PARSIMONY_OUTPUT_FORMAT: 'json',
      PARSIMONY_TRANSACTIONAL: 'false',
      PARSIMONY_BATCH_MAX_RECORDS: '40',
      PARSIMONY_BATCH_MAX_WAIT_MS: '50',
      // Windows left waiting on a limit are not drained at the end of a test.
      PARSIMONY_DRAIN_TIMEOUT_MS: '500',
      ...options.env,
    },
  }).config;
  // A simulator of the group's own: what it bills is this group's spend alone.
  const simulator = await startSimulator({
    truth: generated.map((g) => ({ text: prepare(g.record).masked, fields: g.fields })),
    timeScale: 0,
  });
  cleanups.push(() => simulator.close());
  const group: Group = { simulator, config, topics, services: [], metrics: [] };
  for (let i = 0; i < INSTANCES; i++) {
    const metrics = createMetrics();
    const tiers: ModelTier[] = config.tiers.map((spec) => ({
      ...spec,
      endpoints: spec.models.map(
        (m) =>
          new ModelEndpoint({
            provider: simulatedProvider(simulator, m.provider as 'openai' | 'anthropic'),
            model: m.model,
            clock: systemClock,
            timeoutMs: 5_000,
            limits: { requestsPerMinute: options.requestsPerMinute, tokensPerMinute: 1e9 },
            circuit: { failureThreshold: 5, cooldownMs: 30_000 },
            retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 },
          }),
      ),
    }));
    const budget = await options.budget?.();
    const service = new KafkaService({
      kafka,
      registry: createSchemaRegistry(config.registry),
      config: { ...config, kafka: { ...config.kafka, instanceId: `${groupId}-${i}` } },
      topics,
      encoders: jsonEncoders,
      logger: testLogger,
      clock: systemClock,
      pipeline: { tiers, prices, now: systemClock.now, metrics, ...(budget ? { budget } : {}) },
    });
    cleanups.push(() => service.stop());
    await service.start();
    group.services.push(service);
    group.metrics.push(metrics);
  }
  // Records go in only once the partitions are spread: every instance holds a third of them.
  await waitFor(async () => {
    const shares = await Promise.all(group.metrics.map(async (m) => (await m.rateLimitShare.get()).values[0]?.value));
    return shares.every((s) => s !== undefined && Math.abs(s - 1 / INSTANCES) < 1e-9);
  }, 60_000);
  return group;
}

async function produceAll(group: Group): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic: group.topics.input,
    messages: generated.map((g) => ({ key: g.record.record_id, value: narrativeLine(g.record) })),
  });
  await producer.disconnect();
  return systemClock.now();
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Stops the instances at once: they are left waiting on limits, so a drain would only time out. */
async function stopGroup(group: Group): Promise<void> {
  await group.simulator.close();
  await Promise.all(group.services.map((s) => s.stop()));
}

const modelRequests = (simulator: Simulator, since: number) =>
  simulator.requests.filter((r) => r.time >= since && (r.path.endsWith('/chat/completions') || r.path.endsWith('/messages')));

test('three instances share the requests-per-minute of the account: each sends its part, together no more than the whole', async () => {
  const RPM = 30;
  const group = await startGroup('rate', { requestsPerMinute: RPM });
  const started = await produceAll(group);
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  const elapsedMinutes = (systemClock.now() - started) / 60_000;
  await stopGroup(group);
  const byModel = new Map<string, number>();
  for (const r of modelRequests(group.simulator, started)) {
    const model = String((r.body as { model?: unknown }).model);
    byModel.set(model, (byModel.get(model) ?? 0) + 1);
  }
  const small = group.config.tiers[0]!.models[0]!.model;
  // A full bucket of the whole limit at the start, then the limit's rate: never three buckets.
  const most = Math.ceil(RPM * (1 + elapsedMinutes)) + 1;
  for (const [model, count] of byModel)
    assert.ok(count <= most, `${model}: ${count} requests in ${elapsedMinutes.toFixed(2)} min, limit ${most}`);
  assert.ok(
    (byModel.get(small) ?? 0) >= RPM / 2,
    `the small model was called (${byModel.get(small) ?? 0} requests): the limit, not idleness, held it`,
  );
});

test('three instances share one budget: together they spend no more than it, and what is left waits without a dead letter', async () => {
  const BUDGET_USD = 0.004;
  const ledgerIndex = uniqueName('budget-ledger');
  cleanups.push(() => es.indices.delete({ index: ledgerIndex }));
  const group = await startGroup('budget', {
    requestsPerMinute: 100_000,
    env: { PARSIMONY_BUDGET_USD_PER_HOUR: String(BUDGET_USD) },
    budget: async () => {
      const config = loadConfig({ env: { ...process.env, PARSIMONY_BUDGET_USD_PER_HOUR: String(BUDGET_USD) } }).config;
      const ledger = await openElasticsearchLedger({
        client: es,
        index: ledgerIndex,
        groupId: 'budget-test',
        clock: systemClock,
        requestTimeoutMs: 5_000,
      });
      return buildBudget({ config, clock: systemClock, metrics: createMetrics(), logger: testLogger, ledger })!;
    },
  });
  await produceAll(group);
  // The spend reaches the budget within seconds, then stops while the hour has no room.
  await waitFor(async () => billedNano(group.simulator, prices) >= 0.5 * BUDGET_USD * 1e9, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  const spentAt = billedNano(group.simulator, prices);
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const spent = billedNano(group.simulator, prices);
  assert.ok(spent <= BUDGET_USD * 1e9, `the group spent ${spent / 1e9} USD of a ${BUDGET_USD} USD budget`);
  assert.equal(spent, spentAt, 'at the limit nothing more is spent');

  // A window goes out whole, once all its records are answered: at the limit they wait in it.
  const out = await countMessages(group.topics.extractions);
  const dead = await countMessages(group.topics.deadLetters);
  assert.equal(dead, 0, 'nothing dead-lettered for want of budget');
  assert.ok(out < generated.length, `records the budget could not pay for wait (${out} of ${generated.length} out)`);
  await stopGroup(group);
});

async function countMessages(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}
