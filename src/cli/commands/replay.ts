import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import { systemClock } from '../../common/clock.ts';
import { ParsimonyError } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import { createMetrics } from '../../common/metrics.ts';
import type { Config } from '../../config/config.ts';
import type { CallShareRecord, Extraction } from '../../contract/records.ts';
import { avroEncoders, jsonEncoders } from '../../emit/encode.ts';
import { narrativeDecoder } from '../../ingest/decoder.ts';
import { findPrice, type PriceTable } from '../../pricing/price-table.ts';
import { KafkaService } from '../../runner/kafka-service.ts';
import { type CostPerModelRecord, estimateReplay, measuredCost, type SampledRecord, sortSample } from '../../runner/replay-estimate.ts';
import {
  committedPositions,
  describeBound,
  type PartitionRange,
  parseBound,
  prepareGroup,
  readSample,
  recordsIn,
  replayGroupId,
  resolveRange,
  untilOf,
} from '../../runner/replay-range.ts';
import { runnerSettings } from '../../runner/window-runner.ts';
import { topicByName } from '../../topics/catalogue.ts';
import { checkSimulatorChoice, connectStreams, openServiceParts, requireTopics, SIMULATOR_USAGE } from '../build-service.ts';
import { openElasticsearchCache } from '../build-service-cache.ts';
import { batchApiDispatch, batchWindowSettings, pricesFor } from '../build-tiers.ts';
import type { Command } from '../command.ts';
import { createContext, parseFlags } from '../context.ts';
import { duration, progressReporter } from '../progress.ts';

const usage = `parsimony replay --from TIME|OFFSET [--to TIME|OFFSET] [--source-topic TOPIC] [--output-topic TOPIC]
       [--dead-letter-topic TOPIC] [--group NAME] [--no-batch-api] [--dry-run [--sample N]] [--config FILE]
       [--simulate TRUTH.jsonl --records NARRATIVES.jsonl | --simulator-url URL]

  Re-processes a range of the narratives topic (a backfill) under a consumer group of its own,
  through the providers' Batch APIs (half the price; --no-batch-api for real time), and stops at
  the range's end. TIME is ISO 8601 (UTC unless it says otherwise) or epoch milliseconds with "ms";
  OFFSET a whole number, for every partition; without --to, the range ends where the topic ends now.
  Outputs are keyed by record_id, so a record replayed again supersedes its earlier extraction.
  The group's name comes from the range: run the same command again after Ctrl-C and it resumes
  where it stopped (without --to, on to where the topic ends then).
  --dry-run reads a sample of the range (--sample, default ${'5,000'} records) and prints the estimated
  records, the share answered for nothing, the USD in real time and through the Batch APIs, and
  the duration; it spends nothing and commits nothing.

${SIMULATOR_USAGE}`;

const DEFAULT_SAMPLE = 5_000;
/** Recent extractions read for the cost of a model-answered record. */
const COST_HISTORY = 2_000;
const SAMPLE_TIMEOUT_MS = 30_000;
/** The Batch APIs' turnaround: OpenAI and Anthropic promise results within 24 hours, most come far sooner. */
const BATCH_TURNAROUND = 'up to 24 h per window, usually much less';

export const replayCommand: Command = {
  usage,
  async run(args) {
    const { values } = parseFlags(
      args,
      {
        from: { type: 'string' },
        to: { type: 'string' },
        'source-topic': { type: 'string' },
        'output-topic': { type: 'string' },
        'dead-letter-topic': { type: 'string' },
        group: { type: 'string' },
        'no-batch-api': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        sample: { type: 'string' },
        simulate: { type: 'string' },
        records: { type: 'string' },
        'simulator-url': { type: 'string' },
      },
      usage,
    );
    if (!values.from) throw new ParsimonyError('USAGE', `--from is required\nUsage: ${usage}`);
    const from = parseBound(values.from, '--from');
    const to = values.to === undefined ? undefined : parseBound(values.to, '--to');
    const sampleSize = values.sample === undefined ? DEFAULT_SAMPLE : Number(values.sample);
    if (!Number.isInteger(sampleSize) || sampleSize < 1)
      throw new ParsimonyError('USAGE', `--sample must be a whole number of records, got ${JSON.stringify(values.sample)}`);
    const simulatorChoice = { simulate: values.simulate, records: values.records, simulatorUrl: values['simulator-url'] };
    checkSimulatorChoice(simulatorChoice, usage);

    const { config, logger } = createContext(values.config);
    const clock = systemClock;
    const { kafka, registry, catalogue } = await connectStreams(config, logger);
    const topics = {
      input: values['source-topic'] ?? topicByName(catalogue, 'narratives.raw.v1').name,
      extractions: values['output-topic'] ?? topicByName(catalogue, 'extractions.v1').name,
      deadLetters: values['dead-letter-topic'] ?? topicByName(catalogue, 'narratives.dlq.v1').name,
    };
    await requireTopics(kafka, Object.values(topics));
    const groupId = values.group ?? replayGroupId(config.kafka.groupId, topics.input, from, to);
    const admin = kafka.admin();
    await admin.connect();
    let range: PartitionRange[];
    let committed: PartitionRange[];
    try {
      range = await resolveRange(admin, topics.input, from, to);
      committed = values['dry-run'] ? (await committedPositions(admin, groupId, topics.input, range)).positions : range;
      if (!values['dry-run']) {
        const prepared = await prepareGroup(admin, groupId, topics.input, range);
        committed = prepared.positions;
        if (prepared.resumed) logger.info('resuming the replay where its group stopped', { group: groupId });
      }
    } finally {
      await admin.disconnect();
    }
    const total = recordsIn(range);
    const left = recordsIn(committed);
    logger.info('replay range', {
      topic: topics.input,
      from: describeBound(from),
      to: describeBound(to),
      group: groupId,
      records: total,
      left,
    });

    if (values['dry-run']) {
      const estimate = await dryRun({ config, logger, kafka, registry, topics, positions: committed, sampleSize, groupId });
      console.log(estimate);
      return 0;
    }
    if (left === 0) {
      console.log(`nothing left to replay in this range (group ${groupId})`);
      return 0;
    }

    const replayConfig: Config = { ...config, kafka: { ...config.kafka, groupId, instanceId: `${config.kafka.instanceId}-replay` } };
    const encoders = config.stream.outputFormat === 'avro' ? await avroEncoders(registry, topics) : jsonEncoders;
    const metrics = createMetrics();
    const parts = await openServiceParts({
      command: 'replay',
      config,
      clock,
      logger,
      metrics,
      kafka,
      registry,
      catalogue,
      simulator: simulatorChoice,
    });
    const progress = progressReporter({ stream: process.stderr, total: left, now: clock.now });
    let service: KafkaService | undefined;
    let interrupted = false;
    try {
      const dispatch = values['no-batch-api']
        ? undefined
        : batchApiDispatch({
            config,
            env: process.env,
            clock,
            logger,
            ...(parts.simulatorUrls ? { simulator: parts.simulatorUrls } : {}),
          });
      // With batches, a window waits on the providers for minutes or hours: it closes on count, or on a quiet input.
      const runner = dispatch ? batchWindowSettings(runnerSettings(config), { maxWaitMs: 2_000 }) : runnerSettings(config);
      service = new KafkaService({
        kafka,
        registry,
        config: replayConfig,
        topics,
        encoders,
        logger,
        clock,
        pipeline: { ...parts.pipeline, ...(dispatch ? { dispatch } : {}) },
        until: untilOf(committed),
        runner,
        onWritten: (outputs) =>
          progress.add(
            outputs.extractions.length + outputs.deadLetters.length,
            outputs.extractions.reduce((sum, e) => sum + Math.round(Number(e.cost.usd) * 1e9), 0),
          ),
      });
      const running = service;
      process.once('SIGINT', () => {
        interrupted = true;
        logger.info('SIGINT: finishing the windows in flight, then stopping; the same command resumes');
        void running.stop();
      });
      await parts.router.start();
      await service.start();
      await service.stopped();
    } finally {
      progress.end();
      await parts.close();
    }
    const done = progress.done;
    const usd = (progress.nanoUsd / 1e9).toFixed(6);
    if (interrupted || done < left) {
      console.log(`replay stopped at ${done} of ${left} records ($${usd}); run the same command to resume (group ${groupId})`);
      return interrupted ? 130 : 1;
    }
    console.log(`replayed ${done} records to ${topics.extractions} for $${usd} (group ${groupId})`);
    return 0;
  },
};

type DryRunDeps = {
  config: Config;
  logger: Logger;
  kafka: Kafka;
  registry: SchemaRegistry;
  topics: { input: string; extractions: string; deadLetters: string };
  positions: PartitionRange[];
  sampleSize: number;
  groupId: string;
};

/** The estimate, as printed: read a sample, sort it free or not, price the rest from what recent records cost. */
async function dryRun(deps: DryRunDeps): Promise<string> {
  const { config, logger, kafka, registry, topics } = deps;
  const clock = systemClock;
  const prices = pricesFor(config);
  const throwaway = `${deps.groupId}-dry-run-${randomUUID().slice(0, 8)}`;
  const started = clock.now();
  const messages = await readSample(kafka, topics.input, deps.positions, deps.sampleSize, {
    groupId: throwaway,
    timeoutMs: SAMPLE_TIMEOUT_MS,
  });
  const metrics = createMetrics();
  const cache = config.cache.enabled ? await openElasticsearchCache({ config, clock, metrics, logger, prices }) : undefined;
  let sample: SampledRecord[];
  try {
    sample = await sortSample(messages, {
      decode: narrativeDecoder(config.stream.inputFormat, registry),
      cache: cache?.cache,
      minConfirmations: config.cache.minConfirmations,
      lookupBatch: config.batch.maxRecords,
      now: clock.now,
    });
  } finally {
    await cache?.close();
    await deleteGroup(kafka, throwaway);
  }
  const sampleSeconds = (clock.now() - started) / 1000;
  const cost = (await recentCost(deps, prices)) ?? assumedCost(config.tiers, prices);
  const settings = runnerSettings(config);
  const estimate = estimateReplay({
    sample,
    records: recordsIn(deps.positions),
    windowRecords: {
      realTime: settings.limits.maxRecords * settings.windowsInFlight,
      batch: batchWindowSettings(settings).limits.maxRecords * settings.windowsInFlight,
    },
    cost,
  });
  const first = config.tiers[0];
  const callsPerMinute = first ? Math.min(...first.models.map((m) => m.requestsPerMinute)) : Number.POSITIVE_INFINITY;
  const readSeconds = estimate.sampled > 0 ? (sampleSeconds * estimate.records) / estimate.sampled : 0;
  const modelSeconds = first ? (estimate.realTime.modelRecords / first.packSize / callsPerMinute) * 60 : 0;
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  return [
    `range        ${estimate.records.toLocaleString('en')} records left to replay (sampled ${estimate.sampled.toLocaleString('en')})`,
    `free         ${percent(estimate.batch.freeShare)} through the Batch APIs, ${percent(estimate.realTime.freeShare)} in real time: answered by the rules or the cache (learning as it goes), or dead letters`,
    `model        ${estimate.batch.modelRecords.toLocaleString('en')} records for the model tiers through the Batch APIs, ${estimate.realTime.modelRecords.toLocaleString('en')} in real time`,
    `USD          $${estimate.batch.usd.toFixed(4)} through the Batch APIs, $${estimate.realTime.usd.toFixed(4)} in real time (${estimate.basis})`,
    `duration     about ${duration(Math.max(readSeconds, modelSeconds))} in real time (reading at the sample's pace, calls at ${callsPerMinute} a minute); through the Batch APIs add the providers' turnaround, ${BATCH_TURNAROUND}`,
    'spent        nothing: no model was called and no offset committed',
  ].join('\n');
}

/** What a model-answered record cost lately, measured on the output topic's latest extractions. */
async function recentCost(deps: DryRunDeps, prices: PriceTable): Promise<CostPerModelRecord | null> {
  const { kafka, registry, topics, config } = deps;
  const admin = kafka.admin();
  await admin.connect();
  let ranges: PartitionRange[];
  try {
    const offsets = await admin.fetchTopicOffsets(topics.extractions);
    const per = Math.ceil(COST_HISTORY / Math.max(1, offsets.length));
    ranges = offsets.map((p) => ({ partition: p.partition, start: Math.max(Number(p.low), Number(p.high) - per), end: Number(p.high) }));
  } finally {
    await admin.disconnect();
  }
  const throwaway = `${deps.groupId}-dry-run-costs-${randomUUID().slice(0, 8)}`;
  try {
    const messages = await readSample(kafka, topics.extractions, ranges, COST_HISTORY, {
      groupId: throwaway,
      timeoutMs: SAMPLE_TIMEOUT_MS,
    });
    const calls: CallShareRecord[][] = [];
    for (const { message } of messages) {
      if (!message.value) continue;
      try {
        const extraction = (
          config.stream.outputFormat === 'avro' ? await registry.decode(message.value) : JSON.parse(message.value.toString('utf8'))
        ) as Extraction;
        calls.push(extraction.cost.calls.filter((c) => c.tier !== 'cache'));
      } catch {
        // Not an extraction this service wrote: left out of the measure.
      }
    }
    return measuredCost(calls, prices);
  } finally {
    await deleteGroup(kafka, throwaway);
  }
}

/**
 * With no history to measure: one call share of the first tier per record (its prompt reckoned at
 * a pack's share of the instructions and a narrative, its answer at half the output budgeted), and
 * a fifth of the records going on to the next tier too. Said as assumed.
 */
function assumedCost(tiers: Config['tiers'], prices: PriceTable): CostPerModelRecord {
  const ESCALATED = 0.2;
  const INPUT_TOKENS_PER_RECORD = 250;
  let real = 0;
  let batch = 0;
  for (const [i, tier] of tiers.slice(0, 2).entries()) {
    const model = tier.models[0]!;
    const price = findPrice(prices, model.provider, model.model);
    if (!price) continue;
    const nano =
      ((INPUT_TOKENS_PER_RECORD * price.input + (tier.outputTokensPerRecord / 2) * price.output) / 1e6) * 1e9 * (i === 0 ? 1 : ESCALATED);
    real += nano;
    batch += nano * (1 - price.batchDiscount);
  }
  return { realTimeNano: real, batchNano: batch, basis: 'assumed: no recent extraction on the output topic to measure' };
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
