/**
 * The Kafka service's router: the route log in Elasticsearch (`<cache.index>-routes`), models
 * passed on router.models.v1, which every instance reads and hot-reloads (feedback/router-models.ts).
 */
import type { Client } from '@elastic/elasticsearch';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import type { Config } from '../config/config.ts';
import { checkElasticsearch, createElasticsearch } from '../connect/elasticsearch.ts';
import { modelReaderGroupId, RouterModelPublisher, RouterModelReader } from '../feedback/router-models.ts';
import { ElasticsearchRouteLog } from '../routing/elasticsearch-route-log.ts';
import type { RouterLearner } from '../routing/router-learner.ts';
import type { RouterSlot } from '../routing/router-slot.ts';
import { createRouterLearner, createRouterSlot, type RouterDeps } from './build-router.ts';

/** The route log's index in the service: beside the templates', as their `-links` are. */
export function routeLogIndex(config: Config): string {
  return `${config.cache.index}-routes`;
}

export type ServiceRouter = {
  slot: RouterSlot;
  /** For the feedback consumer and the cascade; undefined with router.policy = cascade. */
  learner: RouterLearner | undefined;
  /** Connects the publisher and reads the models on the topic, so the first records route by the newest. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The Kafka service's router: routes in Elasticsearch, models published to and read back from
 * the models topic by every instance. Instances train on their own share of the feedback but on
 * the one shared log, so two of them may publish a model at about the same time; every slot
 * installs only a model trained later than its own, so all end on the newest.
 */
export async function openServiceRouter(
  deps: RouterDeps & {
    kafka: Kafka;
    registry: SchemaRegistry;
    modelsTopic: string;
    /** Default: routeLogIndex(config). */
    routeIndex?: string;
    /** Used as it is and left open; default: a client of config.elasticsearch, checked, closed at stop. */
    elasticsearch?: Client;
  },
): Promise<ServiceRouter> {
  const { config, clock, logger, metrics } = deps;
  const slot = createRouterSlot(deps);
  if (config.router.policy === 'cascade') return { slot, learner: undefined, start: async () => {}, stop: async () => {} };
  const client = deps.elasticsearch ?? createElasticsearch(config.elasticsearch);
  const closeClient = deps.elasticsearch ? async () => {} : () => client.close();
  let log: ElasticsearchRouteLog;
  try {
    if (!deps.elasticsearch) await checkElasticsearch(client, config.elasticsearch);
    log = await ElasticsearchRouteLog.open({
      client,
      index: deps.routeIndex ?? routeLogIndex(config),
      requestTimeoutMs: config.elasticsearch.requestTimeoutMs,
      clock,
      logger,
    });
  } catch (error) {
    await closeClient();
    throw error;
  }
  const publisher = new RouterModelPublisher({ kafka: deps.kafka, registry: deps.registry, topic: deps.modelsTopic });
  const reader = new RouterModelReader({
    kafka: deps.kafka,
    registry: deps.registry,
    topic: deps.modelsTopic,
    groupId: modelReaderGroupId(config.kafka.groupId, config.kafka.instanceId),
    name: config.router.modelName,
    slot,
    session: {
      sessionTimeout: config.kafka.sessionTimeoutMs,
      heartbeatInterval: config.kafka.heartbeatIntervalMs,
      rebalanceTimeout: config.kafka.rebalanceTimeoutMs,
    },
    clock,
    logger,
    metrics,
  });
  const learner = createRouterLearner({ ...deps, slot, log, publish: (model) => publisher.publish(model) });
  return {
    slot,
    learner,
    start: async () => {
      await publisher.start();
      await reader.start();
    },
    stop: async () => {
      // A training under way publishes before the publisher closes.
      await learner.settled();
      const stopped = await Promise.allSettled([reader.stop(), publisher.stop(), log.close()]);
      await closeClient();
      for (const outcome of stopped)
        if (outcome.status === 'rejected') logger.warn('router stopped with an error', { error: outcome.reason });
    },
  };
}
