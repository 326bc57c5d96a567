/**
 * The fault suite (`npm run test:faults`): the Kafka service on its own Kafka, registry and
 * Elasticsearch, with the provider simulator as every provider, under a stream of generated
 * records, narratives carrying secrets and bad input, while faults strike on a schedule. Then it
 * checks that every input came out exactly once, that the costs reconcile call by call with what
 * the simulator billed, that no secret left, and that every bad input was dead-lettered with its
 * reason; writes the report; and exits 1 when any of that failed.
 *
 * `npm run test:faults` runs the full suite (FAULT_RECORDS, default 100,000, every fault, five
 * kills) and writes docs/faults.json; `npm run test:faults -- --trimmed` (CI) 20,000 records and
 * one of each fault, its report in the run folder. See the README for every setting.
 */
import { createReadStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import { createLogger } from '#src/common/logger.ts';
import { loadConfig } from '#src/config/config.ts';
import { createElasticsearch } from '#src/connect/elasticsearch.ts';
import { createKafka } from '#src/connect/kafka.ts';
import { createSchemaRegistry } from '#src/connect/registry.ts';
import type { DeadLetter, Extraction } from '#src/contract/records.ts';
import { generate } from '#src/dev/generator/generate.ts';
import { writeJsonl } from '#src/dev/generator/jsonl.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { account } from './accounting.ts';
import { checkBadInputs } from './bad-inputs.ts';
import { badInputs, type Secret, secretNarratives } from './corpus.ts';
import { FaultInjector, type Struck } from './inject.ts';
import { Instances } from './instances.ts';
import { CliProcess, withoutProviderKeys } from './processes.ts';
import { readToEnd, readTopic } from './read-topic.ts';
import { type BilledCall, reconcile } from './reconcile.ts';
import { commitsResumedAfter, lagOf, rebalancedAfter, type Sample } from './recovery.ts';
import { buildReport, endedByDesign, failuresOf, type InstanceExit } from './report.ts';
import { printedCards, scanForLeaks } from './scan.ts';
import { faultSchedule } from './schedule.ts';
import { faultStack, ops, SERVERS } from './stack.ts';
import { type InputMessage, produceSteadily } from './stream.ts';
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

/** `count` items spread evenly through `stream`, in order. */
function interleave<T>(stream: readonly T[], extra: readonly T[]): T[] {
  const out: T[] = [];
  const every = Math.max(1, Math.floor(stream.length / (extra.length + 1)));
  let next = 0;
  stream.forEach((item, i) => {
    out.push(item);
    if ((i + 1) % every === 0 && next < extra.length) out.push(extra[next++]!);
  });
  return [...out, ...extra.slice(next)];
}

async function* jsonLines(path: string): AsyncGenerator<Record<string, unknown>> {
  for await (const line of createInterface({ input: createReadStream(path) })) if (line.trim()) yield JSON.parse(line);
}

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
    const generated = [...generate({ count: opts.records, seed: opts.seed, formats: 'all' })];
    const narratives = join(work, 'narratives.jsonl');
    const truth = join(work, 'truth.jsonl');
    await writeJsonl(generated, { narratives, truth });
    const plantedByGenerator: Secret[] = generated.flatMap(({ record, meta }) =>
      meta.traps.includes('card-number')
        ? printedCards(record.narrative).map((value) => ({ kind: 'CARD' as const, value, label: 'card planted by the generator' }))
        : [],
    );
    const narrativeSchema = await registry.getLatestSchemaId(`${TOPICS.input}-value`);
    const narrativeAvsc = JSON.parse(readFileSync(join(ROOT, 'schemas', 'TransactionNarrative.avsc'), 'utf8'));
    const nullable = {
      ...narrativeAvsc,
      fields: narrativeAvsc.fields.map((f: { name: string; type: unknown }) =>
        typeof f.type === 'string' ? { ...f, type: ['null', f.type], default: null } : f,
      ),
    };
    const { id: nullableSchema } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(nullable) },
      { subject: 'faults.nullable-narrative-value' },
    );
    const { id: otherSchema } = await registry.register(
      {
        type: SchemaType.AVRO,
        schema: JSON.stringify({ type: 'record', name: 'Other', namespace: 'faults', fields: [{ name: 'x', type: 'int' }] }),
      },
      { subject: 'faults.other-value' },
    );
    const now = Date.now();
    const secretRecords = secretNarratives(opts.seed, now);
    const bad = await badInputs(
      opts.seed,
      {
        narrative: (r) => registry.encode(narrativeSchema, r),
        nullable: (r) => registry.encode(nullableSchema, r),
        other: (v) => registry.encode(otherSchema, v),
      },
      now,
    );
    const secrets = [...plantedByGenerator, ...secretRecords.secrets, ...bad.secrets];
    const good: InputMessage[] = await Promise.all(
      generated.map(async ({ record }) => ({ key: record.record_id, value: await registry.encode(narrativeSchema, record) })),
    );
    const extra: InputMessage[] = [
      ...(await Promise.all(
        secretRecords.records.map(async (r) => ({ key: r.record_id, value: await registry.encode(narrativeSchema, r) })),
      )),
      ...bad.inputs.map((b) => ({ key: b.key, value: b.value })),
    ];
    const messages = interleave(good, extra);
    log(
      `${good.length} generated records (${plantedByGenerator.length} card numbers planted by the generator), ${secretRecords.records.length} narratives with secrets, ${bad.inputs.length} bad inputs`,
    );

    // --- the simulator and the service -------------------------------------------------------------
    const requestsFile = join(work, 'simulator-requests.jsonl');
    simulator = new CliProcess(
      [
        'simulator',
        '--truth',
        truth,
        '--records',
        narratives,
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

    // --- read back what came out ---------------------------------------------------------------------
    const inputs = await readToEnd(kafka, { topic: TOPICS.input, groupId: `faults-read-in-${origin}`, timeoutMs: 180_000 });
    const letterMessages = await readTopic(kafka, {
      topic: TOPICS.deadLetters,
      groupId: `faults-read-dlq-${origin}`,
      complete: (m) => m.length >= bad.inputs.length,
      quietMs: 5_000,
      timeoutMs: 120_000,
    });
    const outputMessages = await readTopic(kafka, {
      topic: TOPICS.extractions,
      groupId: `faults-read-out-${origin}`,
      complete: (m) => m.length + letterMessages.length >= inputs.length,
      quietMs: 5_000,
      timeoutMs: 600_000,
    });
    const outputs: Extraction[] = [];
    for (const { message } of outputMessages) outputs.push((await registry.decode(message.value!)) as Extraction);
    const letters: DeadLetter[] = [];
    for (const { message } of letterMessages) letters.push((await registry.decode(message.value!)) as DeadLetter);
    log(`read back ${inputs.length} inputs, ${outputs.length} extractions, ${letters.length} dead letters`);

    const accounting = account(
      inputs.map(({ partition, message }) => ({
        partition,
        offset: Number(message.offset),
        recordId: message.key?.toString('utf8') ?? null,
      })),
      outputs.map((e) => e.record_id),
      letters,
    );
    const badVerdicts = checkBadInputs(
      bad.inputs,
      inputs.map(({ partition, message }) => ({ partition, offset: Number(message.offset), key: message.key })),
      letters,
      secrets,
    );
    const answeredSecrets = secretRecords.records.filter((r) => outputs.some((e) => e.record_id === r.record_id)).length;

    const billedCalls: BilledCall[] = [];
    const requestTexts: { where: string; text: string }[] = [];
    const requestTimes: { path: string; status: number | undefined; time: number }[] = [];
    for await (const entry of jsonLines(requestsFile)) {
      const { requestId, path, billed, status, time } = entry as {
        requestId?: string;
        path: string;
        billed?: BilledCall['billed'];
        status?: number;
        time: number;
      };
      if (billed && requestId) billedCalls.push({ requestId, path, billed });
      requestTexts.push({ where: `provider request ${requestId ?? '(no id)'}`, text: JSON.stringify(entry.body) });
      requestTimes.push({ path, status, time });
    }
    const costs = reconcile(
      billedCalls,
      outputs.flatMap((e) => e.cost.calls.map((c) => ({ ...c, request_id: c.request_id ?? null }))),
      loadPriceTable(),
    );

    const cacheDocuments: { where: string; text: string }[] = [];
    for await (const doc of elasticsearch.helpers.scrollDocuments({ index: `${TEMPLATE_INDEX}*`, query: { match_all: {} }, size: 1_000 })) {
      cacheDocuments.push({ where: 'cache document', text: JSON.stringify(doc) });
    }
    const logLines = instances.started.flatMap((p) =>
      readFileSync(p.logFile, 'utf8')
        .split('\n')
        .map((text, i) => ({ where: `${p.logFile}:${i + 1}`, text })),
    );
    const leaks = scanForLeaks(
      [
        ...outputs.map((e) => ({ where: `extraction ${e.record_id}`, text: JSON.stringify(e) })),
        ...letters.map((d) => ({
          where: `dead letter ${d.partition}@${d.offset}`,
          text: JSON.stringify({
            ...d,
            original_key: d.original_key?.toString('utf8'),
            original_value: d.original_value?.toString('utf8'),
          }),
        })),
        ...cacheDocuments,
        ...logLines,
        ...requestTexts,
      ],
      secrets,
    );

    const samples: Sample[] = watch.samples;
    writeFileSync(join(work, 'group-samples.jsonl'), samples.map((sample) => `${JSON.stringify(sample)}\n`).join(''));
    const faults = struck.map((s) => {
      const r = s.recovery;
      const seconds =
        r.by === 'commits'
          ? commitsResumedAfter(samples, r.from)
          : r.by === 'rebalance'
            ? rebalancedAfter(samples, r.from, r.members)
            : r.by === 'measured'
              ? r.seconds
              : (() => {
                  const answered = requestTimes.find((q) => r.paths.includes(q.path) && q.status === 200 && q.time >= r.fromEpochMs);
                  return answered ? (answered.time - r.fromEpochMs) / 1000 : undefined;
                })();
      return { kind: s.kind, at: s.at, recovery_s: seconds, detail: s.detail };
    });
    const report = buildReport({
      mode: opts.mode,
      records: inputs.length,
      generated: good.length,
      faults,
      accounting,
      costs,
      leaks,
      secretsPlanted: secrets.length,
      secretNarratives: { sent: secretRecords.records.length, answered: answeredSecrets },
      bad: badVerdicts,
      exits,
      scanned: {
        extractions: outputs.length,
        deadLetters: letters.length,
        cacheDocuments: cacheDocuments.length,
        logLines: logLines.length,
        providerRequests: requestTexts.length,
      },
      durationS: (Date.now() - started) / 1000,
      streamS: schedule.streamSeconds,
      allCommittedAtS: finishedAt,
      seed: opts.seed,
    });
    writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
    log(`report written to ${opts.report}`);
    const failures = failuresOf(report, { leaks, accounting, costs, bad: badVerdicts, exits });
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
