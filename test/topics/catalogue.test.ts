import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalogue, parseCatalogue, topicByName, withTopicPrefix } from '#src/topics/catalogue.ts';
import { loadSchemas } from '#src/topics/schemas.ts';

test('the shipped catalogue is valid and each topic names a shipped schema', () => {
  const catalogue = loadCatalogue();
  const { schemas } = loadSchemas();
  assert.deepEqual(catalogue.topics.map((t) => t.name).sort(), [
    'extractions.feedback.v1',
    'extractions.v1',
    'narratives.deferred.v1',
    'narratives.dlq.v1',
    'narratives.raw.v1',
    'router.models.v1',
  ]);
  for (const topic of catalogue.topics) assert.ok(schemas.has(topic.valueSchema), `${topic.name} → ${topic.valueSchema}`);
  assert.equal(catalogue.topics.find((t) => t.name === 'router.models.v1')?.cleanupPolicy, 'compact');
});

test('every problem of a bad catalogue is listed with its topic', () => {
  assert.throws(
    () =>
      parseCatalogue(
        {
          compatibility: 'SOMETIMES',
          topics: [
            { name: 'a b', doc: 'x', partitions: 0, cleanupPolicy: 'delete', retentionMs: 1, key: 'string', valueSchema: 'X' },
            { name: 'ok', doc: 'x', partitions: 1, cleanupPolicy: 'keep', retentionMs: 0, key: 'avro', valueSchema: 'X' },
            { name: 'ok', doc: 'x', partitions: 1, cleanupPolicy: 'delete', retentionMs: 1, key: 'string', valueSchema: 'X' },
          ],
        },
        'test',
      ),
    (error: Error) => {
      for (const expected of [
        /compatibility: expected one of/,
        /topics\[0\] \(a b\)\.name: expected a Kafka topic name/,
        /topics\[0\] \(a b\)\.partitions/,
        /topics\[1\] \(ok\)\.cleanupPolicy/,
        /topics\[1\] \(ok\)\.retentionMs/,
        /topics\[1\] \(ok\)\.key/,
        /topics\[2\] \(ok\)\.name: listed twice/,
      ])
        assert.match(error.message, expected);
      return true;
    },
  );
});

test('a dead-letter topic keeps records no longer than the input topic whose bytes it copies', () => {
  const catalogue = loadCatalogue();
  const retention = (schema: string) => catalogue.topics.find((t) => t.valueSchema === schema)!.retentionMs;
  assert.ok(retention('DeadLetter') <= retention('TransactionNarrative'));
  const topic = (name: string, valueSchema: string, retentionMs: number) => ({
    name,
    doc: 'x',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs,
    key: 'string',
    valueSchema,
  });
  const day = 86_400_000;
  const ok = { compatibility: 'BACKWARD', topics: [topic('in', 'TransactionNarrative', 7 * day), topic('dlq', 'DeadLetter', 7 * day)] };
  assert.doesNotThrow(() => parseCatalogue(ok, 'test'));
  for (const dlqRetention of [30 * day, -1]) {
    const longer = { ...ok, topics: [ok.topics[0], topic('dlq', 'DeadLetter', dlqRetention)] };
    assert.throws(
      () => parseCatalogue(longer, 'test'),
      /dlq\.retentionMs: a dead-letter topic keeps records no longer than its input topic \(604800000 ms\)/,
    );
  }
});

test('a topic prefix names every topic of a deployment; lookups keep the catalogue names', () => {
  const plain = loadCatalogue();
  const tenant = withTopicPrefix(plain, 'acme.prod.');
  assert.ok(tenant.topics.every((t) => t.name.startsWith('acme.prod.')));
  assert.equal(topicByName(tenant, 'narratives.raw.v1').name, 'acme.prod.narratives.raw.v1');
  assert.equal(topicByName(tenant, 'narratives.raw.v1').partitions, topicByName(plain, 'narratives.raw.v1').partitions);
  assert.equal(withTopicPrefix(plain, ''), plain);
  assert.throws(() => topicByName(tenant, 'acme.prod.narratives.raw.v1'), /not in the catalogue/);
  assert.throws(() => withTopicPrefix(plain, 'x'.repeat(240)), /not Kafka topic names/);
});
