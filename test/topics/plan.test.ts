import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopicSpec } from '#src/topics/catalogue.ts';
import { planTopics } from '#src/topics/plan.ts';

const raw: TopicSpec = {
  name: 'narratives.raw.v1',
  doc: 'in',
  partitions: 6,
  cleanupPolicy: 'delete',
  retentionMs: 1000,
  key: 'string',
  valueSchema: 'TransactionNarrative',
};
const models: TopicSpec = {
  ...raw,
  name: 'router.models.v1',
  partitions: 1,
  cleanupPolicy: 'compact',
  retentionMs: -1,
  valueSchema: 'RouterModel',
};
const matching = { 'cleanup.policy': 'delete', 'retention.ms': '1000', 'segment.ms': '1' };

test('missing topics are created with replication capped by the brokers there are', () => {
  const actions = planTopics({ topics: [raw, models], existing: new Map(), brokerCount: 1 });
  assert.deepEqual(
    actions.map((a) => [a.kind, a.topic.name, 'replicationFactor' in a ? a.replicationFactor : null]),
    [
      ['create', 'narratives.raw.v1', 1],
      ['create', 'router.models.v1', 1],
    ],
  );
  assert.equal(
    (planTopics({ topics: [raw], existing: new Map(), brokerCount: 5 })[0] as { replicationFactor: number }).replicationFactor,
    3,
  );
});

test('a topic that matches is unchanged; configs the catalogue does not own are ignored', () => {
  const actions = planTopics({ topics: [raw], existing: new Map([[raw.name, { partitions: 6, configs: matching }]]), brokerCount: 1 });
  assert.deepEqual(
    actions.map((a) => a.kind),
    ['unchanged'],
  );
});

test('more partitions and changed configs are applied; both can happen at once', () => {
  const actions = planTopics({
    topics: [raw],
    existing: new Map([[raw.name, { partitions: 3, configs: { ...matching, 'retention.ms': '5' } }]]),
    brokerCount: 1,
  });
  assert.deepEqual(
    actions.map((a) => a.kind),
    ['add-partitions', 'alter-configs'],
  );
  assert.deepEqual(actions[1]!.kind === 'alter-configs' && actions[1]!.changes, { 'retention.ms': { from: '5', to: '1000' } });
});

test('fewer partitions than the cluster has is a conflict, never a silent shrink', () => {
  const [action] = planTopics({ topics: [raw], existing: new Map([[raw.name, { partitions: 12, configs: matching }]]), brokerCount: 1 });
  assert.equal(action!.kind, 'conflict');
  assert.match((action as { reason: string }).reason, /has 12 partitions, the catalogue says 6/);
});
