/**
 * `parsimony replay` on the real broker and Elasticsearch, the simulator in process as every
 * provider: a range replays through the Batch APIs under its own group and stops at its end; the
 * dry-run of the next range estimates what replaying it costs within 15 %, spending nothing; a
 * replay stopped with Ctrl-C resumes where it stopped, and neither the resumed run nor a rerun of a
 * finished range writes any record twice.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Admin, Partitioners } from 'kafkajs';
import { deleteTemplateIndices } from '#src/cache/elasticsearch-index.ts';
import type { Extraction } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { narrativeLine } from '#src/dev/generator/jsonl.ts';
import { readTopic } from '#test/support/kafka.ts';
import { requireServers, testElasticsearch, testKafka, uniqueName } from '#test/support/servers.ts';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parsimony-replay-'));
const topics = { input: uniqueName('replay.in'), output: uniqueName('replay.out'), dlq: uniqueName('replay.dlq') };
const cacheIndex = uniqueName('replay-templates');
const groupBase = uniqueName('replay');
const noKeys = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));
const PER_RANGE = 1_200;
const generated = [...generate({ count: 3 * PER_RANGE, seed: 31 })];
const ranges = [generated.slice(0, PER_RANGE), generated.slice(PER_RANGE, 2 * PER_RANGE), generated.slice(2 * PER_RANGE)];
/** When each range's first record was produced (epoch ms): the bounds of the replays. */
const startsAt: number[] = [];
let admin: Admin;

before(async () => {
  await requireServers('kafka', 'registry', 'elasticsearch');
  admin = testKafka().admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
  });
  writeFileSync(join(dir, 'records.jsonl'), generated.map((g) => `${narrativeLine(g.record)}\n`).join(''));
  writeFileSync(
    join(dir, 'truth.jsonl'),
    generated.map((g) => `${JSON.stringify({ record_id: g.record.record_id, fields: g.fields })}\n`).join(''),
  );
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const range of ranges) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    startsAt.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await producer.send({ topic: topics.input, messages: range.map((g) => ({ key: g.record.record_id, value: narrativeLine(g.record) })) });
  }
  await producer.disconnect();
});

after(async () => {
  await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin?.disconnect();
  await deleteTemplateIndices(testElasticsearch(), cacheIndex).catch(() => undefined);
});

type Replayed = { code: number | null; stdout: string; stderr: string };

function replay(args: string[], options: { interruptWhen?: () => Promise<boolean>; env?: Record<string, string> } = {}): Promise<Replayed> {
  const child = spawn(
    process.execPath,
    [
      cli,
      'replay',
      '--source-topic',
      topics.input,
      '--output-topic',
      topics.output,
      '--dead-letter-topic',
      topics.dlq,
      '--simulate',
      join(dir, 'truth.jsonl'),
      '--records',
      join(dir, 'records.jsonl'),
      ...args,
    ],
    {
      env: {
        ...noKeys(),
        PARSIMONY_KAFKA_GROUP_ID: groupBase,
        PARSIMONY_INPUT_FORMAT: 'json',
        PARSIMONY_OUTPUT_FORMAT: 'json',
        PARSIMONY_CACHE_INDEX: cacheIndex,
        // The learned router's models and route log are another test's.
        PARSIMONY_ROUTER_POLICY: 'cascade',
        PARSIMONY_LOG_LEVEL: 'warn',
        // The estimate is under test, not the node's latency: a lookup slowed by a busy machine must
        // not send the replay's records past the cache the dry-run counted on.
        PARSIMONY_ELASTICSEARCH_REQUEST_TIMEOUT_MS: '15000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit');
  const watch = options.interruptWhen;
  if (watch)
    void (async () => {
      while (child.exitCode === null) {
        if (await watch()) {
          child.kill('SIGINT');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
  return exited.then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

/**
 * What the output topic holds, read as a downstream consumer would: once `atLeast` extractions
 * arrived, reading goes on until nothing more came for a while, so one written past the
 * expectation is counted too.
 */
async function outputs(atLeast: number, quietMs = 1_500): Promise<Extraction[]> {
  const messages = await readTopic(testKafka(), {
    topic: topics.output,
    groupId: uniqueName('replay-read'),
    complete: (read) => read.length >= atLeast,
    quietMs,
    timeoutMs: 60_000,
  });
  return messages.map(({ message }) => JSON.parse(String(message.value)) as Extraction);
}

const idsOf = (range: typeof generated) => new Set(range.map((g) => g.record.record_id));
const usdOf = (extractions: Extraction[], ids: Set<string>) =>
  extractions.filter((e) => ids.has(e.record_id)).reduce((sum, e) => sum + Number(e.cost.usd), 0);

test('a range replays through the Batch APIs and stops at its end; a dry-run of the next estimates its cost within 15 %', async (t) => {
  const first = await replay(['--from', String(new Date(startsAt[0]!).toISOString()), '--to', `${startsAt[1]}ms`]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`replayed ${PER_RANGE} records`));
  let written = await outputs(PER_RANGE);
  assert.equal(written.length, PER_RANGE, 'the range, and nothing past its end');
  assert.ok(
    written.some((e) => e.provenance.batch_api),
    'model answers came through the Batch APIs',
  );

  const secondRange = ['--from', `${startsAt[1]}ms`, '--to', `${startsAt[2]}ms`];
  const dry = await replay([...secondRange, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /spent +nothing/);
  assert.match(dry.stdout, new RegExp(`range +${PER_RANGE.toLocaleString('en')} records`));
  const estimated = Number(/USD +\$([\d.]+) through the Batch APIs/.exec(dry.stdout)?.[1]);
  assert.equal((await outputs(PER_RANGE)).length, PER_RANGE, 'a dry-run writes nothing');

  const second = await replay(secondRange);
  assert.equal(second.code, 0, second.stderr);
  written = await outputs(2 * PER_RANGE);
  const actual = usdOf(written, idsOf(ranges[1]!));
  t.diagnostic(
    `dry-run estimate $${estimated}, the replay cost $${actual.toFixed(6)} (${((100 * (estimated - actual)) / actual).toFixed(1)} %)`,
  );
  assert.ok(Math.abs(estimated - actual) <= 0.15 * actual, `estimated $${estimated}, the replay cost $${actual.toFixed(6)}\n${dry.stdout}`);

  const again = await replay(secondRange);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /nothing left to replay/);
  assert.equal((await outputs(2 * PER_RANGE)).length, 2 * PER_RANGE, 'a rerun writes nothing again');
});

test('a replay stopped with Ctrl-C resumes where it stopped, and no record is written twice', async () => {
  const thirdRange = ['--from', `${startsAt[2]}ms`];
  const before = 2 * PER_RANGE;
  // Windows of 300 records: the stop comes while most of the range is still to do.
  const small = { PARSIMONY_MAX_IN_FLIGHT_RECORDS: '300' };
  const stopped = await replay(thirdRange, { env: small, interruptWhen: async () => (await outputs(before + 1, 0)).length > before });
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /replay stopped at \d+ of \d+ records.*run the same command to resume/);
  const partial = (await outputs(before + 1)).length - before;
  assert.ok(partial > 0 && partial < PER_RANGE, `${partial} written before the stop`);

  const resumed = await replay(thirdRange, { env: small });
  assert.equal(resumed.code, 0, resumed.stderr);
  const written = await outputs(3 * PER_RANGE);
  const third = written.filter((e) => idsOf(ranges[2]!).has(e.record_id));
  assert.equal(new Set(third.map((e) => e.record_id)).size, PER_RANGE, 'every record of the range');
  assert.equal(third.length, PER_RANGE, 'none twice');
});
