/**
 * What `topics apply` must do to make the cluster match the catalogue: a pure function from the
 * catalogue and the cluster's current state to a list of actions.
 */
import type { TopicSpec } from './catalogue.ts';

/** The topic configs the catalogue owns; others are left as the cluster has them. */
export function managedConfigs(topic: TopicSpec): Record<string, string> {
  return {
    'cleanup.policy': topic.cleanupPolicy,
    'retention.ms': String(topic.retentionMs),
  };
}

export type ExistingTopic = { partitions: number; configs: Record<string, string> };

export type TopicAction =
  | { kind: 'create'; topic: TopicSpec; replicationFactor: number }
  | { kind: 'add-partitions'; topic: TopicSpec; from: number }
  | { kind: 'alter-configs'; topic: TopicSpec; changes: Record<string, { from: string | undefined; to: string }> }
  | { kind: 'unchanged'; topic: TopicSpec }
  | { kind: 'conflict'; topic: TopicSpec; reason: string };

export function planTopics(options: {
  topics: readonly TopicSpec[];
  existing: ReadonlyMap<string, ExistingTopic>;
  brokerCount: number;
}): TopicAction[] {
  const replicationFactor = Math.max(1, Math.min(3, options.brokerCount));
  const actions: TopicAction[] = [];
  for (const topic of options.topics) {
    const current = options.existing.get(topic.name);
    if (!current) {
      actions.push({ kind: 'create', topic, replicationFactor });
      continue;
    }
    let changed = false;
    if (current.partitions > topic.partitions) {
      actions.push({
        kind: 'conflict',
        topic,
        reason: `has ${current.partitions} partitions, the catalogue says ${topic.partitions}; Kafka cannot remove partitions, so raise the catalogue's figure`,
      });
      continue;
    }
    if (current.partitions < topic.partitions) {
      actions.push({ kind: 'add-partitions', topic, from: current.partitions });
      changed = true;
    }
    const changes: Record<string, { from: string | undefined; to: string }> = {};
    for (const [name, value] of Object.entries(managedConfigs(topic))) {
      if (current.configs[name] !== value) changes[name] = { from: current.configs[name], to: value };
    }
    if (Object.keys(changes).length > 0) {
      actions.push({ kind: 'alter-configs', topic, changes });
      changed = true;
    }
    if (!changed) actions.push({ kind: 'unchanged', topic });
  }
  return actions;
}
