/**
 * `parsimony run` as an operator runs it: it joins the group, answers, reports ready, and on
 * SIGTERM drains, commits and leaves the group cleanly. Its topics are a deployment of their own
 * (a topic prefix), as a tenant's would be on a shared cluster.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { type Admin, Partitioners } from 'kafkajs';
import { deleteTemplateIndices } from '#src/cache/elasticsearch-index.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { deleteRouteLogIndex } from '#src/routing/elasticsearch-route-log.ts';
import { applyCatalogue } from '#src/topics/apply.ts';
import { loadCatalogue, topicByName, withTopicPrefix } from '#src/topics/catalogue.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { requireServers, testConfig, testElasticsearch, testKafka, uniqueName } from '#test/support/servers.ts';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const groupId = uniqueName('run-test');
const cacheIndex = uniqueName('run-test-templates');
const registry = createSchemaRegistry(testConfig.registry);
const catalogue = withTopicPrefix(loadCatalogue(), `${uniqueName('run-test')}.`);
const input = topicByName(catalogue, 'narratives.raw.v1').name;
const output = topicByName(catalogue, 'extractions.v1').name;
let admin: Admin;

before(async () => {
  await requireServers('kafka', 'registry', 'elasticsearch');
  admin = testKafka().admin();
  await admin.connect();
  await applyCatalogue({ admin, registry, registryConfig: testConfig.registry, catalogue, schemas: loadSchemas() });
});
after(async () => {
  await admin?.deleteTopics({ topics: catalogue.topics.map((t) => t.name) }).catch(() => {});
  await admin?.disconnect();
  const es = testElasticsearch();
  await deleteTemplateIndices(es, cacheIndex);
  await deleteRouteLogIndex(es, `${cacheIndex}-routes`);
  await es.close();
});

test('run answers, is ready, and on SIGTERM drains and leaves the group', async () => {
  const ids = [uniqueName('atm'), uniqueName('fee')];
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const schemaId = await registry.getLatestSchemaId(`${input}-value`);
  const base = {
    source_id: 'run-test',
    document_type: 'daily_statement',
    template_version: null,
    account_id: null,
    statement_date: '2026-11-05',
    locale: 'en-US',
    currency_hint: 'USD',
    source_updated_at: null,
    received_at: Date.now(),
  };
  await producer.send({
    topic: input,
    messages: [
      {
        key: ids[0],
        value: await registry.encode(schemaId, {
          ...base,
          record_id: ids[0],
          narrative: 'ATM WITHDRAWAL 7-ELEVEN 123 MAIN ST 11/04 -200.00',
        }),
      },
      {
        key: ids[1],
        value: await registry.encode(schemaId, { ...base, record_id: ids[1], narrative: 'MONTHLY SERVICE FEE 12.00 DR 10/30/2026' }),
      },
    ],
  });
  await producer.disconnect();

  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));
  const child = spawn(process.execPath, [cli, 'run'], {
    env: {
      ...clean,
      PARSIMONY_KAFKA_GROUP_ID: groupId,
      PARSIMONY_KAFKA_TOPIC_PREFIX: catalogue.prefix,
      PARSIMONY_CACHE_INDEX: cacheIndex,
      PARSIMONY_METRICS_PORT: '0',
      PARSIMONY_BATCH_MAX_WAIT_MS: '50',
      PARSIMONY_DRAIN_TIMEOUT_MS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stderr.on('data', (chunk) => {
    logs += chunk;
  });
  const exited = once(child, 'exit');
  try {
    const metricsUrl = await waitFor(
      () => /"metrics":"(http:[^"]+)\/metrics"/.exec(logs)?.[1],
      30_000,
      () => logs,
    );
    const extractions = await waitFor(
      async () => {
        const seen = await readIds(ids);
        return seen.length === ids.length ? seen : undefined;
      },
      60_000,
      () => logs,
    );
    assert.deepEqual(extractions.sort(), [...ids].sort());
    assert.deepEqual(await (await fetch(`${metricsUrl}/readyz`)).json(), { ok: true, reason: 'a member of the group, producing' });
    assert.deepEqual(await (await fetch(`${metricsUrl}/healthz`)).json(), { ok: true, reason: 'alive' });
    const answered = /parsimony_records_total\{tier="rules",status="OK"\} (\d+)/.exec(await (await fetch(`${metricsUrl}/metrics`)).text());
    assert.ok(Number(answered?.[1]) >= 2, 'the rules tier answered both, and it shows on /metrics');
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await exited;
  assert.equal(code, 0, logs);
  assert.match(logs, /SIGTERM: draining and leaving the group/);
  assert.match(logs, /parsimony stopped/);
  const { groups } = await admin.describeGroups([groupId]);
  assert.equal(groups[0]!.members.length, 0, 'the group was left cleanly');
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
  const ends = await admin.fetchTopicOffsets(input);
  for (const p of offsets!.partitions) {
    const high = ends.find((e) => e.partition === p.partition)!.high;
    if (high !== '0') assert.equal(p.offset, high, `partition ${p.partition}: everything taken in was committed`);
  }
});

/** The ids among `wanted` that are on the extractions topic (read_committed). */
async function readIds(wanted: string[]): Promise<string[]> {
  const consumer = testKafka().consumer({ groupId: uniqueName('run-reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: output, fromBeginning: true });
  const found = new Set<string>();
  const ends = await admin.fetchTopicOffsets(output);
  let remaining = ends.filter((e) => Number(e.high) > 0).length;
  await new Promise<void>((resolve) => {
    if (remaining === 0) return resolve();
    const timer = setTimeout(resolve, 5_000);
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) if (wanted.includes(m.key!.toString())) found.add(m.key!.toString());
        if (Number(batch.lastOffset()) + 1 >= Number(ends.find((e) => e.partition === batch.partition)!.high)) remaining -= 1;
        if (remaining <= 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return [...found];
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, context: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; service log:\n${context()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
