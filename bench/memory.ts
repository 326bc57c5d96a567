/**
 * Peak resident memory by the number of records, of `parsimony extract` on a file and of
 * `parsimony run` on a backlog in its input topic: the target is the same figure, at most
 * 300 MiB, whatever the count. For each
 * size the file is generated (how long that took is reported), a `parsimony simulator` process
 * answers as every provider (its own memory, holding the truth, is not the one measured), and
 * `extract --simulator-url` runs in a process of its own with a fresh template cache; its peak RSS
 * comes from its --report. It is started as users start it: the `parsimony` bin (with its V8
 * options) on the compiled build, which the bench makes first. The smallest size is the baseline
 * the others are divided by.
 * For `run`, the same file is published (Avro, through the registry) to the input topic of a
 * deployment of its own (a topic prefix, its own group and template index on the real servers),
 * then `run --simulator-url` starts on that backlog and is stopped once its group has committed
 * every record; its peak is the kernel's high-water mark of its resident set (VmHWM).
 * Run: `npm run bench -- memory`; BENCH_SIZES (default 10000,100000,1000000), BENCH_COMMANDS
 * (default extract,run); BENCH_NODE_OPTIONS (node and V8 options for the measured commands, e.g.
 * "--heap-growing-percent=30", to weigh one before it becomes a default). Writes docs/memory.json.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Partitioners } from 'kafkajs';
import { deleteTemplateIndices } from '../src/cache/elasticsearch-index.ts';
import { createLogger } from '../src/common/logger.ts';
import { loadConfig } from '../src/config/config.ts';
import { createElasticsearch } from '../src/connect/elasticsearch.ts';
import { createKafka } from '../src/connect/kafka.ts';
import { createSchemaRegistry } from '../src/connect/registry.ts';
import { deleteRouteLogIndex } from '../src/routing/elasticsearch-route-log.ts';
import { loadCatalogue, topicByName, withTopicPrefix } from '../src/topics/catalogue.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const COMMANDS = (process.env.BENCH_COMMANDS ?? 'extract,run').split(',');
const TARGET_MIB = 300;
const MEASURED_NODE_OPTIONS = (process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
const cli = new URL('../bin/parsimony.js', import.meta.url).pathname;
const noKeys = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = noKeys()): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const options = args[0] === 'extract' ? MEASURED_NODE_OPTIONS : [];
  const child = spawn(process.execPath, [...options, cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`parsimony ${args[0]} exited ${code}:\n${stdout}`);
  return { seconds: (performance.now() - started) / 1000, stdout };
}

async function startSimulator(records: string, truth: string, cwd: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'simulator', '--truth', truth, '--records', records, '--port', '0', '--time-scale', '0'], {
    cwd,
    env: noKeys(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk) => {
    printed += chunk;
  });
  for (;;) {
    const url = /^listening +(http:\/\/\S+)/m.exec(printed)?.[1];
    if (url) return { url, child };
    if (child.exitCode !== null) throw new Error(`the simulator exited:\n${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: new URL('..', import.meta.url).pathname, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
const builtAt = Date.now();

/** Files under `dir` changed since `since` (ms). The bin runs the sources, not the build, once one has. */
function changedSince(dir: string, since: number): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > since)
    .map((entry) => join(entry.parentPath, entry.name));
}

type Row = { command: string; records: number; generate_seconds: number; seconds: number; peak_rss_mib: number };
const rows: Row[] = [];
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), `parsimony-memory-${size}-`));
  try {
    const records = join(dir, 'narratives.jsonl');
    const truth = join(dir, 'truth.jsonl');
    const generated = await run(['generate', '--count', String(size), '--output', records, '--truth', truth, '--seed', '5'], dir);
    const simulator = await startSimulator(records, truth, dir);
    try {
      for (const command of COMMANDS) {
        const measured = command === 'run' ? await runOnBacklog(records, simulator.url, dir) : await extract(records, simulator.url, dir);
        const row = { command, records: size, generate_seconds: Math.round(generated.seconds * 10) / 10, ...measured };
        console.log(JSON.stringify(row));
        rows.push(row);
      }
    } finally {
      simulator.child.kill('SIGTERM');
      await once(simulator.child, 'exit');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function extract(records: string, simulatorUrl: string, dir: string) {
  const report = join(dir, 'report.json');
  const extracted = await run(
    [
      'extract',
      '--input',
      records,
      '--output',
      join(dir, 'out.jsonl'),
      '--simulator-url',
      simulatorUrl,
      '--report',
      report,
      '--allow-failures',
    ],
    dir,
  );
  const summary = JSON.parse(readFileSync(report, 'utf8')) as { peak_rss_bytes: number; heap_limit_bytes: number };
  return {
    seconds: Math.round(extracted.seconds * 10) / 10,
    peak_rss_mib: Math.round(summary.peak_rss_bytes / 2 ** 20),
    heap_limit_mib: Math.round(summary.heap_limit_bytes / 2 ** 20),
  };
}

async function runOnBacklog(records: string, simulatorUrl: string, dir: string) {
  const name = `bench-memory-${Date.now().toString(36)}`;
  const env = {
    ...noKeys(),
    PARSIMONY_KAFKA_TOPIC_PREFIX: `${name}.`,
    PARSIMONY_KAFKA_GROUP_ID: name,
    PARSIMONY_CACHE_INDEX: `${name}-templates`,
    PARSIMONY_METRICS_PORT: '0',
    PARSIMONY_LOG_LEVEL: 'warn',
  };
  const config = loadConfig({ env }).config;
  const catalogue = withTopicPrefix(loadCatalogue(), config.kafka.topicPrefix);
  const input = topicByName(catalogue, 'narratives.raw.v1').name;
  const kafka = createKafka(config.kafka, createLogger({ level: 'warn' }));
  const admin = kafka.admin();
  await admin.connect();
  try {
    await run(['topics', 'apply'], dir, env);
    const total = await publish(kafka, createSchemaRegistry(config.registry), input, records);
    const started = performance.now();
    const child = spawn(process.execPath, [...MEASURED_NODE_OPTIONS, cli, 'run', '--simulator-url', simulatorUrl], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = once(child, 'exit');
    let peak = 0;
    let heapLimit: number | null = null;
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`parsimony run exited ${child.exitCode} before the backlog was done`);
        // Read while the process is alive: the high-water mark goes with it.
        peak = highWaterMarkKiB(child.pid!);
        heapLimit ??= heapLimitOption(child.pid!);
        const [offsets] = await admin.fetchOffsets({ groupId: name, topics: [input] });
        const committed = offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
        if (committed >= total) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    return {
      seconds: Math.round((performance.now() - started) / 100) / 10,
      peak_rss_mib: Math.round(peak / 1024),
      heap_limit_mib: heapLimit,
    };
  } finally {
    await admin.deleteTopics({ topics: catalogue.topics.map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
    const es = createElasticsearch(config.elasticsearch);
    await deleteTemplateIndices(es, config.cache.index).catch(() => undefined);
    await deleteRouteLogIndex(es, `${config.cache.index}-routes`).catch(() => undefined);
    await es.close();
  }
}

/** Publishes the file's records as a producer would, Avro through the registry; returns how many. */
async function publish(
  kafka: ReturnType<typeof createKafka>,
  registry: ReturnType<typeof createSchemaRegistry>,
  topic: string,
  records: string,
): Promise<number> {
  const id = await registry.getLatestSchemaId(`${topic}-value`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  let total = 0;
  let messages: { key: string; value: Buffer }[] = [];
  const flush = async () => {
    await producer.send({ topic, acks: -1, messages });
    total += messages.length;
    messages = [];
  };
  for await (const line of createInterface({ input: createReadStream(records), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { record_id: string };
    messages.push({ key: record.record_id, value: await registry.encode(id, record) });
    if (messages.length === 5_000) await flush();
  }
  if (messages.length > 0) await flush();
  await producer.disconnect();
  return total;
}

/** The old generation's limit the bin gave the process (`--max-old-space-size`), or null for V8's own. */
function heapLimitOption(pid: number): number | null {
  const option = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    .split('\0')
    .find((a) => a.startsWith('--max-old-space-size='));
  return option ? Number(option.split('=')[1]) : null;
}

function highWaterMarkKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
}

const smallest = (command: string) => rows.find((r) => r.command === command)!.peak_rss_mib;
const out = {
  bench: 'memory',
  definitions: {
    peak_rss_mib:
      'peak resident memory of the process, MiB, started by bin/parsimony.js on the compiled build: extract from its own report (process.resourceUsage().maxRSS), run from /proc/PID/status VmHWM',
    seconds: 'extract: the whole run; run: from start until its group had committed the whole backlog',
    heap_limit_mib:
      "V8's heap limit the bin set from the configured bounds (src/cli/heap-limit.ts): extract from its report (heap_size_limit: old plus young generation), run from its --max-old-space-size",
    ratio_to_smallest: 'peak RSS over that of the same command at the smallest size in the same run: 1 is flat',
  },
  ...(MEASURED_NODE_OPTIONS.length > 0 ? { node_options: MEASURED_NODE_OPTIONS } : {}),
  rows: rows.map((r) => ({ ...r, ratio_to_smallest: Math.round((r.peak_rss_mib / smallest(r.command)) * 100) / 100 })),
  targets: { at_most_300_mib_at_every_size: rows.every((r) => r.peak_rss_mib <= TARGET_MIB) },
};
// A figure taken from the sources is not the build's (type stripping alone adds ~30 MiB at start).
const changed = changedSince(new URL('../src', import.meta.url).pathname, builtAt);
if (changed.length > 0) throw new Error(`sources changed during the bench (${changed.join(', ')}): not written; run it again`);
mkdirSync('docs', { recursive: true });
writeFileSync('docs/memory.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
