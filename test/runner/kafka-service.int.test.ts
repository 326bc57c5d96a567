/**
 * The Kafka service end to end on the real broker and registry, with the simulator as every
 * provider: generated narratives plus every kind of bad input go in; each input comes out exactly
 * once, on the output topic (read_committed) or the dead-letter topic — a record sent twice is
 * answered twice, the later answer last; the per-record costs add up to what the simulator
 * billed; no card number leaves the process.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { type Admin, type Kafka, type KafkaMessage, Partitioners } from 'kafkajs';
import { deleteTemplateIndices } from '#src/cache/elasticsearch-index.ts';
import { ElasticsearchTemplateStore } from '#src/cache/elasticsearch-store.ts';
import { createLocalEmbedder } from '#src/cache/local-embedder.ts';
import type { TemplateCache } from '#src/cache/template-cache.ts';
import { createTemplateCache } from '#src/cli/build-cache.ts';
import { buildTiers } from '#src/cli/build-tiers.ts';
import { systemClock } from '#src/common/clock.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { luhnValid } from '#src/common/secrets/card-number.ts';
import { type Config, loadConfig } from '#src/config/config.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import type { DeadLetter, Extraction } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { avroEncoders } from '#src/emit/encode.ts';
import { FeedbackConsumer } from '#src/feedback/feedback-consumer.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { KafkaService } from '#src/runner/kafka-service.ts';
import { applyCatalogue } from '#src/topics/apply.ts';
import { type Catalogue, loadCatalogue } from '#src/topics/catalogue.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { billedNano, nanoOf } from '#test/support/billing.ts';
import { requireServers, testElasticsearch, testKafka, testLogger, uniqueName } from '#test/support/servers.ts';

const GOOD = Number(process.env.PARSIMONY_TEST_RECORDS ?? 10_000);
const prefix = uniqueName('e2e');
const real = loadCatalogue();
const catalogue: Catalogue = {
  ...real,
  topics: real.topics.map((t) => ({ ...t, name: `${prefix}.${t.name}`, partitions: Math.min(t.partitions, 3) })),
};
const topicOf = (name: string) => `${prefix}.${name}`;
const topics = { input: topicOf('narratives.raw.v1'), extractions: topicOf('extractions.v1'), deadLetters: topicOf('narratives.dlq.v1') };
const cacheIndex = uniqueName('e2e-templates');
const es = testElasticsearch();
const prices = loadPriceTable();
const registry = () => createSchemaRegistry(config.registry);

let config: Config;
let kafka: Kafka;
let admin: Admin;
let simulator: Simulator;
let service: KafkaService;
let store: ElasticsearchTemplateStore;
let cache: TemplateCache;
let extractions: Extraction[] = [];

const generated = [...generate({ count: GOOD, seed: 7 })];
/** Card numbers the generator planted: Luhn-valid 13–19 digit runs with a card scheme's first digit. */
function plantedCards(): string[] {
  const cards = new Set<string>();
  for (const { record } of generated.filter((g) => g.meta.traps.includes('card-number'))) {
    for (const match of record.narrative.matchAll(/(?<!\d)[2-6]\d{3}(?:[ -]?\d){9,15}(?!\d)/g)) {
      const digits = match[0].replace(/\D/g, '');
      if (luhnValid(digits)) cards.add(digits);
    }
  }
  return [...cards];
}

/** The text with separators between digits removed, so "4111 1111 ..." is found as digits. */
const digitsJoined = (text: string) => text.replace(/(?<=\d)[ -](?=\d)/g, '');

before(async () => {
  await requireServers('kafka', 'registry', 'elasticsearch');
  config = loadConfig({
    env: {
      ...process.env,
      PARSIMONY_KAFKA_GROUP_ID: uniqueName('e2e-group'),
      PARSIMONY_BATCH_MAX_RECORDS: '400',
      PARSIMONY_BATCH_MAX_WAIT_MS: '100',
    },
  }).config;
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
  await applyCatalogue({ admin, registry: registry(), registryConfig: config.registry, catalogue, schemas: loadSchemas() });
  simulator = await startSimulator({ truth: generated.map((g) => ({ text: prepare(g.record).masked, fields: g.fields })), timeScale: 0 });
  const encoders = await avroEncoders(registry(), topics);
  const embedder = createLocalEmbedder(64);
  store = await ElasticsearchTemplateStore.open({
    client: es,
    index: cacheIndex,
    dimensions: 64,
    embedderId: embedder.id,
    requestTimeoutMs: 5_000,
  });
  const metrics = createMetrics();
  cache = createTemplateCache({ config, clock: systemClock, metrics, logger: testLogger, prices, store, embedder });
  service = new KafkaService({
    kafka,
    registry: registry(),
    config,
    topics,
    encoders,
    logger: testLogger,
    clock: systemClock,
    pipeline: {
      tiers: buildTiers({ config, env: {}, clock: systemClock, logger: testLogger, simulator }),
      prices,
      now: systemClock.now,
      metrics,
      cache,
    },
  });
  await service.start();
});

after(async () => {
  await service?.stop();
  await simulator?.close();
  await admin?.deleteTopics({ topics: catalogue.topics.map((t) => t.name) }).catch(() => undefined);
  await admin?.disconnect();
  await deleteTemplateIndices(es, cacheIndex);
  await es.close();
});

async function produceInput(): Promise<{ ids: Set<string>; badIds: Set<string>; resent: string }> {
  const reg = registry();
  const id = await reg.getLatestSchemaId(`${topics.input}-value`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const messages = await Promise.all(generated.map(async ({ record }) => ({ key: record.record_id, value: await reg.encode(id, record) })));
  const { id: otherId } = await reg.register(
    {
      type: SchemaType.AVRO,
      schema: JSON.stringify({ type: 'record', name: 'Other', namespace: 'test', fields: [{ name: 'x', type: 'int' }] }),
    },
    { subject: uniqueName('other-value') },
  );
  const bad = [
    { key: 'bad-not-avro', value: Buffer.from('{"record_id": "json-on-an-avro-topic"}') },
    { key: 'bad-truncated', value: messages[0]!.value.subarray(0, 9) },
    { key: 'bad-schema-id', value: Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), messages[1]!.value.subarray(5)]) },
    { key: 'bad-other-schema', value: await reg.encode(otherId, { x: 1 }) },
    { key: 'bad-too-long', value: await reg.encode(id, { ...generated[2]!.record, record_id: 'too-long', narrative: 'X'.repeat(5_000) }) },
    { key: generated[3]!.record.record_id, value: messages[3]!.value },
  ];
  for (let i = 0; i < messages.length; i += 2_000)
    await producer.send({ topic: topics.input, acks: -1, messages: messages.slice(i, i + 2_000) });
  await producer.send({ topic: topics.input, acks: -1, messages: bad });
  await producer.disconnect();
  return {
    ids: new Set(generated.map((g) => g.record.record_id)),
    badIds: new Set(bad.map((b) => b.key)),
    resent: generated[3]!.record.record_id,
  };
}

async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('e2e-reader'), readUncommitted: false, maxWaitTimeInMs: 200 });
  const out: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${topic}: ${out.length} of ${count} arrived`)), 240_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        out.push(message);
        if (out.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  // Anything past the expected count would be a duplicate: give it a moment to show up.
  await systemClock.sleep(1_500);
  await consumer.disconnect();
  return out;
}

test(`${GOOD} generated records and every kind of bad input: each input once, a resent record answered again, costs add up, no card number leaves`, async () => {
  const { ids, resent } = await produceInput();
  const reg = registry();
  const deadLetterCount = 5;
  const [outputs, letters] = await Promise.all([readAll(topics.extractions, ids.size + 1), readAll(topics.deadLetters, deadLetterCount)]);
  extractions = await Promise.all(outputs.map((m) => reg.decode(m.value!)));
  const deadLetters: DeadLetter[] = await Promise.all(letters.map((m) => reg.decode(m.value!)));

  const extractedIds = extractions.map((e) => e.record_id);
  assert.equal(extractions.length, ids.size + 1, 'every good record once, the one sent twice twice: nothing more');
  assert.deepEqual(new Set(extractedIds), ids, 'every good record answered');
  const again = outputs.filter((m) => m.key!.toString() === resent);
  assert.equal(again.length, 2, 'the record sent again is answered again: a new version of it');
  assert.ok(BigInt(again[0]!.offset) < BigInt(again[1]!.offset), 'the later version is emitted later, so it wins an upsert by key');
  assert.deepEqual(
    deadLetters.map((d) => d.error_code).sort(),
    ['MALFORMED_AVRO', 'MALFORMED_AVRO', 'MISSING_FIELD', 'NARRATIVE_TOO_LONG', 'UNKNOWN_SCHEMA_ID'].sort(),
  );
  for (const letter of deadLetters) assert.ok(letter.reason.length > 10 && letter.original_value, letter.reason);

  const spent = extractions.reduce((sum, e) => sum + e.cost.calls.reduce((s, c) => s + nanoOf(c.usd), 0), 0);
  const billed = billedNano(simulator, prices);
  assert.equal(spent, billed, 'the per-record costs add up to what the providers billed');

  const byCache = extractions.filter((e) => e.provenance.tier === 'cache');
  assert.ok(byCache.length > GOOD / 20, `the template cache in Elasticsearch answered ${byCache.length} recurring records`);
  for (const e of byCache) assert.ok(e.provenance.cache_entry_id, 'a cache answer names its template');

  const cards = plantedCards();
  assert.ok(cards.length > 10, `the input carried card numbers (${cards.length})`);
  const leaving = [...extractions.map((e) => JSON.stringify(e)), ...simulator.requests.map((r) => JSON.stringify(r.body))].map(
    digitsJoined,
  );
  const leaked = cards.filter((card) => leaving.some((text) => text.includes(card)));
  assert.deepEqual(leaked, [], 'no card number in any output or provider request');
});

test('feedback marking a cache answer incorrect evicts the template behind it', async () => {
  const answered = extractions.find((e) => e.provenance.tier === 'cache')!;
  const templateId = answered.provenance.cache_entry_id!;
  assert.equal((await store.templatesOfRecords([answered.record_id])).get(answered.record_id), templateId);
  const feedbackTopic = topicOf('extractions.feedback.v1');
  const reg = registry();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const id = await reg.getLatestSchemaId(`${feedbackTopic}-value`);
  await producer.send({
    topic: feedbackTopic,
    messages: [
      { key: 'nonsense', value: Buffer.from('not avro') },
      {
        key: answered.record_id,
        value: await reg.encode(id, {
          record_id: answered.record_id,
          verdict: 'INCORRECT',
          corrected_fields: null,
          field_errors: ['category'],
          origin: 'human_review',
          at: Date.now(),
        }),
      },
    ],
  });
  await producer.disconnect();
  const consumer = new FeedbackConsumer({
    kafka,
    registry: reg,
    groupId: uniqueName('e2e-feedback'),
    session: { sessionTimeout: 6_000, heartbeatInterval: 1_000, rebalanceTimeout: 60_000 },
    topic: feedbackTopic,
    format: 'avro',
    cache,
    logger: testLogger,
    metrics: createMetrics(),
  });
  await consumer.start();
  try {
    const deadline = Date.now() + 30_000;
    while (
      (
        await store.lookup(
          [
            {
              key: 'k',
              skeleton: prepare(generated.find((g) => g.record.record_id === answered.record_id)!.record).skeleton,
              embedding: null,
              filter: { source_id: null, document_type: null, template_version: undefined },
            },
          ],
          { k: 1, numCandidates: 1 },
        )
      )
        .get('k')!
        .some((c) => c.template.id === templateId)
    ) {
      assert.ok(Date.now() < deadline, 'the template was not evicted in time');
      await systemClock.sleep(200);
    }
  } finally {
    await consumer.stop();
  }
});
