/**
 * `parsimony topics apply`: makes the cluster and the schema registry match the catalogue.
 * Idempotent: a second run reports every topic and subject unchanged.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { COMPATIBILITY, type SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import kafkajs, { type Admin } from 'kafkajs';
import { describeError, ParsimonyError } from '../common/errors.ts';
import type { Config } from '../config/config.ts';
import { registryRequest } from '../connect/registry.ts';
import { type Catalogue, valueSubject } from './catalogue.ts';
import { type ExistingTopic, managedConfigs, planTopics, type TopicAction } from './plan.ts';
import type { SchemaSet } from './schemas.ts';

// kafkajs is CommonJS and Node's named-export detection misses these two.
const { ConfigResourceTypes, ConfigSource } = kafkajs;

export type ApplyReport = { lines: string[]; conflicts: number };

export async function applyCatalogue(deps: {
  admin: Admin;
  registry: SchemaRegistry;
  registryConfig: Config['registry'];
  catalogue: Catalogue;
  schemas: SchemaSet;
}): Promise<ApplyReport> {
  const lines: string[] = [];
  const { existing, dynamic, brokerCount } = await readCluster(deps.admin, deps.catalogue);
  const actions = planTopics({ topics: deps.catalogue.topics, existing, brokerCount });
  for (const action of actions) lines.push(await applyTopicAction(deps.admin, action, dynamic));
  for (const topic of deps.catalogue.topics) {
    lines.push(await registerValueSchema({ ...deps, topic: topic.name, schemaName: topic.valueSchema }));
  }
  return { lines, conflicts: actions.filter((a) => a.kind === 'conflict').length };
}

async function readCluster(admin: Admin, catalogue: Catalogue) {
  const names = new Set(await admin.listTopics());
  const wanted = catalogue.topics.map((t) => t.name).filter((name) => names.has(name));
  const existing = new Map<string, ExistingTopic>();
  const dynamic = new Map<string, Record<string, string>>();
  const cluster = await admin.describeCluster();
  if (wanted.length === 0) return { existing, dynamic, brokerCount: cluster.brokers.length };

  const metadata = await admin.fetchTopicMetadata({ topics: wanted });
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: wanted.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  for (const topic of metadata.topics) {
    const resource = described.resources.find((r) => r.resourceName === topic.name);
    const entries = resource?.configEntries ?? [];
    existing.set(topic.name, {
      partitions: topic.partitions.length,
      configs: Object.fromEntries(entries.map((e) => [e.configName, e.configValue])),
    });
    dynamic.set(
      topic.name,
      Object.fromEntries(entries.filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG).map((e) => [e.configName, e.configValue])),
    );
  }
  return { existing, dynamic, brokerCount: cluster.brokers.length };
}

async function applyTopicAction(admin: Admin, action: TopicAction, dynamic: Map<string, Record<string, string>>): Promise<string> {
  const name = action.topic.name;
  switch (action.kind) {
    case 'create': {
      const configEntries = Object.entries(managedConfigs(action.topic)).map(([n, value]) => ({ name: n, value }));
      // kafkajs's own wait (waitForLeaders) rejects outside any caller's reach when a fresh broker
      // does not know the topic yet for a moment: the process died of it. Waited for here instead.
      await admin.createTopics({
        waitForLeaders: false,
        topics: [{ topic: name, numPartitions: action.topic.partitions, replicationFactor: action.replicationFactor, configEntries }],
      });
      await waitForLeaders(admin, name, action.topic.partitions);
      return `topic ${name}: created (${action.topic.partitions} partitions, ${action.topic.cleanupPolicy})`;
    }
    case 'add-partitions':
      await admin.createPartitions({ topicPartitions: [{ topic: name, count: action.topic.partitions }] });
      return `topic ${name}: partitions ${action.from} → ${action.topic.partitions}`;
    case 'alter-configs': {
      // kafkajs only has the non-incremental AlterConfigs, which resets whatever it is not given:
      // send the topic's other explicitly set configs along so that an operator's settings survive.
      const configs = { ...(dynamic.get(name) ?? {}), ...managedConfigs(action.topic) };
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name,
            configEntries: Object.entries(configs).map(([n, value]) => ({ name: n, value })),
          },
        ],
      });
      const what = Object.entries(action.changes).map(([n, c]) => `${n} ${c.from ?? '(unset)'} → ${c.to}`);
      return `topic ${name}: ${what.join(', ')}`;
    }
    case 'unchanged':
      return `topic ${name}: unchanged`;
    case 'conflict':
      return `topic ${name}: CONFLICT — ${action.reason}`;
  }
}

const LEADER_WAIT_MS = 30_000;

/** Until every partition of a new topic has a leader: metadata may lag its creation on a fresh broker. */
async function waitForLeaders(admin: Admin, topic: string, partitions: number): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    let problem: string;
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const led = topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0;
      if (led >= partitions) return;
      problem = `${led} of ${partitions} partitions have a leader`;
    } catch (error) {
      problem = (error as Error).message;
    }
    if (Date.now() + delay > deadline)
      throw new ParsimonyError(
        'KAFKA_UNREACHABLE',
        `topic ${topic} was created but not ready within ${LEADER_WAIT_MS / 1000} s: ${problem}`,
      );
    await sleep(delay);
  }
}

async function registerValueSchema(deps: {
  registry: SchemaRegistry;
  registryConfig: Config['registry'];
  catalogue: Catalogue;
  schemas: SchemaSet;
  topic: string;
  schemaName: string;
}): Promise<string> {
  const subject = valueSubject(deps.topic);
  const schema = deps.schemas.schemas.get(deps.schemaName);
  if (!schema) {
    throw new ParsimonyError('CATALOGUE_INVALID', `topic ${deps.topic} names schema ${deps.schemaName}, which is not in schemas/`);
  }
  const level = deps.catalogue.compatibility;
  const current = await registryRequest(deps.registryConfig, { method: 'GET', path: `/config/${encodeURIComponent(subject)}` });
  const currentLevel = (current.body as { compatibilityLevel?: string } | undefined)?.compatibilityLevel;
  if (current.status !== 200 || currentLevel !== level) {
    const set = await registryRequest(deps.registryConfig, {
      method: 'PUT',
      path: `/config/${encodeURIComponent(subject)}`,
      body: { compatibility: level },
    });
    if (set.status !== 200) {
      throw new ParsimonyError(
        'SCHEMA_INVALID',
        `setting compatibility ${level} on ${subject} failed: ${set.status} ${JSON.stringify(set.body)}`,
      );
    }
  }
  const before = await latestVersion(deps.registryConfig, subject);
  let id: number;
  try {
    ({ id } = await deps.registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject, compatibility: COMPATIBILITY[level], updateConfig: false },
    ));
  } catch (error) {
    const status = (error as { status?: number }).status;
    throw new ParsimonyError(
      status === 409 ? 'SCHEMA_INCOMPATIBLE' : 'SCHEMA_INVALID',
      `registering schemas/${deps.schemaName}.avsc under ${subject} failed: ${describeError(error)}` +
        (status === 409 ? ` — the change is not ${level}-compatible with the registered versions` : ''),
      { cause: error },
    );
  }
  const after = await latestVersion(deps.registryConfig, subject);
  const state = before === after ? 'unchanged' : before === undefined ? 'registered' : `new version ${after}`;
  return `subject ${subject}: ${state} (schema id ${id}, ${level})`;
}

async function latestVersion(config: Config['registry'], subject: string): Promise<number | undefined> {
  const response = await registryRequest(config, { method: 'GET', path: `/subjects/${encodeURIComponent(subject)}/versions/latest` });
  if (response.status === 404) return undefined;
  return (response.body as { version?: number }).version;
}
