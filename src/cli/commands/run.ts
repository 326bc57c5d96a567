import type { Kafka } from 'kafkajs';
import { type Clock, systemClock } from '../../common/clock.ts';
import { ParsimonyError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { createMetrics, type Metrics } from '../../common/metrics.ts';
import { startStatusServer } from '../../common/status-server.ts';
import type { Config } from '../../config/config.ts';
import { checkElasticsearch, createElasticsearch } from '../../connect/elasticsearch.ts';
import { checkKafka, createKafka } from '../../connect/kafka.ts';
import { checkSchemaRegistry, createSchemaRegistry } from '../../connect/registry.ts';
import { startSimulator } from '../../dev/simulator/simulator.ts';
import { openElasticsearchLedger } from '../../dispatch/elasticsearch-ledger.ts';
import { avroEncoders, jsonEncoders } from '../../emit/encode.ts';
import { FeedbackConsumer } from '../../feedback/feedback-consumer.ts';
import { KafkaService } from '../../runner/kafka-service.ts';
import { loadCatalogue, topicByName } from '../../topics/catalogue.ts';
import { openElasticsearchCache } from '../build-cache.ts';
import { openServiceRouter, routingDeps } from '../build-router.ts';
import { budgetRelaxation, buildBudget, buildTiers, pricesFor } from '../build-tiers.ts';
import type { Command } from '../command.ts';
import { createContext, parseFlags } from '../context.ts';
import { billedLines, IN_PROCESS_TIME_SCALE, reachSimulator, readSimulatorTruth } from '../simulate.ts';

const usage = `parsimony run [--config FILE] [--simulate TRUTH.jsonl --records NARRATIVES.jsonl | --simulator-url URL]

  With no provider key the service can still be tried and fault-tested offline, every provider
  being the provider simulator and every answer from it saying "simulated": true:
  --simulate starts one in process, answering from the two files \`parsimony generate\` wrote
  (the narratives you produce to the input topic, and their truth); --simulator-url uses one
  \`parsimony simulator\` serves, e.g. http://127.0.0.1:8787, whose faults you drive.`;

export const runCommand: Command = {
  summary: 'Run the Kafka service: narratives.raw.v1 in, extractions.v1 and narratives.dlq.v1 out, metrics on /metrics.',
  usage,
  async run(args) {
    const { values } = parseFlags(
      args,
      { simulate: { type: 'string' }, records: { type: 'string' }, 'simulator-url': { type: 'string' } },
      usage,
    );
    if (Boolean(values.simulate) !== Boolean(values.records))
      throw new ParsimonyError('USAGE', `--simulate TRUTH.jsonl and --records NARRATIVES.jsonl go together\nUsage: ${usage}`);
    if (values.simulate && values['simulator-url'])
      throw new ParsimonyError('USAGE', '--simulate starts a simulator, --simulator-url names a running one: give one of them');
    const { config, logger } = createContext(values.config);
    const clock = systemClock;
    const truth = values.simulate ? await readSimulatorTruth({ records: values.records!, truth: values.simulate }, clock) : undefined;
    const kafka = createKafka(config.kafka, logger);
    const registry = createSchemaRegistry(config.registry);
    const [, , externalSimulator] = await Promise.all([
      checkKafka(config.kafka, logger),
      checkSchemaRegistry(config.registry),
      values['simulator-url'] ? reachSimulator(values['simulator-url']) : undefined,
    ]);

    const catalogue = loadCatalogue();
    const topics = {
      input: topicByName(catalogue, 'narratives.raw.v1').name,
      extractions: topicByName(catalogue, 'extractions.v1').name,
      deadLetters: topicByName(catalogue, 'narratives.dlq.v1').name,
    };
    const modelsTopic = topicByName(catalogue, 'router.models.v1').name;
    await requireTopics(kafka, [
      topics.input,
      topics.extractions,
      topics.deadLetters,
      topicByName(catalogue, 'extractions.feedback.v1').name,
      ...(config.router.policy === 'learned' ? [modelsTopic] : []),
    ]);
    const encoders = config.stream.outputFormat === 'avro' ? await avroEncoders(registry, topics) : jsonEncoders;
    const metrics = createMetrics({ defaultMetrics: true });
    const prices = pricesFor(config);
    const simulator = truth ? await startSimulator({ truth, timeScale: IN_PROCESS_TIME_SCALE }) : undefined;
    const simulatorUrls = simulator ?? externalSimulator;
    try {
      const tiers = buildTiers({ config, env: process.env, clock, logger, ...(simulatorUrls ? { simulator: simulatorUrls } : {}) });
      const budget = await openGroupBudget({ config, clock, metrics, logger });
      if (budget?.guard.stopsAllSpend)
        logger.warn(
          'the budget is 0: no model is called; records the rules and the cache leave wait (the consumer pauses) until it is raised',
        );
      const cache = config.cache.enabled ? await openElasticsearchCache({ config, clock, metrics, logger, prices }) : undefined;
      const router = await openServiceRouter({
        config,
        tierNames: tiers.map((t) => t.name),
        kafka,
        registry,
        modelsTopic,
        clock,
        logger,
        metrics,
      }).catch(async (error) => {
        await cache?.close();
        await budget?.close();
        throw error;
      });
      const feedback =
        cache || router.learner
          ? new FeedbackConsumer({
              kafka,
              registry,
              groupId: `${config.kafka.groupId}-feedback`,
              session: {
                sessionTimeout: config.kafka.sessionTimeoutMs,
                heartbeatInterval: config.kafka.heartbeatIntervalMs,
                rebalanceTimeout: config.kafka.rebalanceTimeoutMs,
              },
              topic: topicByName(catalogue, 'extractions.feedback.v1').name,
              format: config.stream.inputFormat,
              cache: cache?.cache,
              learner: router.learner,
              logger,
              metrics,
            })
          : undefined;
      if (tiers.length === 0)
        logger.warn(
          'no model tier can be reached (no provider API key; --simulate or --simulator-url for the simulator): only the rules tier answers; the rest is LOW_CONFIDENCE or FAILED',
        );

      const service = new KafkaService({
        kafka,
        registry,
        config,
        topics,
        encoders,
        logger,
        clock,
        pipeline: {
          tiers,
          prices,
          now: clock.now,
          metrics,
          ...routingDeps(router),
          ...(cache ? { cache: cache.cache } : {}),
          ...(budget ? { budget: budget.guard, relaxation: budgetRelaxation({ guard: budget.guard, config, metrics, logger }) } : {}),
        },
      });
      const status = await startStatusServer({
        host: config.metrics.host,
        port: config.metrics.port,
        registry: metrics.registry,
        ready: () => service.ready,
      });
      logger.info('parsimony running', {
        topics,
        metrics: `${status.url}/metrics`,
        tiers: tiers.map((t) => t.name),
        cache: cache ? config.cache.index : 'off',
        router: config.router.policy,
        budget: budget ? budget.guard.scope : 'none',
        simulator: simulatorUrls?.anthropicBaseUrl ?? 'off',
      });

      const stop = (signal: string) => {
        logger.info(`${signal}: draining and leaving the group`);
        void service.stop();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      try {
        // The newest model is installed before the first record is routed.
        await router.start();
        await service.start();
        await feedback?.start();
        await service.stopped();
      } finally {
        // A fenced or failed service must still let the process end: nothing else may hold it open.
        await feedback?.stop();
        await router.stop();
        await cache?.close();
        await budget?.close();
        await status.close();
      }
    } finally {
      if (simulator) {
        await simulator.close();
        logger.info('the in-process simulator billed', { billed: billedLines(simulator.billed, prices) });
      }
      endProcessWithin(PROCESS_END_GRACE_MS);
    }
    logger.info('parsimony stopped');
    return 0;
  },
};

/** Long enough for the exit code and the last lines to be written, short beside a supervisor's patience. */
const PROCESS_END_GRACE_MS = 5_000;

/**
 * Once everything is stopped and closed, nothing of the service is left to run, yet kafkajs may
 * keep a broker connection open after a consumer crashed for good (seen after a broker restart),
 * and that socket alone holds the process alive: a stopped instance that never exits is never
 * started again by its supervisor. The timer does not hold the process itself.
 */
function endProcessWithin(ms: number): void {
  setTimeout(() => process.exit(), ms).unref();
}

/**
 * The budget of the whole consumer group: every instance reserves against one ledger in
 * Elasticsearch (dispatch/elasticsearch-ledger.ts), so N instances spend the limits once.
 */
async function openGroupBudget(deps: { config: Config; clock: Clock; metrics: Metrics; logger: Logger }) {
  const { config } = deps;
  if (config.budget.usdPerHour === undefined && config.budget.usdPerDay === undefined) return undefined;
  const client = createElasticsearch(config.elasticsearch);
  try {
    await checkElasticsearch(client, config.elasticsearch);
    const ledger = await openElasticsearchLedger({
      client,
      index: config.budget.ledgerIndex,
      groupId: config.kafka.groupId,
      clock: deps.clock,
      requestTimeoutMs: config.elasticsearch.requestTimeoutMs,
    });
    const guard = buildBudget({ ...deps, ledger })!;
    return { guard, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Topics are created by `topics apply`, never on the fly: say which are missing and how to fix it. */
async function requireTopics(kafka: Kafka, names: string[]): Promise<void> {
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
