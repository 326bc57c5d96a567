/**
 * `topics apply` against the real broker and registry: creates topics and subjects, a second run
 * changes nothing, and drift in a managed config is put back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Admin } from 'kafkajs';
import kafkajs from 'kafkajs';
import { createSchemaRegistry, registryRequest } from '#src/connect/registry.ts';
import { applyCatalogue } from '#src/topics/apply.ts';
import { type Catalogue, loadCatalogue } from '#src/topics/catalogue.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { requireServers, testConfig, testKafka, uniqueName } from '#test/support/servers.ts';

// A copy of the real catalogue under unique names, so the test owns its topics and subjects.
const prefix = uniqueName('apply');
const real = loadCatalogue();
const catalogue: Catalogue = {
  ...real,
  topics: real.topics.map((t) => ({ ...t, name: `${prefix}.${t.name}`, partitions: Math.min(t.partitions, 2) })),
};
let admin: Admin;

before(async () => {
  await requireServers('kafka', 'registry');
  admin = testKafka().admin();
  await admin.connect();
});

after(async () => {
  await admin?.deleteTopics({ topics: catalogue.topics.map((t) => t.name) }).catch(() => undefined);
  await admin?.disconnect();
});

const apply = () =>
  applyCatalogue({
    admin,
    registry: createSchemaRegistry(testConfig.registry),
    registryConfig: testConfig.registry,
    catalogue,
    schemas: loadSchemas(),
  });

test('the first apply creates every topic and registers every value schema; the second changes nothing', async () => {
  const first = await apply();
  assert.equal(first.conflicts, 0);
  for (const topic of catalogue.topics) {
    assert.ok(
      first.lines.includes(`topic ${topic.name}: created (${topic.partitions} partitions, ${topic.cleanupPolicy})`),
      first.lines.join('\n'),
    );
    assert.ok(
      first.lines.some((l) => l.startsWith(`subject ${topic.name}-value: registered`)),
      first.lines.join('\n'),
    );
    const config = await registryRequest(testConfig.registry, { method: 'GET', path: `/config/${topic.name}-value` });
    assert.equal((config.body as { compatibilityLevel: string }).compatibilityLevel, 'BACKWARD');
  }
  const second = await apply();
  assert.ok(
    second.lines.every((l) => l.endsWith(': unchanged') || / unchanged \(schema id \d+, BACKWARD\)$/.test(l)),
    second.lines.join('\n'),
  );
});

test('the router-model topic is compacted, and a drifted config is put back', async () => {
  const models = catalogue.topics.find((t) => t.name.endsWith('router.models.v1'))!;
  const describe = async () => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: models.name }],
    });
    return Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
  };
  assert.equal((await describe())['cleanup.policy'], 'compact');
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: kafkajs.ConfigResourceTypes.TOPIC,
        name: models.name,
        configEntries: [
          { name: 'cleanup.policy', value: 'delete' },
          { name: 'retention.ms', value: '-1' },
          { name: 'max.message.bytes', value: '2000000' },
        ],
      },
    ],
  });
  const report = await apply();
  assert.ok(report.lines.includes(`topic ${models.name}: cleanup.policy delete → compact`), report.lines.join('\n'));
  const after = await describe();
  assert.equal(after['cleanup.policy'], 'compact');
  assert.equal(after['max.message.bytes'], '2000000', 'a setting the catalogue does not own survives');
});

test('a schema change that breaks compatibility is refused with a clear error', async () => {
  const topic = catalogue.topics[0]!;
  const schemas = loadSchemas();
  const incompatible = structuredClone(schemas.schemas.get(topic.valueSchema)!) as { fields: unknown[] };
  incompatible.fields.push({ name: 'required_without_default', type: 'string', doc: 'breaks BACKWARD' });
  const changed = { ...schemas, schemas: new Map([...schemas.schemas, [topic.valueSchema, incompatible as Record<string, unknown>]]) };
  await assert.rejects(
    applyCatalogue({
      admin,
      registry: createSchemaRegistry(testConfig.registry),
      registryConfig: testConfig.registry,
      catalogue: { ...catalogue, topics: [topic] },
      schemas: changed,
    }),
    (error: Error & { code?: string }) => error.code === 'SCHEMA_INCOMPATIBLE' && /not BACKWARD-compatible/.test(error.message),
  );
});
