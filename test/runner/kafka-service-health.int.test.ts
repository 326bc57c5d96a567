/**
 * /healthz and /readyz as the service judges them on a real broker: ready once in the group,
 * alive while it works, not alive once records sit uncommitted past the stall timeout, not ready
 * once stopping.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Partitioners } from 'kafkajs';
import type { TemplateCache } from '#src/cache/template-cache.ts';
import { systemClock } from '#src/common/clock.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { loadConfig } from '#src/config/config.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { avroEncoders } from '#src/emit/encode.ts';
import { prepareAndRule } from '#src/pipeline/rules-pool.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { answersAlone } from '#src/rules/rules-result.ts';
import { KafkaService } from '#src/runner/kafka-service.ts';
import { applyCatalogue } from '#src/topics/apply.ts';
import { loadCatalogue, topicByName, withTopicPrefix } from '#src/topics/catalogue.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { requireServers, testConfig, testKafka, testLogger, uniqueName } from '#test/support/servers.ts';

const catalogue = withTopicPrefix(loadCatalogue(), `${uniqueName('health')}.`);
const topics = {
  input: topicByName(catalogue, 'narratives.raw.v1').name,
  extractions: topicByName(catalogue, 'extractions.v1').name,
  deadLetters: topicByName(catalogue, 'narratives.dlq.v1').name,
};
const registry = createSchemaRegistry(testConfig.registry);
const admin = testKafka().admin();
let service: KafkaService | undefined;

before(async () => {
  await requireServers('kafka', 'registry');
  await admin.connect();
  await applyCatalogue({ admin, registry, registryConfig: testConfig.registry, catalogue, schemas: loadSchemas() });
});
after(async () => {
  await service?.stop();
  await admin.deleteTopics({ topics: catalogue.topics.map((t) => t.name) }).catch(() => undefined);
  await admin.disconnect();
});

test('a consumer whose records sit uncommitted past the stall timeout fails /healthz; stopping fails /readyz', async () => {
  const config = loadConfig({
    env: {
      ...process.env,
      PARSIMONY_KAFKA_GROUP_ID: uniqueName('health-group'),
      PARSIMONY_STALL_TIMEOUT_MS: '10000',
      PARSIMONY_BATCH_MAX_WAIT_MS: '50',
    },
  }).config;
  // The cache is where this service's windows stop: its lookups never answer, as a store that hangs without timing out.
  const hanging = { answer: () => new Promise(() => {}) } as unknown as TemplateCache;
  service = new KafkaService({
    kafka: testKafka(),
    registry,
    config,
    topics,
    encoders: await avroEncoders(registry, topics),
    logger: testLogger,
    clock: systemClock,
    pipeline: { tiers: [], prices: loadPriceTable(), now: systemClock.now, metrics: createMetrics(), cache: hanging },
  });
  await service.start();
  await until(
    () => service!.readiness().ok,
    60_000,
    () => service!.readiness().reason,
  );
  assert.deepEqual(service.liveness(), { ok: true, reason: 'alive' });

  const needsMore = [...generate({ count: 200, seed: 3 })].map((g) => g.record).filter((r) => !answersAlone(prepareAndRule(r).rules));
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const id = await registry.getLatestSchemaId(`${topics.input}-value`);
  await producer.send({
    topic: topics.input,
    messages: await Promise.all(needsMore.slice(0, 3).map(async (r) => ({ key: r.record_id, value: await registry.encode(id, r) }))),
  });
  await producer.disconnect();

  const started = Date.now();
  await until(
    () => !service!.liveness().ok,
    40_000,
    () => service!.liveness().reason,
  );
  assert.ok(Date.now() - started >= 9_000, 'not before the stall timeout');
  assert.match(service.liveness().reason, /^records taken in \d+ s ago and nothing committed for \d+ s$/);
  assert.equal(service.readiness().ok, true, 'still a member: readiness is not liveness');

  const stopping = service.stop();
  assert.deepEqual(service.readiness(), { ok: false, reason: 'stopping' });
  await stopping;
  service = undefined;
});

async function until(done: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${why()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
