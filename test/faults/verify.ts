/**
 * After the run: reads back everything that came out (the topics as a read_committed consumer
 * sees them, the cache documents, the service's logs, the requests the simulator received) and
 * draws the report's figures from it.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Client } from '@elastic/elasticsearch';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import type { DeadLetter, Extraction } from '#src/contract/records.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { readToEnd, readTopic } from '#test/support/kafka.ts';
import { account } from './accounting.ts';
import { checkBadInputs } from './bad-inputs.ts';
import type { Struck } from './inject.ts';
import type { SuiteInput } from './input.ts';
import { type BilledCall, reconcile } from './reconcile.ts';
import { commitsResumedAfter, rebalancedAfter, type Sample } from './recovery.ts';
import { buildReport, failuresOf, type InstanceExit, type Report } from './report.ts';
import { scanForLeaks } from './scan.ts';

/** A line of the simulator's --record-requests file. */
export type RecordedCall = {
  requestId?: string;
  path: string;
  status?: number;
  time: number;
  billed?: BilledCall['billed'];
  body: unknown;
};

export type RunRecord = {
  mode: 'trimmed' | 'full';
  input: SuiteInput;
  struck: Struck[];
  samples: Sample[];
  exits: InstanceExit[];
  requestsFile: string;
  logFiles: string[];
  streamS: number;
  allCommittedAtS: number;
  startedAt: number;
  seed: number;
};

export type ReadBackDeps = {
  kafka: Kafka;
  registry: SchemaRegistry;
  elasticsearch: Client;
  topics: { input: string; extractions: string; deadLetters: string };
  templateIndex: string;
  log: (message: string) => void;
};

async function readRequests(path: string): Promise<RecordedCall[]> {
  const calls: RecordedCall[] = [];
  for await (const line of createInterface({ input: createReadStream(path) })) if (line.trim()) calls.push(JSON.parse(line));
  return calls;
}

/** Seconds until the fault was recovered from, as its Recovery says to measure it. */
export function recoverySeconds(struck: Struck, samples: readonly Sample[], calls: readonly RecordedCall[]): number | undefined {
  const r = struck.recovery;
  if (r.by === 'commits') return commitsResumedAfter(samples, r.from);
  if (r.by === 'rebalance') return rebalancedAfter(samples, r.from, r.members);
  if (r.by === 'measured') return r.seconds;
  const answered = calls.find((c) => r.paths.includes(c.path) && c.status === 200 && c.time >= r.fromEpochMs);
  return answered ? (answered.time - r.fromEpochMs) / 1000 : undefined;
}

export async function verifyRun(run: RunRecord, deps: ReadBackDeps): Promise<{ report: Report; failures: string[] }> {
  const { kafka, registry, topics } = deps;
  const stamp = Date.now();
  const inputs = await readToEnd(kafka, { topic: topics.input, groupId: `faults-read-in-${stamp}`, timeoutMs: 180_000 });
  const letterMessages = await readTopic(kafka, {
    topic: topics.deadLetters,
    groupId: `faults-read-dlq-${stamp}`,
    complete: (m) => m.length >= run.input.bad.length,
    quietMs: 5_000,
    timeoutMs: 120_000,
  });
  const outputMessages = await readTopic(kafka, {
    topic: topics.extractions,
    groupId: `faults-read-out-${stamp}`,
    complete: (m) => m.length + letterMessages.length >= inputs.length,
    quietMs: 5_000,
    timeoutMs: 600_000,
  });
  const outputs: Extraction[] = [];
  for (const { message } of outputMessages) outputs.push((await registry.decode(message.value!)) as Extraction);
  const letters: DeadLetter[] = [];
  for (const { message } of letterMessages) letters.push((await registry.decode(message.value!)) as DeadLetter);
  deps.log(`read back ${inputs.length} inputs, ${outputs.length} extractions, ${letters.length} dead letters`);

  const positions = inputs.map(({ partition, message }) => ({ partition, offset: Number(message.offset), key: message.key }));
  const accounting = account(
    positions.map((p) => ({ partition: p.partition, offset: p.offset, recordId: p.key?.toString('utf8') ?? null })),
    outputs.map((e) => e.record_id),
    letters,
  );
  const bad = checkBadInputs(run.input.bad, positions, letters, run.input.secrets);
  const answered = new Set(outputs.map((e) => e.record_id));

  const calls = await readRequests(run.requestsFile);
  const costs = reconcile(
    calls.flatMap((c) => (c.billed && c.requestId ? [{ requestId: c.requestId, path: c.path, billed: c.billed }] : [])),
    outputs.flatMap((e) => e.cost.calls.map((c) => ({ ...c, request_id: c.request_id ?? null }))),
    loadPriceTable(),
  );

  const cacheDocuments: { where: string; text: string }[] = [];
  const scroll = deps.elasticsearch.helpers.scrollDocuments({ index: `${deps.templateIndex}*`, query: { match_all: {} }, size: 1_000 });
  for await (const doc of scroll) cacheDocuments.push({ where: 'cache document', text: JSON.stringify(doc) });
  const logLines = run.logFiles.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((text, i) => ({ where: `${file}:${i + 1}`, text })),
  );
  const leaks = scanForLeaks(
    [
      ...outputs.map((e) => ({ where: `extraction ${e.record_id}`, text: JSON.stringify(e) })),
      ...letters.map((d) => ({
        where: `dead letter ${d.partition}@${d.offset}`,
        text: JSON.stringify({ ...d, original_key: d.original_key?.toString('utf8'), original_value: d.original_value?.toString('utf8') }),
      })),
      ...cacheDocuments,
      ...logLines,
      ...calls.map((c) => ({ where: `provider request ${c.requestId ?? '(no id)'}`, text: JSON.stringify(c.body) })),
    ],
    run.input.secrets,
  );

  const report = buildReport({
    mode: run.mode,
    records: inputs.length,
    generated: run.input.generated,
    faults: run.struck.map((s) => ({ kind: s.kind, at: s.at, recovery_s: recoverySeconds(s, run.samples, calls), detail: s.detail })),
    accounting,
    costs,
    leaks,
    secretsPlanted: run.input.secrets.length,
    secretNarratives: {
      sent: run.input.secretRecordIds.length,
      answered: run.input.secretRecordIds.filter((id) => answered.has(id)).length,
    },
    bad,
    exits: run.exits,
    scanned: {
      extractions: outputs.length,
      deadLetters: letters.length,
      cacheDocuments: cacheDocuments.length,
      logLines: logLines.length,
      providerRequests: calls.length,
    },
    durationS: (Date.now() - run.startedAt) / 1000,
    streamS: run.streamS,
    allCommittedAtS: run.allCommittedAtS,
    seed: run.seed,
  });
  return { report, failures: failuresOf(report, { leaks, accounting, costs, bad, exits: run.exits }) };
}
