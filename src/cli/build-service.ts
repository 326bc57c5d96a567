/**
 * What `run` and `replay` both stand on: the brokers, the registry and the topics checked, the
 * model tiers (or the simulator standing in for every provider), the group's budget, the template
 * cache and the router, opened in that order and closed in reverse.
 */

import type { Client } from '@elastic/elasticsearch';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import type { Clock } from '../common/clock.ts';
import { ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import { holdMemoryCeiling } from '../common/memory-ceiling.ts';
import type { Metrics } from '../common/metrics.ts';
import type { Config } from '../config/config.ts';
import { latencyBudgetOf, someMayWait } from '../config/latency-budgets.ts';
import { checkElasticsearch, createElasticsearch } from '../connect/elasticsearch.ts';
import { checkKafka, createKafka } from '../connect/kafka.ts';
import { checkSchemaRegistry, createSchemaRegistry } from '../connect/registry.ts';
import type { TransactionNarrative } from '../contract/records.ts';
import type { Simulator } from '../dev/simulator/simulator.ts';
import type { BudgetGuard } from '../dispatch/budget-guard.ts';
import { openElasticsearchJournal } from '../dispatch/elasticsearch-journal.ts';
import { openElasticsearchLedger } from '../dispatch/elasticsearch-ledger.ts';
import type { ModelTier } from '../dispatch/model-tier.ts';
import type { Encoders } from '../emit/encode.ts';
import type { PipelineDeps } from '../pipeline/pipeline.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import { KafkaService } from '../runner/kafka-service.ts';
import { runnerSettings } from '../runner/window-runner.ts';
import { type Catalogue, loadCatalogue, topicByName, withTopicPrefix } from '../topics/catalogue.ts';
import { pipelineDeps } from './build-pipeline.ts';
import { openElasticsearchCache } from './build-service-cache.ts';
import { openServiceRouter } from './build-service-router.ts';
import {
  batchApiDispatch,
  batchWindowSettings,
  buildBatchProviders,
  buildBudget,
  buildTiers,
  pricesFor,
  type SimulatorUrls,
} from './build-tiers.ts';
import { memoryCeilingMib } from './heap-limit.ts';
import { billedLines, IN_PROCESS_TIME_SCALE, reachSimulator, readSimulatorTruth } from './simulate.ts';

export type SimulatorChoice = { simulate?: string | undefined; records?: string | undefined; simulatorUrl?: string | undefined };

export const SIMULATOR_USAGE = `  With no provider key the service can still be tried and fault-tested offline, every provider
  being the provider simulator and every answer from it saying "simulated": true:
  --simulate starts one in process, answering from the two files \`parsimony generate\` wrote
  (the narratives you produce to the input topic, and their truth); --simulator-url uses one
  \`parsimony simulator\` serves, e.g. http://127.0.0.1:8787, whose faults you drive.`;

export function checkSimulatorChoice(choice: SimulatorChoice, usage: string): void {
  if (Boolean(choice.simulate) !== Boolean(choice.records))
    throw new ParsimonyError('USAGE', `--simulate TRUTH.jsonl and --records NARRATIVES.jsonl go together\nUsage: ${usage}`);
  if (choice.simulate && choice.simulatorUrl)
    throw new ParsimonyError('USAGE', '--simulate starts a simulator, --simulator-url names a running one: give one of them');
}

/** The brokers and the registry, checked; the catalogue of topics. */
export async function connectStreams(config: Config, logger: Logger) {
  const kafka = createKafka(config.kafka, logger);
  const registry = createSchemaRegistry(config.registry);
  await Promise.all([checkKafka(config.kafka, logger), checkSchemaRegistry(config.registry)]);
  return { kafka, registry, catalogue: withTopicPrefix(loadCatalogue(), config.kafka.topicPrefix) };
}

/** Topics are created by `topics apply`, never on the fly: say which are missing and how to fix it. */
export async function requireTopics(kafka: Kafka, names: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((name) => !existing.has(name));
    if (missing.length > 0) {
      throw new ParsimonyError('TOPIC_CONFLICT', `topic(s) ${missing.join(', ')} do not exist: run \`parsimony topics apply\` first`);
    }
  } finally {
    await admin.disconnect();
  }
}

export type ServiceParts = {
  tiers: ModelTier[];
  prices: PriceTable;
  budget: BudgetGuard | undefined;
  /** The pipeline's dependencies: tiers, prices, router, cache, budget. */
  pipeline: PipelineDeps;
  simulatorUrls: SimulatorUrls | undefined;
  /** The router's start (its newest model installed) and the feedback consumer's targets. */
  router: Awaited<ReturnType<typeof openServiceRouter>>;
  cache: Awaited<ReturnType<typeof openElasticsearchCache>> | undefined;
  /** Closes all of it, the in-process simulator last (saying what it billed). */
  close(): Promise<void>;
};

/**
 * The pipeline of a Kafka command: tiers, the group's budget (its ledger is the configured
 * group's, whatever group the command consumes under, so a replay spends from the service's
 * budget), the Elasticsearch cache and the router.
 */
export async function openServiceParts(deps: {
  command: 'run' | 'replay';
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  kafka: Kafka;
  registry: SchemaRegistry;
  catalogue: Catalogue;
  simulator: SimulatorChoice;
}): Promise<ServiceParts> {
  const { config, clock, logger, metrics } = deps;
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const releaseCeiling = holdServiceMemoryCeiling(deps.command, { config, clock, logger, metrics });
    closers.push(async () => releaseCeiling());
    const prices = pricesFor(config);
    const simulatorUrls = await simulatorFor(deps.simulator, clock, (simulator) =>
      closers.push(async () => {
        await simulator.close();
        logger.info('the in-process simulator billed', { billed: billedLines(simulator.billed, prices) });
      }),
    );
    const tiers = buildTiers({ config, env: process.env, clock, logger, ...(simulatorUrls ? { simulator: simulatorUrls } : {}) });
    if (tiers.length === 0)
      logger.warn(
        'no model tier can be reached (no provider API key; --simulate or --simulator-url for the simulator): only the rules tier answers; the rest is LOW_CONFIDENCE or FAILED',
      );
    const budget = await openGroupBudget({ config, clock, metrics, logger });
    if (budget) closers.push(budget.close);
    if (budget?.guard.stopsAllSpend)
      logger.warn(
        'the budget is 0: no model is called; records the rules and the cache leave wait (the consumer pauses) until it is raised',
      );
    const cache = config.cache.enabled ? await openElasticsearchCache({ config, clock, metrics, logger, prices }) : undefined;
    if (cache) closers.push(() => cache.close());
    const router = await openServiceRouter({
      config,
      tierNames: tiers.map((t) => t.name),
      kafka: deps.kafka,
      registry: deps.registry,
      modelsTopic: topicByName(deps.catalogue, 'router.models.v1').name,
      clock,
      logger,
      metrics,
    });
    closers.push(() => router.stop());
    const pipeline = pipelineDeps({ config, clock, logger, metrics, tiers, prices, router, cache: cache?.cache, budget: budget?.guard });
    closers.push(async () => pipeline.rulesPool?.close());
    return { tiers, prices, budget: budget?.guard, pipeline, simulatorUrls, router, cache, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Starts holding the command's resident-memory ceiling (none when it has none); returns what stops it. */
export function holdServiceMemoryCeiling(
  command: 'run' | 'replay',
  deps: { config: Config; clock: Clock; logger: Logger; metrics: Metrics },
): () => void {
  const ceilingMib = memoryCeilingMib(command, deps.config);
  if (ceilingMib === undefined) return () => {};
  return holdMemoryCeiling({
    ceilingBytes: ceilingMib * 2 ** 20,
    clock: deps.clock,
    logger: deps.logger,
    observe: ({ seconds }) => {
      deps.metrics.memoryReclaims.inc();
      deps.metrics.memoryReclaimSeconds.inc(seconds);
    },
  });
}

/** A client of the configured Elasticsearch, checked, handed to `open`; closed again if opening fails. */
async function onElasticsearch<T>(config: Config, open: (client: Client) => Promise<T>): Promise<T & { close(): Promise<void> }> {
  const client = createElasticsearch(config.elasticsearch);
  try {
    await checkElasticsearch(client, config.elasticsearch);
    return { ...(await open(client)), close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** The simulator's addresses when one stands in for every provider: started here (--simulate) or reached (--simulator-url). */
async function simulatorFor(
  choice: SimulatorChoice,
  clock: Clock,
  started: (simulator: Simulator) => void,
): Promise<SimulatorUrls | undefined> {
  if (choice.simulatorUrl) return reachSimulator(choice.simulatorUrl);
  if (!choice.simulate || !choice.records) return undefined;
  const truth = await readSimulatorTruth({ records: choice.records, truth: choice.simulate }, clock);
  // Loaded only here: the simulator's tokenizer alone is megabytes that a service without it never needs.
  const { startSimulator } = await import('../dev/simulator/simulator.ts');
  const simulator = await startSimulator({ truth, timeScale: IN_PROCESS_TIME_SCALE });
  started(simulator);
  return simulator;
}

/**
 * The budget of the whole consumer group: every instance reserves against one ledger in
 * Elasticsearch (dispatch/elasticsearch-ledger.ts), so N instances spend the limits once.
 */
async function openGroupBudget(deps: { config: Config; clock: Clock; metrics: Metrics; logger: Logger }) {
  const { config } = deps;
  if (config.budget.usdPerHour === undefined && config.budget.usdPerDay === undefined) return undefined;
  return onElasticsearch(config, async (client) => {
    const ledger = await openElasticsearchLedger({
      client,
      index: config.budget.ledgerIndex,
      groupId: config.kafka.groupId,
      clock: deps.clock,
      requestTimeoutMs: config.elasticsearch.requestTimeoutMs,
    });
    return { guard: buildBudget({ ...deps, ledger })! };
  });
}

/**
 * The deferred lane of `run`, when some records' latency budget reaches batchApi.minLatency: the
 * service sets those the rules and the cache leave aside on the deferred topic (`defer`), and
 * this second consumer, in a group of its own, answers them through the Batch APIs in windows of
 * up to 5,000 records or batchApi.windowMaxAgeMs, committing their offsets once their extractions
 * are out. Batches in flight are journaled in Elasticsearch, so a restarted or rebalanced instance
 * polls them instead of paying twice. Undefined when no record may wait, or no provider has a
 * Batch API here.
 */
export async function openDeferredLane(deps: {
  config: Config;
  clock: Clock;
  logger: Logger;
  kafka: Kafka;
  registry: SchemaRegistry;
  topics: { input: string; extractions: string; deadLetters: string; deferred: string };
  encoders: Encoders;
  parts: ServiceParts;
}): Promise<{ service: KafkaService; defer: (record: TransactionNarrative) => boolean; close(): Promise<void> } | undefined> {
  const { config, clock, logger, parts } = deps;
  const { latencyBudgets, minLatency } = config.batchApi;
  if (!someMayWait(config.batchApi)) return undefined;
  const providers = { config, env: process.env, clock, ...(parts.simulatorUrls ? { simulator: parts.simulatorUrls } : {}) };
  if (buildBatchProviders(providers).size === 0) {
    logger.warn('latency budgets allow batches, but no tier has a provider with a Batch API here: every record is answered in real time');
    return undefined;
  }
  return onElasticsearch(config, async (client) => {
    const journal = await openElasticsearchJournal({
      client,
      index: config.batchApi.journalIndex,
      requestTimeoutMs: config.elasticsearch.requestTimeoutMs,
    });
    const groupId = `${config.kafka.groupId}-deferred`;
    const service = new KafkaService({
      kafka: deps.kafka,
      registry: deps.registry,
      config: { ...config, kafka: { ...config.kafka, groupId } },
      topics: { input: deps.topics.deferred, extractions: deps.topics.extractions, deadLetters: deps.topics.deadLetters },
      encoders: deps.encoders,
      logger,
      clock,
      pipeline: { ...parts.pipeline, dispatch: batchApiDispatch({ ...providers, logger, journal }) },
      runner: batchWindowSettings(runnerSettings(config), { maxWaitMs: config.batchApi.windowMaxAgeMs }),
    });
    return { service, defer: (record: TransactionNarrative) => latencyBudgetOf(latencyBudgets, record) >= minLatency };
  });
}
