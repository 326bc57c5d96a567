/**
 * The fault suite (`npm run test:faults`): the Kafka service on its own Kafka, registry and
 * Elasticsearch, with the provider simulator as every provider, under a stream of generated
 * records, narratives carrying secrets and bad input, while faults strike on a schedule. Then it
 * checks that every input came out exactly once, that the costs reconcile call by call with what
 * the simulator billed, that no secret left, and that every bad input was dead-lettered with its
 * reason; writes the report; and exits 1 when any of that failed.
 *
 * `npm run test:faults` runs the full suite (100,000 records, every fault, five kills) and writes
 * docs/faults.json; `npm run test:faults -- --trimmed` 20,000 records and one of each fault, its
 * report in the run folder (about 7.5 minutes on two cores). Settings, all optional:
 *   FAULT_RECORDS          generated records (100,000; trimmed 20,000)
 *   FAULT_SEED             seeds the generator, the corpus and the simulator (1)
 *   FAULT_TIME_SCALE       the simulator's latency scale (0.05)
 *   FAULT_TIMEOUT_MINUTES  gives up when the group has not committed everything by then (90; trimmed 20)
 *   FAULT_KEEP_STACK=1     leaves the servers up afterwards, to look around
 *   FAULTS_RUN             the state folder (.run/faults); the servers' ports: FAULTS_KAFKA_PORT (19092),
 *                          FAULTS_KAFKA_CONTROLLER_PORT (19093), FAULTS_REGISTRY_PORT (18081),
 *                          FAULTS_REGISTRY_MANAGEMENT_PORT (18082), FAULTS_ES_PORT (19200), FAULTS_ES_TRANSPORT_PORT (19300)
 *   --report FILE          where the report goes
 * The logs, the simulator's requests and the group's samples of the last run stay in FAULTS_RUN/suite.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { createLogger } from '#src/common/logger.ts';
import { loadConfig } from '#src/config/config.ts';
import { createElasticsearch } from '#src/connect/elasticsearch.ts';
import { createKafka } from '#src/connect/kafka.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import { FaultInjector, type Struck } from './inject.ts';
import { buildInput } from './input.ts';
import { Instances } from './instances.ts';
import { CliProcess, withoutProviderKeys } from './processes.ts';
import { lagOf } from './recovery.ts';
import { endedByDesign, type InstanceExit } from './report.ts';
import { faultSchedule } from './schedule.ts';
import { faultStack, ops, SERVERS } from './stack.ts';
import { produceSteadily } from './stream.ts';
import { verifyRun } from './verify.ts';
import { GroupWatch } from './watch.ts';

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const TOPICS = { input: 'narratives.raw.v1', extractions: 'extractions.v1', deadLetters: 'narratives.dlq.v1' };
const GROUP = 'parsimony-faults';
const TEMPLATE_INDEX = 'parsimony-templates';

type Options = {
  mode: 'trimmed' | 'full';
  records: number;
  seed: number;
  timeScale: number;
  report: string;
  keepStack: boolean;
  timeoutMinutes: number;
};

function options(argv: readonly string[], env: NodeJS.ProcessEnv, runDir: string): Options {
  const mode = argv.includes('--trimmed') || env.FAULT_TRIMMED === '1' ? 'trimmed' : 'full';
  const reportAt = argv.indexOf('--report');
  return {
    mode,
    records: Number(env.FAULT_RECORDS ?? (mode === 'trimmed' ? 20_000 : 100_000)),
    seed: Number(env.FAULT_SEED ?? 1),
    timeScale: Number(env.FAULT_TIME_SCALE ?? 0.05),
    report: reportAt >= 0 ? argv[reportAt + 1]! : mode === 'full' ? join(ROOT, 'docs', 'faults.json') : join(runDir, 'faults.json'),
    keepStack: env.FAULT_KEEP_STACK === '1',
    timeoutMinutes: Number(env.FAULT_TIMEOUT_MINUTES ?? (mode === 'trimmed' ? 20 : 90)),
  };
}

const log = (message: string) => process.stderr.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<number> {
  const stack = faultStack(ROOT, process.env);
  const opts = options(process.argv.slice(2), process.env, stack.runDir);
  const schedule = faultSchedule(opts.mode);
  const work = join(stack.runDir, 'suite');
  const logs = join(work, 'logs');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(logs, { recursive: true });
  const started = Date.now();
  const hardDeadline = started + opts.timeoutMinutes * 60_000;
  const serviceEnv = {
    ...withoutProviderKeys(process.env),
    ...stack.serviceEnv,
    PARSIMONY_LOG_LEVEL: 'info',
    PARSIMONY_KAFKA_GROUP_ID: GROUP,
    PARSIMONY_METRICS_PORT: '0',
    PARSIMONY_CACHE_INDEX: TEMPLATE_INDEX,
  };
  const { config } = loadConfig({ env: serviceEnv });
  const logger = createLogger({ level: 'error' });
  const kafka: Kafka = createKafka({ ...config.kafka, clientId: 'parsimony-faults-suite' }, logger, { quiet: true });
  const registry = createSchemaRegistry(config.registry);
  const elasticsearch = createElasticsearch({ ...config.elasticsearch, requestTimeoutMs: 30_000 });

  log(
    `${opts.mode} run, ${opts.records} records; own stack in ${stack.runDir}: Kafka ${stack.ports.kafka}, registry ${stack.ports.registry}, Elasticsearch ${stack.ports.elasticsearch}`,
  );
  // Whatever an earlier run of the suite left running is its own (the pid files of its run folder): stopped, then started afresh.
  for (const server of SERVERS) await ops(ROOT, stack, server, 'down');
  await Promise.all(SERVERS.map((server) => ops(ROOT, stack, server, 'up', { fresh: true })));
  let simulator: CliProcess | undefined;
  let instances: Instances | undefined;
  let watch: GroupWatch | undefined;
  let cleaning: Promise<void> | undefined;
  let supervising = true;
  // Everything the suite started is stopped, whether it ends, fails or is interrupted.
  const cleanUp = () =>
    (cleaning ??= (async () => {
      supervising = false;
      await watch?.stop();
      await instances?.stopAll();
      await simulator?.stop('SIGTERM', 10_000);
      await elasticsearch.close().catch(() => undefined);
      if (!opts.keepStack) for (const server of SERVERS) await ops(ROOT, stack, server, 'down').catch(() => undefined);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything the suite started`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    const apply = new CliProcess(['topics', 'apply'], { env: serviceEnv, logFile: join(logs, 'topics-apply.log') });
    if ((await apply.exited) !== 0) throw new Error(`topics apply failed; see ${apply.logFile}`);

    // --- the input: generated records, narratives with secrets, bad input ---------------------------
    const input = await buildInput({ registry, inputTopic: TOPICS.input, records: opts.records, seed: opts.seed, dir: work, root: ROOT });
    const messages = input.messages;
    log(
      `${input.generated} generated records, ${input.secretRecordIds.length} narratives with secrets, ${input.bad.length} bad inputs; ${input.secrets.length} secrets planted`,
    );

    // --- the simulator and the service -------------------------------------------------------------
    const requestsFile = join(work, 'simulator-requests.jsonl');
    simulator = new CliProcess(
      [
        'simulator',
        '--truth',
        input.files.truth,
        '--records',
        input.files.narratives,
        '--port',
        '0',
        '--seed',
        String(opts.seed),
        '--time-scale',
        String(opts.timeScale),
        '--record-requests',
        requestsFile,
      ],
      { env: serviceEnv, logFile: join(logs, 'simulator.log') },
    );
    const simulatorUrl = (await simulator.waitFor(/^listening +(http:\/\/\S+)/m, 180_000))[1]!;
    instances = new Instances({ env: serviceEnv, simulatorUrl, logDir: logs });
    const origin = Date.now();
    watch = new GroupWatch({ kafka, groupId: GROUP, topic: TOPICS.input, origin });
    watch.start();
    instances.start('extractor-1');
    const stream = produceSteadily(kafka, { topic: TOPICS.input, messages, durationMs: schedule.streamSeconds * 1000 });
    log(`simulator at ${simulatorUrl}; streaming ${messages.length} messages over ${schedule.streamSeconds} s`);

    // --- faults, while a supervisor restarts what stops by itself ----------------------------------
    const exits: InstanceExit[] = [];
    const supervisor = (async () => {
      while (supervising) {
        for (const { name, code, logFile } of instances!.unexpectedExits()) {
          await instances!.exited(name);
          const exit = {
            name,
            at: (Date.now() - origin) / 1000,
            code,
            designed: endedByDesign(code, readFileSync(logFile, 'utf8').slice(-4_000)),
          };
          exits.push(exit);
          log(`${name} stopped by itself (exit code ${code}${exit.designed ? ': its consumer crashed for good' : ''}); starting it again`);
          instances!.forget(name);
          instances!.start(name);
        }
        await sleep(1_000);
      }
    })();
    const struck: Struck[] = [];
    const injector = new FaultInjector({
      root: ROOT,
      stack,
      instances,
      simulatorUrl,
      elasticsearch,
      templateIndex: TEMPLATE_INDEX,
      kafka,
      groupId: GROUP,
      topic: TOPICS.input,
      origin,
      log,
    });
    let streamFailed: unknown;
    stream.done.catch((error: unknown) => {
      streamFailed = error;
    });
    for (const step of schedule.steps) {
      const wait = origin + step.at * 1000 - Date.now();
      if (wait > 0) await sleep(wait);
      if (streamFailed) throw streamFailed;
      log(`${step.kind} (lag ${watch.last ? lagOf(watch.last) : '?'}, ${stream.sent} of ${stream.total} sent)`);
      const done = await injector.strike(step);
      log(`  ${done.detail}`);
      struck.push(done);
    }
    await stream.done;
    log(`stream sent ${stream.sent} messages; waiting for the group to commit them all`);

    for (;;) {
      const last = watch.last;
      if (last && Date.now() - origin - last.t * 1000 < 3_000 && lagOf(last) === 0) break;
      if (Date.now() > hardDeadline) throw new Error(`the group did not commit everything within ${opts.timeoutMinutes} minutes`);
      await sleep(2_000);
    }
    const finishedAt = (Date.now() - origin) / 1000;
    log(`all committed at ${finishedAt.toFixed(1)} s`);
    supervising = false;
    await supervisor;
    await watch.stop();
    await instances.stopAll();
    await simulator.stop('SIGTERM', 15_000);

    // --- read back what came out, and the verdict ------------------------------------------------------
    writeFileSync(join(work, 'group-samples.jsonl'), watch.samples.map((sample) => `${JSON.stringify(sample)}\n`).join(''));
    const { report, failures } = await verifyRun(
      {
        mode: opts.mode,
        input,
        struck,
        samples: watch.samples,
        exits,
        requestsFile,
        logFiles: instances.started.map((p) => p.logFile),
        streamS: schedule.streamSeconds,
        allCommittedAtS: finishedAt,
        startedAt: started,
        seed: opts.seed,
      },
      { kafka, registry, elasticsearch, topics: TOPICS, templateIndex: TEMPLATE_INDEX, log },
    );
    writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
    log(`report written to ${opts.report}`);
    for (const failure of failures) log(`FAILED: ${failure}`);
    if (failures.length === 0) log('passed: every input once, costs reconciled, no secret left, every bad input dead-lettered');
    return failures.length === 0 ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

const code = await main().catch((error: unknown) => {
  log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
// Everything the suite started is stopped by now; a client's stray timer must not keep CI waiting.
process.exit(code);
