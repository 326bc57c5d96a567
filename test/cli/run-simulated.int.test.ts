/**
 * `parsimony run` with no provider key, on the real broker and registry: with `--simulate` it
 * starts the provider simulator in process, with `--simulator-url` it uses one `parsimony
 * simulator` serves; either way every model answer on extractions.v1 is the truth's and says
 * "simulated": true.
 */
import assert from 'node:assert/strict';
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { Partitioners } from 'kafkajs';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import type { ExtractedFields, Extraction } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { narrativeLine } from '#src/dev/generator/jsonl.ts';
import { applyCatalogue } from '#src/topics/apply.ts';
import { loadCatalogue } from '#src/topics/catalogue.ts';
import { loadSchemas } from '#src/topics/schemas.ts';
import { requireServers, testConfig, testElasticsearch, testKafka, uniqueName } from '#test/support/servers.ts';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parsimony-run-simulated-'));
const registry = createSchemaRegistry(testConfig.registry);
// The deferred lane's journal of its own: the default index is a deployment's.
const journalIndex = uniqueName('run-simulated-batches');
const noKeys = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));

before(async () => {
  await requireServers('kafka', 'registry', 'elasticsearch');
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await applyCatalogue({ admin, registry, registryConfig: testConfig.registry, catalogue: loadCatalogue(), schemas: loadSchemas() });
  } finally {
    await admin.disconnect();
  }
});
after(async () => {
  const es = testElasticsearch();
  await es.indices.delete({ index: journalIndex, ignore_unavailable: true }).catch(() => undefined);
  await es.close();
});

type Batch = { records: string; truth: string; fields: Map<string, ExtractedFields> };

/** Generated narratives under fresh record ids: their two files on disk, the records on narratives.raw.v1. */
async function produceBatch(name: string, count: number, seed: number): Promise<Batch> {
  const prefix = uniqueName(name);
  const labelled = [...generate({ count, seed })].map(({ record, fields }) => ({
    record: { ...record, record_id: `${prefix}-${record.record_id}` },
    fields,
  }));
  const batch: Batch = {
    records: join(dir, `${name}.jsonl`),
    truth: join(dir, `${name}.truth.jsonl`),
    fields: new Map(labelled.map(({ record, fields }) => [record.record_id, fields])),
  };
  writeFileSync(batch.records, labelled.map(({ record }) => `${narrativeLine(record)}\n`).join(''));
  writeFileSync(batch.truth, labelled.map(({ record, fields }) => `${JSON.stringify({ record_id: record.record_id, fields })}\n`).join(''));

  const schemaId = await registry.getLatestSchemaId('narratives.raw.v1-value');
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic: 'narratives.raw.v1',
      messages: await Promise.all(
        labelled.map(async ({ record }) => ({
          key: record.record_id,
          value: await registry.encode(schemaId, JSON.parse(narrativeLine(record))),
        })),
      ),
    });
  } finally {
    await producer.disconnect();
  }
  return batch;
}

/** Runs `parsimony run` until every record of the batch is on extractions.v1, then stops it with SIGTERM. */
async function runUntilExtracted(
  args: string[],
  batch: Batch,
  env: Record<string, string> = {},
): Promise<{ extractions: Extraction[]; logs: string }> {
  // Decoded once the service stopped: a handler awaiting the registry is one the reader's
  // disconnect must wait for.
  const found = new Map<string, Buffer>();
  const reader = testKafka().consumer({ groupId: uniqueName('run-simulated-reader'), maxWaitTimeInMs: 100 });
  await reader.connect();
  await reader.subscribe({ topic: 'extractions.v1', fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const id = message.key?.toString();
      if (id && batch.fields.has(id) && message.value) found.set(id, message.value);
    },
  });
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [cli, 'run', ...args], {
    env: {
      ...noKeys(),
      PARSIMONY_KAFKA_GROUP_ID: uniqueName('run-simulated'),
      PARSIMONY_CACHE_ENABLED: 'false',
      // The route log and the models of the learned router are another test's (learned-router-service).
      PARSIMONY_ROUTER_POLICY: 'cascade',
      PARSIMONY_METRICS_PORT: '0',
      PARSIMONY_BATCH_MAX_WAIT_MS: '50',
      PARSIMONY_DRAIN_TIMEOUT_MS: '10000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (chunk) => {
    logs += chunk;
  });
  child.stderr.on('data', (chunk) => {
    logs += chunk;
  });
  const exited = once(child, 'exit');
  try {
    const deadline = Date.now() + 25_000;
    while (found.size < batch.fields.size) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`${found.size} of ${batch.fields.size} extracted; service log:\n${logs}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill('SIGTERM');
    await reader.disconnect();
  }
  // A service that does not stop on SIGTERM fails here with its log, instead of holding the test to its timeout.
  const stopped = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(resolve, STOP_WITHIN_MS, null).unref())]);
  if (stopped === null) {
    child.kill('SIGKILL');
    assert.fail(`the service did not stop within ${STOP_WITHIN_MS / 1000} s of SIGTERM; its log:\n${logs}`);
  }
  const [code] = stopped;
  assert.equal(code, 0, logs);
  const extractions = await Promise.all([...found.values()].map(async (value) => (await registry.decode(value)) as Extraction));
  return { extractions, logs };
}

/** The drain timeout the service is started with (10 s) and time to close its clients. */
const STOP_WITHIN_MS = 30_000;

/** Every model answer came from the simulator, says so, and is the truth's for most records. */
function assertSimulated(extractions: Extraction[], batch: Batch): void {
  const answered = extractions.filter((e) => e.provenance.provider !== null);
  assert.ok(answered.length >= 5, `only ${answered.length} model answers`);
  for (const e of extractions) assert.equal(e.provenance.simulated, e.provenance.provider !== null, JSON.stringify(e.provenance));
  const right = answered.filter((e) => JSON.stringify(e.fields) === JSON.stringify(batch.fields.get(e.record_id)));
  assert.ok(right.length >= answered.length * 0.8, `${right.length} of ${answered.length} model answers are the truth's`);
}

test('run --simulate TRUTH --records NARRATIVES: the simulator in process answers, every answer says simulated', async () => {
  const batch = await produceBatch('run-simulate', 30, 11);
  const { extractions, logs } = await runUntilExtracted(['--simulate', batch.truth, '--records', batch.records], batch);
  assertSimulated(extractions, batch);
  assert.match(logs, /"simulator":"http:\/\/127\.0\.0\.1:\d+"/);
  assert.match(logs, /the in-process simulator billed.*gpt-6-luna: \d+ calls/);
});

test('run --simulator-url: a simulator `parsimony simulator` serves answers, every answer says simulated', async () => {
  const batch = await produceBatch('run-simulator-url', 30, 12);
  const server = spawn(
    process.execPath,
    [cli, 'simulator', '--truth', batch.truth, '--records', batch.records, '--port', '0', '--time-scale', '0'],
    { env: noKeys(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const serverExited = once(server, 'exit');
  try {
    let printed = '';
    server.stdout.on('data', (chunk) => {
      printed += chunk;
    });
    const deadline = Date.now() + 15_000;
    while (!/^listening +(http:\/\/\S+)/m.test(printed) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const url = /^listening +(http:\/\/\S+)/m.exec(printed)?.[1];
    assert.ok(url, `the simulator printed no address:\n${printed}`);

    const { extractions, logs } = await runUntilExtracted(['--simulator-url', url], batch);
    assertSimulated(extractions, batch);
    assert.match(logs, new RegExp(`"simulator":"${url}"`));
    const billed = (await (await fetch(`${url}/_simulator/billed`)).json()) as { billed: Record<string, { calls: number }> };
    assert.ok(
      Object.values(billed.billed).some((b) => b.calls > 0),
      'the service called the simulator it was pointed at',
    );
  } finally {
    server.kill('SIGTERM');
    await serverExited;
  }
});

test('run with latency budgets: statements wait for the Batch APIs on the deferred topic, card feeds are answered in real time', async () => {
  const batch = await produceBatch('run-deferred', 60, 13);
  const { extractions, logs } = await runUntilExtracted(['--simulate', batch.truth, '--records', batch.records], batch, {
    PARSIMONY_LATENCY_BUDGETS: JSON.stringify([{ documentType: 'daily_statement', maxLatency: '24h' }]),
    PARSIMONY_BATCH_API_WINDOW_MAX_AGE: '1s',
    PARSIMONY_BATCH_JOURNAL_INDEX: journalIndex,
  });
  assertSimulated(extractions, batch);
  assert.match(logs, /"deferredLane":"narratives\.deferred\.v1 through the Batch APIs"/);
  const documentType = new Map(
    readFileSync(batch.records, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { record_id: string; document_type: string })
      .map((r) => [r.record_id, r.document_type]),
  );
  const byModel = extractions.filter((e) => e.provenance.provider !== null);
  const statements = byModel.filter((e) => documentType.get(e.record_id) === 'daily_statement');
  const others = byModel.filter((e) => documentType.get(e.record_id) !== 'daily_statement');
  assert.ok(statements.length > 0 && others.length > 0, `${statements.length} statements, ${others.length} others answered by a model`);
  assert.ok(
    statements.every((e) => e.provenance.batch_api),
    'every statement a model answered went through a batch',
  );
  assert.ok(
    others.every((e) => !e.provenance.batch_api),
    'the rest in real time',
  );
});

test('run refuses --simulate without --records, and a --simulator-url where no simulator serves', async () => {
  const usage = spawn(process.execPath, [cli, 'run', '--simulate', 'examples/truth.jsonl'], { env: noKeys(), stdio: 'ignore' });
  assert.equal((await once(usage, 'exit'))[0], 2);
  const nowhere = spawn(process.execPath, [cli, 'run', '--simulator-url', 'http://127.0.0.1:9'], {
    env: noKeys(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  nowhere.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  assert.equal((await once(nowhere, 'exit'))[0], 1);
  assert.match(stderr, /no provider simulator answers at http:\/\/127\.0\.0\.1:9/);
});
