/**
 * The learned router in the Kafka service, on the real broker, registry and Elasticsearch, the
 * simulator as every provider, wired as `parsimony run` wires it (openServiceRouter): a model
 * published on router.models.v1 is installed by the running slot, no restart, and every record
 * after it carries its version; a model of other features and values that are not models are
 * refused and counted while the current model stays; verdicts label the routes kept in
 * Elasticsearch, and unknown, duplicate or unreadable ones are counted and skipped; enough of them
 * make the learner publish a model of its own, which the slot installs from the topic, and new
 * extractions carry its version; an instance started later has the newest model before it routes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';
import { createRouterSlot, routingDeps } from '#src/cli/build-router.ts';
import { openServiceRouter, routeLogIndex, type ServiceRouter } from '#src/cli/build-service-router.ts';
import { buildTiers } from '#src/cli/build-tiers.ts';
import { systemClock } from '#src/common/clock.ts';
import { createMetrics, type Metrics } from '#src/common/metrics.ts';
import { type Config, loadConfig } from '#src/config/config.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import type { Extraction, TransactionNarrative } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { avroEncoders } from '#src/emit/encode.ts';
import { FeedbackConsumer } from '#src/feedback/feedback-consumer.ts';
import { decodeRouterModel, modelReaderGroupId, RouterModelPublisher, RouterModelReader } from '#src/feedback/router-models.ts';
import { prepare } from '#src/prepare/prepare.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { deleteRouteLogIndex } from '#src/routing/elasticsearch-route-log.ts';
import { FEATURE_NAMES } from '#src/routing/features.ts';
import type { RouterModel } from '#src/routing/router-model.ts';
import { KafkaService } from '#src/runner/kafka-service.ts';
import { applyCatalogue } from '#src/topics/apply.ts';
import { type Catalogue, loadCatalogue } from '#src/topics/catalogue.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { consumeMessages } from '#test/support/kafka.ts';
import { requireServers, testElasticsearch, testKafka, testLogger, uniqueName } from '#test/support/servers.ts';

const prefix = uniqueName('learned-router');
const real = loadCatalogue();
const catalogue: Catalogue = {
  ...real,
  topics: real.topics.map((t) => ({ ...t, name: `${prefix}.${t.name}`, partitions: Math.min(t.partitions, 3) })),
};
const topicOf = (name: string) => `${prefix}.${name}`;
const topics = { input: topicOf('narratives.raw.v1'), extractions: topicOf('extractions.v1'), deadLetters: topicOf('narratives.dlq.v1') };
const feedbackTopic = topicOf('extractions.feedback.v1');
const modelsTopic = topicOf('router.models.v1');
const MODEL_NAME = 'service-test';

const first = [...generate({ count: 1_000, seed: 21 })];
const second = [...generate({ count: 200, seed: 22 })];
const es = testElasticsearch();
const registry = () => createSchemaRegistry(config.registry);

let config: Config;
let kafka: Kafka;
let admin: Admin;
let simulator: Simulator;
let metrics: Metrics;
let router: ServiceRouter;
let service: KafkaService;
let feedback: FeedbackConsumer;
let publisher: RouterModelPublisher;
/** Extractions of the first records, read once. */
let firstExtractions: Extraction[] = [];

before(async () => {
  await requireServers('kafka', 'registry', 'elasticsearch');
  config = loadConfig({
    env: {
      ...process.env,
      PARSIMONY_KAFKA_GROUP_ID: uniqueName('learned-router-group'),
      PARSIMONY_INSTANCE_ID: uniqueName('instance'),
      PARSIMONY_CACHE_ENABLED: 'false',
      PARSIMONY_CACHE_INDEX: uniqueName('learned-router-templates'),
      PARSIMONY_ROUTER_MODEL_NAME: MODEL_NAME,
      PARSIMONY_ROUTER_MIN_EXAMPLES: '10',
      PARSIMONY_ROUTER_RETRAIN_EVERY: '10',
      PARSIMONY_BATCH_MAX_RECORDS: '200',
      PARSIMONY_BATCH_MAX_WAIT_MS: '100',
    },
  }).config;
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
  await applyCatalogue({ admin, registry: registry(), registryConfig: config.registry, catalogue, schemas: loadSchemas() });
  simulator = await startSimulator({
    truth: [...first, ...second].map((g) => ({ text: prepare(g.record).masked, fields: g.fields })),
    timeScale: 0,
  });
  metrics = createMetrics();
  const tiers = buildTiers({ config, env: {}, clock: systemClock, logger: testLogger, simulator });
  router = await openServiceRouter({
    config,
    tierNames: tiers.map((t) => t.name),
    kafka,
    registry: registry(),
    modelsTopic,
    elasticsearch: es,
    clock: systemClock,
    logger: testLogger,
    metrics,
  });
  service = new KafkaService({
    kafka,
    registry: registry(),
    config,
    topics,
    encoders: await avroEncoders(registry(), topics),
    logger: testLogger,
    clock: systemClock,
    pipeline: {
      tiers,
      prices: loadPriceTable(),
      now: systemClock.now,
      metrics,
      ...routingDeps(router),
    },
  });
  feedback = new FeedbackConsumer({
    kafka,
    registry: registry(),
    groupId: `${config.kafka.groupId}-feedback`,
    session: { sessionTimeout: 6_000, heartbeatInterval: 1_000, rebalanceTimeout: 60_000 },
    topic: feedbackTopic,
    format: 'avro',
    learner: router.learner,
    logger: testLogger,
    metrics,
  });
  publisher = new RouterModelPublisher({ kafka, registry: registry(), topic: modelsTopic });
  await publisher.start();
  await router.start();
  await service.start();
  await feedback.start();
});

after(async () => {
  await feedback?.stop();
  await service?.stop();
  await router?.stop();
  await publisher?.stop();
  await simulator?.close();
  await admin?.deleteTopics({ topics: catalogue.topics.map((t) => t.name) }).catch(() => undefined);
  await admin?.disconnect();
  if (config) await deleteRouteLogIndex(es, routeLogIndex(config));
  await es.close();
});

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

async function counts(counter: keyof Metrics & ('routerModels' | 'routerExamples' | 'routerTrainings' | 'deadLetters')) {
  const out: Record<string, number> = {};
  for (const v of (await metrics[counter].get()).values) {
    const label = String(Object.values(v.labels)[0]);
    out[label] = (out[label] ?? 0) + v.value;
  }
  return out;
}

async function produceNarratives(records: readonly TransactionNarrative[]): Promise<void> {
  const reg = registry();
  const id = await reg.getLatestSchemaId(`${topics.input}-value`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const messages = await Promise.all(records.map(async (record) => ({ key: record.record_id, value: await reg.encode(id, record) })));
  await producer.send({ topic: topics.input, acks: -1, messages });
  await producer.disconnect();
}

async function readExtractions(count: number): Promise<Extraction[]> {
  const reg = registry();
  const messages = await consumeMessages(kafka, { topic: topics.extractions, groupId: uniqueName('reader'), count, timeoutMs: 240_000 });
  return Promise.all(messages.map((m) => reg.decode(m.value!) as Promise<Extraction>));
}

async function produceRaw(topic: string, messages: { key: string; value: Buffer }[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

/** The models on the models topic, every one published so far, in order. */
async function publishedModels(): Promise<RouterModel[]> {
  const [partition] = await admin.fetchTopicOffsets(modelsTopic);
  const onTopic = await consumeMessages(kafka, {
    topic: modelsTopic,
    groupId: uniqueName('models-reader'),
    count: Number(partition!.high),
  });
  const reg = registry();
  const models = await Promise.all(onTopic.map((m) => decodeRouterModel(reg, m.value!)));
  return models.flatMap((m) => ('error' in m ? [] : [m]));
}

async function publishedVersions(): Promise<Set<string>> {
  return new Set((await publishedModels()).map((m) => m.version));
}

/** A model that starts every record at the cheapest tier, as the cascade does, under a version of its own. */
function handModel(version: string, changes: Partial<RouterModel> = {}): RouterModel {
  return {
    name: MODEL_NAME,
    version,
    trained_at: Date.now(),
    training_examples: 100,
    accuracy_target: 0.95,
    feature_names: [...FEATURE_NAMES],
    tiers: [
      {
        tier: 'small',
        intercept: 10,
        coefficients: FEATURE_NAMES.map(() => 0),
        examples: 100,
        measured_accuracy: null,
        escalation_threshold: null,
        calibration: null,
        acceptance: null,
        mean_nano_usd: null,
        detection_rate: null,
        false_alarm_rate: null,
      },
    ],
    source_error_rates: { 'bank-a': 0.1 },
    default_error_rate: 0.05,
    expected_cpe_usd: null,
    stream_verdicts: null,
    ...changes,
  };
}

test('a model published on router.models.v1 is installed by the running service, and the records after it carry its version', async () => {
  assert.equal(router.slot.version, null, 'the cascade until a model arrives');
  await publisher.publish(handModel('hand-1'));
  await until('hand-1 is installed', () => router.slot.version === 'hand-1');
  assert.equal((await counts('routerModels')).installed, 1);

  await produceNarratives(first.map((g) => g.record));
  firstExtractions = await readExtractions(first.length);
  assert.deepEqual(new Set(firstExtractions.map((e) => e.record_id)), new Set(first.map((g) => g.record.record_id)));
  assert.deepEqual(new Set(firstExtractions.map((e) => e.provenance.router_version)), new Set(['hand-1']));
});

test('a model of other features and values that are not models are refused and counted; the current model stays', async () => {
  const renamed = FEATURE_NAMES.map((name, i) => (i === 3 ? `${name}_v0` : name));
  await publisher.publish(handModel('other-features', { feature_names: renamed, trained_at: Date.now() + 1 }));
  await publisher.publish(handModel('another-deployment', { name: 'another-deployment' }));
  const reg = registry();
  const { id: otherSchema } = await reg.register(
    {
      type: SchemaType.AVRO,
      schema: JSON.stringify({ type: 'record', name: 'NotAModel', namespace: 'test', fields: [{ name: 'x', type: 'int' }] }),
    },
    { subject: uniqueName('not-a-model-value') },
  );
  await produceRaw(modelsTopic, [
    { key: MODEL_NAME, value: Buffer.from('{"name": "service-test", "version": "json-on-an-avro-topic"}') },
    { key: MODEL_NAME, value: await reg.encode(otherSchema, { x: 1 }) },
  ]);
  const seen = await until('the refusals are counted', async () => {
    const c = await counts('routerModels');
    return c.refused === 1 && c.undecodable === 2 && c;
  });
  assert.deepEqual(seen, { installed: 1, refused: 1, undecodable: 2 });
  assert.equal(router.slot.version, 'hand-1', 'the current model stays');
  // The reader goes on past them: the next good model is installed.
  await publisher.publish(handModel('hand-2'));
  await until('hand-2 is installed', () => router.slot.version === 'hand-2');
  assert.deepEqual(await counts('routerModels'), { installed: 2, refused: 1, undecodable: 2 });
});

test('verdicts label the routes in Elasticsearch (unknown, duplicate and unreadable ones counted and skipped); the learner publishes a model every instance installs, and new extractions carry its version', async () => {
  const index = routeLogIndex(config);
  await es.indices.refresh({ index });
  const routed = new Set<string>();
  for (const hit of (await es.search({ index, size: 10_000, _source: false, query: { match_all: {} } })).hits.hits) routed.add(hit._id!);
  const modelTiers = new Set(['small', 'large']);
  const reachedTiers = firstExtractions.filter((e) => modelTiers.has(e.provenance.tier));
  assert.ok(reachedTiers.length >= 100, `${reachedTiers.length} records reached the model tiers`);
  assert.deepEqual(routed, new Set(reachedTiers.map((e) => e.record_id)), 'one route per record that reached a model tier');

  // Downstream finds every answer of the small tier wrong and every other right.
  const reg = registry();
  const feedbackSchema = await reg.getLatestSchemaId(`${feedbackTopic}-value`);
  const at = Date.now();
  const verdictOf = (e: Extraction, recordId = e.record_id) => ({
    record_id: recordId,
    verdict: e.provenance.tier === 'small' ? 'INCORRECT' : 'CORRECT',
    corrected_fields: null,
    field_errors: null,
    origin: 'downstream_validation',
    at,
  });
  const encode = async (value: ReturnType<typeof verdictOf>) => ({ key: value.record_id, value: await reg.encode(feedbackSchema, value) });
  const verdicts = await Promise.all(firstExtractions.map((e) => encode(verdictOf(e))));
  const duplicates = await Promise.all(reachedTiers.slice(0, 5).map((e) => encode(verdictOf(e))));
  const unknown = await Promise.all(['nobody-1', 'nobody-2', 'nobody-3'].map((id) => encode(verdictOf(reachedTiers[0]!, id))));
  const { id: looseSchema } = await reg.register(
    {
      type: SchemaType.AVRO,
      schema: JSON.stringify({
        type: 'record',
        name: 'LooseFeedback',
        namespace: 'test',
        fields: [
          { name: 'record_id', type: 'string' },
          { name: 'verdict', type: 'string' },
          { name: 'at', type: 'long' },
        ],
      }),
    },
    { subject: uniqueName('loose-feedback-value') },
  );
  const unreadable = [
    {
      key: reachedTiers[1]!.record_id,
      value: await reg.encode(looseSchema, { record_id: reachedTiers[1]!.record_id, verdict: 'MAYBE', at }),
    },
    { key: 'not-avro', value: Buffer.from('{"record_id": "x", "verdict": "CORRECT"}') },
  ];
  await produceRaw(feedbackTopic, [...verdicts, ...duplicates, ...unknown, ...unreadable]);

  const unroutedVerdicts = firstExtractions.length - reachedTiers.length;
  await until('every verdict is taken in', async () => {
    const c = await counts('routerExamples');
    return (c.skipped_unknown_record ?? 0) + (c.skipped_duplicate ?? 0) >= unroutedVerdicts + unknown.length + duplicates.length;
  });
  const examples = await counts('routerExamples');
  assert.equal(
    examples.skipped_unknown_record,
    unroutedVerdicts + unknown.length,
    'verdicts on records no tier answered, and on unknown ids',
  );
  assert.equal(examples.skipped_duplicate, duplicates.length);
  assert.equal((await counts('deadLetters')).INVALID_FEEDBACK, unreadable.length, 'an unknown verdict and an undecodable value');

  await es.indices.refresh({ index });
  const labelled = await es.search<{ verdict: { correct: boolean } }>({
    index,
    size: 10_000,
    query: { bool: { filter: [{ term: { teaches: true } }, { exists: { field: 'verdict.correct' } }] } },
  });
  const byId = new Map(labelled.hits.hits.map((h) => [h._id!, h._source!.verdict.correct]));
  assert.equal(byId.size, reachedTiers.length, 'every routed record is labelled, once');
  for (const e of reachedTiers) assert.equal(byId.get(e.record_id), e.provenance.tier !== 'small', e.record_id);

  // The small tier is always wrong: a model that starts records at the large tier beats the cascade.
  const learnt = await until('the learner published a model and the slot installed it', () => {
    const version = router.slot.version;
    return version?.startsWith(`${MODEL_NAME}-`) && version;
  });
  assert.ok((await counts('routerTrainings')).published! >= 1);
  const versions = await publishedVersions();
  assert.ok(versions.has(learnt), `${learnt} travelled on ${modelsTopic}`);

  await produceNarratives(second.map((g) => g.record));
  const secondIds = new Set(second.map((g) => g.record.record_id));
  const later = (await readExtractions(first.length + second.length)).filter((e) => secondIds.has(e.record_id));
  assert.equal(later.length, second.length);
  // A model learnt meanwhile from these records' own routes may have taken over for some of them.
  const laterVersions = new Set(later.map((e) => e.provenance.router_version));
  const learntSince = await publishedVersions();
  assert.ok(
    [...laterVersions].every((v) => v?.startsWith(`${MODEL_NAME}-`) && learntSince.has(v)),
    `new extractions carry a model the learner published: ${[...laterVersions].join(', ')}`,
  );
  const large = later.filter((e) => e.provenance.tier !== 'rules' && e.provenance.tier !== 'cache');
  assert.ok(
    large.filter((e) => e.provenance.tier === 'large').length > large.length / 2,
    'records the rules leave now mostly start at the large tier',
  );
});

test('an instance started later has the newest model installed by the time its reader has started', async () => {
  const newest = (await publishedModels())
    .filter((m) => m.name === MODEL_NAME && m.feature_names.every((name, i) => name === FEATURE_NAMES[i]))
    .sort((a, b) => a.trained_at - b.trained_at)
    .at(-1)!;
  const lateMetrics = createMetrics();
  const slot = createRouterSlot({ config, tierNames: ['small', 'large'], clock: systemClock, logger: testLogger, metrics: lateMetrics });
  const reader = new RouterModelReader({
    kafka,
    registry: registry(),
    topic: modelsTopic,
    groupId: modelReaderGroupId(config.kafka.groupId, 'late-instance'),
    name: MODEL_NAME,
    slot,
    clock: systemClock,
    logger: testLogger,
    metrics: lateMetrics,
  });
  try {
    await reader.start();
    assert.equal(slot.version, newest.version);
  } finally {
    await reader.stop();
  }
});
