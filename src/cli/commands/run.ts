import { systemClock } from '../../common/clock.ts';
import { createMetrics } from '../../common/metrics.ts';
import { allOf, startStatusServer } from '../../common/status-server.ts';
import { someMayWait } from '../../config/latency-budgets.ts';
import { avroEncoders, jsonEncoders } from '../../emit/encode.ts';
import { FeedbackConsumer } from '../../feedback/feedback-consumer.ts';
import { KafkaService } from '../../runner/kafka-service.ts';
import { topicByName } from '../../topics/catalogue.ts';
import {
  checkSimulatorChoice,
  connectStreams,
  openDeferredLane,
  openServiceParts,
  requireTopics,
  SIMULATOR_USAGE,
} from '../build-service.ts';
import type { Command } from '../command.ts';
import { createContext, parseFlags } from '../context.ts';

const usage = `parsimony run [--config FILE] [--simulate TRUTH.jsonl --records NARRATIVES.jsonl | --simulator-url URL]

${SIMULATOR_USAGE}`;

export const runCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(
      args,
      { simulate: { type: 'string' }, records: { type: 'string' }, 'simulator-url': { type: 'string' } },
      usage,
    );
    const simulatorChoice = { simulate: values.simulate, records: values.records, simulatorUrl: values['simulator-url'] };
    checkSimulatorChoice(simulatorChoice, usage);
    const { config, logger } = createContext(values.config);
    const clock = systemClock;
    const { kafka, registry, catalogue } = await connectStreams(config, logger);
    const topics = {
      input: topicByName(catalogue, 'narratives.raw.v1').name,
      extractions: topicByName(catalogue, 'extractions.v1').name,
      deadLetters: topicByName(catalogue, 'narratives.dlq.v1').name,
      deferred: topicByName(catalogue, 'narratives.deferred.v1').name,
    };
    const modelsTopic = topicByName(catalogue, 'router.models.v1').name;
    await requireTopics(kafka, [
      topics.input,
      topics.extractions,
      topics.deadLetters,
      topicByName(catalogue, 'extractions.feedback.v1').name,
      ...(config.router.policy === 'learned' ? [modelsTopic] : []),
      ...(someMayWait(config.batchApi) ? [topics.deferred] : []),
    ]);
    const encoders = config.stream.outputFormat === 'avro' ? await avroEncoders(registry, topics) : jsonEncoders;
    const metrics = createMetrics({ defaultMetrics: true });
    const parts = await openServiceParts({
      command: 'run',
      config,
      clock,
      logger,
      metrics,
      kafka,
      registry,
      catalogue,
      simulator: simulatorChoice,
    });
    try {
      const { cache, router } = parts;
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
      const lane = await openDeferredLane({ config, clock, logger, kafka, registry, topics, encoders, parts });
      const service = new KafkaService({
        kafka,
        registry,
        config,
        topics,
        encoders,
        logger,
        clock,
        pipeline: { ...parts.pipeline, ...(lane ? { defer: lane.defer } : {}) },
      });
      const status = await startStatusServer({
        host: config.metrics.host,
        port: config.metrics.port,
        registry: metrics.registry,
        liveness: () => allOf([service.liveness(), ...(lane ? [lane.service.liveness()] : [])]),
        readiness: () => allOf([service.readiness(), ...(lane ? [lane.service.readiness()] : [])]),
      });
      logger.info('parsimony running', {
        topics,
        metrics: `${status.url}/metrics`,
        tiers: parts.tiers.map((t) => t.name),
        cache: cache ? config.cache.index : 'off',
        router: config.router.policy,
        budget: parts.budget ? parts.budget.scope : 'none',
        simulator: parts.simulatorUrls?.anthropicBaseUrl ?? 'off',
        deferredLane: lane ? `${topics.deferred} through the Batch APIs` : 'off',
      });

      const stop = (signal: string) => {
        logger.info(`${signal}: draining and leaving the group`);
        void service.stop();
        void lane?.service.stop();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      try {
        // The newest model is installed before the first record is routed.
        await router.start();
        await service.start();
        await lane?.service.start();
        await feedback?.start();
        // Either consumer stopping for good stops the other: the instance restarts whole.
        await Promise.race([service.stopped(), ...(lane ? [lane.service.stopped()] : [])]).finally(async () => {
          await Promise.allSettled([service.stop(), lane?.service.stop()]);
        });
        await Promise.all([service.stopped(), lane?.service.stopped()]);
      } finally {
        // A fenced or failed service must still let the process end: nothing else may hold it open.
        await feedback?.stop();
        await lane?.close();
        await status.close();
      }
    } finally {
      await parts.close();
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
