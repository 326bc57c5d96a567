/**
 * Records per second through Kafka, in one run: a plain passthrough consumer→producer (decode
 * nothing, copy each value to an output topic, commit; kafkajs with its own partitioner, and the
 * install's patches to its grouping and record encoding, ops/patches) as the baseline, then the
 * extraction service on a rules-answerable stream (Avro in and out, transactions,
 * micro-batching). The figure that matters is the ratio. Each part also reports the CPU time its
 * process spent a record (all its threads), steadier than the wall time when other processes share
 * the cores, as they do here, and the event loop's thread's own: with rules workers that is what
 * bounds the throughput on a machine with cores to spare.
 * Run: `npm run bench -- kafka-throughput` (starts Kafka and the registry when needed).
 * BENCH_CPU_PROFILE=FILE writes a CPU profile of the pipeline's part alone (open it in Chrome
 * DevTools or any .cpuprofile viewer). PARSIMONY_RULES_WORKERS sets the rules workers as it does
 * for the service (default auto: the cores but two); BENCH_RULES=precomputed takes prepare and
 * the rules out of the timed part (see rulesMode). The process runs with the V8 options and the
 * allocator setting the bin starts `run` with (src/cli/heap-limit.ts: its semi-spaces, heap limit
 * and V8's collection), relaunching itself when started without them, and holds the service's
 * memory ceiling while the pipeline runs: both figures are taken under them.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { Partitioners } from 'kafkajs';
import { holdServiceMemoryCeiling } from '../src/cli/build-service.ts';
import { allocatorEnv, v8Options } from '../src/cli/heap-limit.ts';
import { systemClock } from '../src/common/clock.ts';
import { createLogger } from '../src/common/logger.ts';
import { createMetrics } from '../src/common/metrics.ts';
import { loadConfig } from '../src/config/config.ts';
import { createKafka } from '../src/connect/kafka.ts';
import { createSchemaRegistry } from '../src/connect/registry.ts';
import type { TransactionNarrative } from '../src/contract/records.ts';
import { generate } from '../src/dev/generator/generate.ts';
import { avroEncoders } from '../src/emit/encode.ts';
import type { PipelineDeps } from '../src/pipeline/pipeline.ts';
import { prepareAndRule, RulesPool, rulesWorkerCount } from '../src/pipeline/rules-pool.ts';
import { prepare } from '../src/prepare/prepare.ts';
import { loadPriceTable } from '../src/pricing/price-table.ts';
import { SkeletonSightings } from '../src/routing/skeleton-sightings.ts';
import { applyRules, rulesInputOf } from '../src/rules/apply-rules.ts';
import { answersAlone } from '../src/rules/rules-result.ts';
import { KafkaService } from '../src/runner/kafka-service.ts';
import { applyCatalogue } from '../src/topics/apply.ts';
import { loadCatalogue, topicByName, withTopicPrefix } from '../src/topics/catalogue.ts';
import { loadSchemas } from '../src/topics/schemas.ts';

const runOptions = v8Options(['run'], process.env, process.execArgv);
if (!runOptions.every((option) => process.execArgv.includes(option))) {
  const argv = [process.execPath, ...runOptions, ...process.execArgv, fileURLToPath(import.meta.url)];
  // Node 24 has execve; the bench runs on the project's Node only.
  process.execve!(process.execPath, argv, allocatorEnv(['run'], process.env));
}

const COUNT = Number(process.env.BENCH_RECORDS ?? 20_000);
const run = `bench-${Date.now().toString(36)}`;
const logger = createLogger({ level: 'warn' });
const config = loadConfig({
  env: { ...process.env, PARSIMONY_KAFKA_GROUP_ID: `${run}-svc`, PARSIMONY_BATCH_MAX_RECORDS: '1000', PARSIMONY_BATCH_MAX_WAIT_MS: '50' },
}).config;
const kafka = createKafka(config.kafka, logger);
const registry = createSchemaRegistry(config.registry);
const admin = kafka.admin();

const catalogue = withTopicPrefix(loadCatalogue(), `${run}.`);
const topics = {
  input: topicByName(catalogue, 'narratives.raw.v1').name,
  extractions: topicByName(catalogue, 'extractions.v1').name,
  deadLetters: topicByName(catalogue, 'narratives.dlq.v1').name,
};
const passthroughOut = `${run}.passthrough.out`;
const rulesWorkers = rulesWorkerCount(config.stream.rulesWorkers);
const rulesPool = rulesWorkers > 0 ? new RulesPool({ size: rulesWorkers, logger }) : undefined;
/**
 * BENCH_RULES=precomputed: prepare and the rules are done before the timed part and the pipeline
 * looks their results up, so the figure says what the rest of the path (Kafka, Avro, validation,
 * the cascade, encoding, transactions) costs on its own. Diagnostic only: the service never runs so.
 */
const rulesMode = process.env.BENCH_RULES === 'precomputed' ? 'precomputed' : 'live';

function rulesAnswerable(count: number) {
  const out = [];
  for (const { record } of generate({ count: count * 20, seed: 5 })) {
    const p = prepare(record);
    if (answersAlone(applyRules(rulesInputOf(p)))) out.push(record);
    if (out.length === count) break;
  }
  return out;
}

/**
 * Done when the group has committed every input record: a committed offset moves only after the
 * outputs are out, and unlike an output topic's end offset it counts no transaction markers.
 */
async function waitForCommitted(groupId: string, total: number): Promise<void> {
  for (;;) {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topics.input] });
    if (offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) >= total) return;
    await systemClock.sleep(50);
  }
}

async function passthrough(total: number): Promise<Measured> {
  const consumer = kafka.consumer({ groupId: `${run}-pass`, maxWaitTimeInMs: 50 });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: topics.input, fromBeginning: true });
  const started = performance.now();
  const startedCpu = cpuMark();
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: config.stream.partitionsConcurrently,
    eachBatch: async ({ batch }) => {
      await producer.send({ topic: passthroughOut, acks: -1, messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) });
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }]);
    },
  });
  await waitForCommitted(`${run}-pass`, total);
  const measured = measure(total, started, startedCpu);
  await consumer.disconnect();
  await producer.disconnect();
  return measured;
}

type Measured = { recordsPerSecond: number; cpuMicrosPerRecord: number; eventLoopCpuMicrosPerRecord: number };
type CpuMark = { process: NodeJS.CpuUsage; eventLoop: NodeJS.CpuUsage };

const cpuMark = (): CpuMark => ({ process: process.cpuUsage(), eventLoop: process.threadCpuUsage() });

/** Records a second of wall time, and the CPU time (user + system) spent a record since `startedCpu`: by the process, by the event loop's thread. */
function measure(total: number, started: number, startedCpu: CpuMark): Measured {
  const seconds = (performance.now() - started) / 1000;
  const all = process.cpuUsage(startedCpu.process);
  const eventLoop = process.threadCpuUsage(startedCpu.eventLoop);
  return {
    recordsPerSecond: total / seconds,
    cpuMicrosPerRecord: (all.user + all.system) / total,
    eventLoopCpuMicrosPerRecord: (eventLoop.user + eventLoop.system) / total,
  };
}

async function pipeline(total: number): Promise<Measured> {
  const metrics = createMetrics();
  const service = new KafkaService({
    kafka,
    registry,
    config,
    topics,
    encoders: await avroEncoders(registry, topics),
    logger,
    clock: systemClock,
    // Skeleton sightings kept across windows, as the service keeps them (src/cli/build-pipeline.ts).
    pipeline: { tiers: [], prices: loadPriceTable(), now: systemClock.now, metrics, sightings: new SkeletonSightings(), ...rulesStage() },
  });
  const releaseCeiling = holdServiceMemoryCeiling('run', { config, clock: systemClock, logger, metrics });
  const profile = await startProfile(process.env.BENCH_CPU_PROFILE);
  const started = performance.now();
  const startedCpu = cpuMark();
  await service.start();
  await waitForCommitted(config.kafka.groupId, total);
  const measured = measure(total, started, startedCpu);
  await profile?.stop();
  releaseCeiling();
  await service.stop();
  return measured;
}

function rulesStage(): Pick<PipelineDeps, 'rulesPool'> {
  if (rulesMode === 'live') return rulesPool ? { rulesPool } : {};
  const ruled = new Map(records.map((r) => [r.record_id, prepareAndRule(r)]));
  // Each result let go once used: what is held shrinks as the pipeline goes, as the service's would.
  const take = (r: TransactionNarrative) => {
    const found = ruled.get(r.record_id) ?? prepareAndRule(r);
    ruled.delete(r.record_id);
    return found;
  };
  return { rulesPool: { run: async (window) => window.map(take), close: async () => {} } };
}

async function startProfile(path: string | undefined): Promise<{ stop(): Promise<void> } | null> {
  if (!path) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

await admin.connect();
await applyCatalogue({ admin, registry, registryConfig: config.registry, catalogue, schemas: loadSchemas() });
await admin.createTopics({ topics: [{ topic: passthroughOut, numPartitions: 6, replicationFactor: 1 }] });
const records = rulesAnswerable(COUNT);
const id = await registry.getLatestSchemaId(`${topics.input}-value`);
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
await producer.connect();
const messages = await Promise.all(records.map(async (r) => ({ key: r.record_id, value: await registry.encode(id, r) })));
for (let i = 0; i < messages.length; i += 5_000)
  await producer.send({ topic: topics.input, acks: -1, messages: messages.slice(i, i + 5_000) });
await producer.disconnect();

const baseline = await passthrough(records.length);
const extraction = await pipeline(records.length);
await rulesPool?.close();
await admin.deleteTopics({ topics: [...catalogue.topics.map((t) => t.name), passthroughOut] }).catch(() => undefined);
await admin.disconnect();
console.log(
  JSON.stringify(
    {
      bench: 'kafka-throughput',
      records: records.length,
      rulesWorkers,
      rules: rulesMode,
      nodeOptions: process.execArgv,
      passthroughRecordsPerSecond: Math.round(baseline.recordsPerSecond),
      pipelineRecordsPerSecond: Math.round(extraction.recordsPerSecond),
      pipelineOverPassthrough: +(extraction.recordsPerSecond / baseline.recordsPerSecond).toFixed(3),
      passthroughCpuMicrosPerRecord: +baseline.cpuMicrosPerRecord.toFixed(1),
      pipelineCpuMicrosPerRecord: +extraction.cpuMicrosPerRecord.toFixed(1),
      passthroughEventLoopCpuMicrosPerRecord: +baseline.eventLoopCpuMicrosPerRecord.toFixed(1),
      pipelineEventLoopCpuMicrosPerRecord: +extraction.eventLoopCpuMicrosPerRecord.toFixed(1),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
