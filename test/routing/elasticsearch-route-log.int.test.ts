/**
 * The Elasticsearch route log against the real node: the port's conformance suite, the mapping it
 * creates behind its alias (only what is queried is indexed), refusing an index it did not make,
 * making a deleted index again (never letting a write create one with a guessed mapping), reading
 * a training window across pages, deleting expired entries at most once an hour, and failing fast
 * with ELASTICSEARCH_UNREACHABLE when the node is down.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@elastic/elasticsearch';
import { manualClock, systemClock } from '#src/common/clock.ts';
import { isParsimonyError, type ParsimonyError } from '#src/common/errors.ts';
import {
  deleteRouteLogIndex,
  ElasticsearchRouteLog,
  type ElasticsearchRouteLogOptions,
  ROUTE_RETENTION_MS,
  routeLogMappings,
  SWEEP_INTERVAL_MS,
} from '#src/routing/elasticsearch-route-log.ts';
import { trainingEntryOf } from '#src/routing/examples.ts';
import { requireServers, testElasticsearch, uniqueName } from '#test/support/servers.ts';
import { routeEntry, routeLogConformance } from './route-log-conformance.ts';
import { WRONG } from './synthetic-routes.ts';

let client: Client;
const created: string[] = [];

before(async () => {
  await requireServers('elasticsearch');
  client = testElasticsearch();
});
after(async () => {
  await Promise.all(created.map((index) => deleteRouteLogIndex(client, index)));
  await client?.close();
});

function options(index: string, changes: Partial<ElasticsearchRouteLogOptions> = {}): ElasticsearchRouteLogOptions {
  return { client, index, requestTimeoutMs: 30_000, refresh: 'wait_for', clock: systemClock, ...changes };
}

function freshIndex(): string {
  const index = uniqueName('test-routes');
  created.push(index);
  return index;
}

routeLogConformance('ElasticsearchRouteLog', async () => {
  const index = uniqueName('test-routes');
  // Time stands at the epoch, so no entry the suite makes is past the retention (tested below);
  // writes do not wait for a refresh, so the suite shows the training read sees them all the same.
  const log = await ElasticsearchRouteLog.open(options(index, { clock: manualClock(0), refresh: false }));
  return {
    log,
    cleanup: async () => {
      await log.close();
      await deleteRouteLogIndex(client, index);
    },
  };
});

const unreachable = (e: unknown) => isParsimonyError(e) && e.code === 'ELASTICSEARCH_UNREACHABLE' && e.retryable;
const configInvalid = (pattern: RegExp) => (e: unknown) =>
  (e as ParsimonyError).code === 'CONFIG_INVALID' && pattern.test((e as Error).message);

test('the index is made behind its alias with a strict mapping: features and answers kept in the source, not indexed', async () => {
  const index = freshIndex();
  await ElasticsearchRouteLog.open(options(index));
  const answer = await client.indices.get({ index, features: ['aliases', 'mappings', 'settings'] });
  assert.deepEqual(Object.keys(answer), [`${index}-v1`]);
  const state = answer[`${index}-v1`]!;
  assert.deepEqual(Object.keys(state.aliases ?? {}), [index]);
  const mapping = state.mappings!;
  assert.equal(mapping.dynamic, 'strict');
  assert.deepEqual(mapping._meta, { parsimony: { kind: 'routes', mappingVersion: 1 } });
  const props = mapping.properties as Record<string, Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> }>;
  assert.deepEqual(props.teaches, { type: 'boolean' });
  assert.deepEqual(props.at, { type: 'date', format: 'epoch_millis' });
  for (const field of ['record_id', 'source_id', 'router_version']) assert.deepEqual(props[field], { type: 'keyword' }, field);
  for (const field of ['features', 'attempts']) assert.deepEqual(props[field], { type: 'object', enabled: false }, field);
  assert.deepEqual(props.final!.properties!.fields, { type: 'object', enabled: false });
  assert.deepEqual(props.verdict!.properties!.corrected_fields, { type: 'object', enabled: false });
  assert.equal(state.settings!.index!.number_of_replicas, '0');
  // Opening again finds it and leaves it as it is.
  await ElasticsearchRouteLog.open(options(index));
});

test('an index it did not make, of another kind, or a concrete index of the name is refused at open and never written to', async () => {
  const foreign = freshIndex();
  await client.index({ index: foreign, id: 'x', document: routeEntry(1), refresh: 'wait_for' });
  await assert.rejects(
    ElasticsearchRouteLog.open(options(foreign)),
    configInvalid(/concrete index; the route log writes only through an alias/),
  );
  const orphan = freshIndex();
  await client.indices.create({ index: `${orphan}-v1`, mappings: { properties: { record_id: { type: 'text' } } } });
  await assert.rejects(
    ElasticsearchRouteLog.open(options(orphan)),
    configInvalid(new RegExp(`index "${orphan}-v1" has no _meta.parsimony stamp.*DELETE /${orphan}-v1`)),
  );
  assert.equal(await client.indices.existsAlias({ name: orphan }), false, 'no alias to an index that was refused');
  const templates = freshIndex();
  await client.indices.create({
    index: `${templates}-v1`,
    aliases: { [templates]: {} },
    mappings: { _meta: { parsimony: { kind: 'templates', mappingVersion: 1 } } },
  });
  await assert.rejects(ElasticsearchRouteLog.open(options(templates)), configInvalid(/is a templates index, not a route log/));
  const newer = freshIndex();
  await client.indices.create({
    index: `${newer}-v1`,
    aliases: { [newer]: {} },
    mappings: { _meta: { parsimony: { kind: 'routes', mappingVersion: 9 } } },
  });
  await assert.rejects(ElasticsearchRouteLog.open(options(newer)), configInvalid(/mapping version 9, written by a newer build/));
  assert.equal((await client.count({ index: foreign })).count, 1, 'nothing of ours was written into it');
});

/** Retries `check` until it passes: the log makes a missing index again in the background. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

test('a write after the index was deleted is refused, not let create one with a guessed mapping; the log makes it again', async () => {
  const index = freshIndex();
  const log = await ElasticsearchRouteLog.open(options(index));
  await log.record([routeEntry(1)]);
  await deleteRouteLogIndex(client, index);

  await assert.rejects(
    log.record([routeEntry(2)]),
    (e) => unreachable(e) && /index is missing, and is being re-created/.test((e as Error).message),
  );
  await assert.rejects(log.label(new Map([['route-1', { correct: true, corrected_fields: null, at: 1 }]])), unreachable);
  const now = await client.indices.get({ index, ignore_unavailable: true, allow_no_indices: true, features: ['aliases'] });
  for (const concrete of Object.keys(now)) assert.equal(concrete, `${index}-v1`, `"${index}" leads to ${concrete}`);

  assert.equal((await eventually(() => log.find(['route-1', 'route-2']))).size, 0, 'the refused writes are nowhere');
  const mapping = (await client.indices.getMapping({ index }))[`${index}-v1`]!.mappings;
  assert.deepEqual(mapping._meta, { parsimony: { kind: 'routes', mappingVersion: 1 } });
  await log.record([routeEntry(3, { attempts: 2 })]);
  assert.deepEqual(
    (await log.labelled(5)).map((e) => e.record_id),
    ['route-3'],
  );
  await log.close();
});

test('an entry kept without its label basis (an earlier build, a correction not yet flagged) is read whole and labelled the same', async () => {
  const index = freshIndex();
  // Time stands at the epoch: no sweep deletes the entries meanwhile.
  const log = await ElasticsearchRouteLog.open(options(index, { clock: manualClock(0) }));
  const plain = { ...routeEntry(1, { attempts: 2 }), verdict: { correct: false, corrected_fields: WRONG, at: 50 } };
  const flagged = routeEntry(2, { attempts: 2 });
  await log.record([flagged]);
  // As a build before label bases wrote it.
  await client.index({ index, id: plain.record_id, document: { ...plain, teaches: true }, refresh: 'wait_for' });
  assert.deepEqual(await log.labelled(10), [flagged, plain].sort((a, b) => b.at - a.at).map(trainingEntryOf));
  await log.close();
});

test('an index made before label bases gets the field at open, and the entries written after carry it', async () => {
  const index = freshIndex();
  const { labelling: _added, ...earlier } = routeLogMappings().properties!;
  await client.indices.create({ index: `${index}-v1`, mappings: { ...routeLogMappings(), properties: earlier }, aliases: { [index]: {} } });
  const log = await ElasticsearchRouteLog.open(options(index, { clock: manualClock(0) }));
  await log.record([routeEntry(1, { attempts: 2 })]);
  await log.label(new Map([['route-1', { correct: false, corrected_fields: WRONG, at: 9 }]]));
  const kept = (await client.get<{ labelling?: unknown }>({ index, id: 'route-1' }))._source!;
  assert.deepEqual(kept.labelling, { agrees: [true, true], verdictAt: 9, corrected: [false, false] });
  await log.close();
});

test('a training window larger than a page is read whole, newest first, with no entry twice', async () => {
  const index = freshIndex();
  const log = await ElasticsearchRouteLog.open(options(index, { pageSize: 7 }));
  // Windows of five share their `at`, so pages break inside ties.
  const entries = Array.from({ length: 40 }, (_, i) => routeEntry(i, { at: 1_000 + Math.floor(i / 5), attempts: i % 4 === 0 ? 1 : 2 }));
  await log.record(entries);
  const expected = entries
    .filter((_, i) => i % 4 !== 0)
    .sort((a, b) => b.at - a.at || (a.record_id < b.record_id ? -1 : 1))
    .map((e) => e.record_id);
  assert.deepEqual(
    (await log.labelled(1_000)).map((e) => e.record_id),
    expected,
  );
  assert.deepEqual(
    (await log.labelled(16)).map((e) => e.record_id),
    expected.slice(0, 16),
  );
  await log.close();
});

test('entries past the retention are deleted by a sweep that a write starts at most once an hour', async () => {
  const index = freshIndex();
  const now = 1_800_000_000_000;
  const clock = manualClock(now);
  const log = await ElasticsearchRouteLog.open(options(index, { clock, pageSize: 3 }));
  const day = 24 * 3_600_000;
  const old = (i: number, age: number) => routeEntry(i, { at: now - age, attempts: 2 });
  await log.record([old(1, ROUTE_RETENTION_MS + day), old(2, ROUTE_RETENTION_MS + 2 * day), old(3, day), old(4, ROUTE_RETENTION_MS + 1)]);
  await log.close(); // waits for the sweep the first write started
  const ids = ['route-1', 'route-2', 'route-3', 'route-4', 'route-5', 'route-6', 'route-7', 'route-8', 'route-9'];
  assert.deepEqual([...(await log.find(ids)).keys()], ['route-3']);

  // Within the hour, a write starts no sweep: the expired entries stay.
  const expired = [5, 6, 7, 8, 9].map((i) => old(i, ROUTE_RETENTION_MS + i));
  clock.advance(SWEEP_INTERVAL_MS - 1);
  await log.record(expired);
  await log.close();
  assert.equal((await log.find(ids)).size, 6);
  clock.advance(1);
  await log.record([old(10, day)]);
  await log.close();
  assert.deepEqual([...(await log.find([...ids, 'route-10'])).keys()], ['route-3', 'route-10']);
});

test('a node that is down fails within the timeout, with ELASTICSEARCH_UNREACHABLE', async () => {
  const dead = new Client({ node: 'http://127.0.0.1:1', maxRetries: 0 });
  try {
    const started = performance.now();
    await assert.rejects(
      ElasticsearchRouteLog.open(options('unreachable-routes', { client: dead, requestTimeoutMs: 500, setupTimeoutMs: 500 })),
      unreachable,
    );
    assert.ok(performance.now() - started < 1_000);
  } finally {
    await dead.close();
  }
});
