/**
 * The suite's report (docs/faults.json from the last full run) and the verdict drawn from it.
 * Figures only: no secret, record content or log line is ever copied into it.
 */
import { formatUsd } from '#src/pricing/price-table.ts';
import type { Accounting } from './accounting.ts';
import type { BadInputVerdict } from './bad-inputs.ts';
import type { Reconciliation } from './reconcile.ts';
import type { Leak } from './scan.ts';

export type FaultFigure = { kind: string; at: number; recovery_s: number | undefined; detail: string };

/** An instance that ended without being asked to; `designed` when it ended as the service means to (see endedByDesign). */
export type InstanceExit = { name: string; at: number; code: number | null; designed: boolean };

/**
 * Whether an instance ended the way the service ends on purpose when its consumer crashed for
 * good (kafkajs gives up after a non-retriable error, e.g. right after a broker restart): exit
 * code 1 and the reason, for a supervisor to start it again. Any other end is a failure.
 */
export function endedByDesign(code: number | null, logTail: string): boolean {
  return code === 1 && /parsimony run: the Kafka consumer crashed and will not restart/.test(logTail);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Where a leak was found, without its instance: "provider request", "dead letter", a log file's name. */
function placeOf(where: string): string {
  return where
    .replace(/^provider request .*/, 'provider requests')
    .replace(/^dead letter .*/, 'dead letters')
    .replace(/^extraction .*/, 'extractions')
    .replace(/^.*\/logs\/.*$/, 'service logs');
}
const usd = (nano: number) => Number(formatUsd(nano));

export function buildReport(run: {
  mode: 'trimmed' | 'full';
  records: number;
  generated: number;
  faults: FaultFigure[];
  accounting: Accounting;
  costs: Reconciliation;
  leaks: Leak[];
  secretsPlanted: number;
  secretNarratives: { sent: number; answered: number };
  bad: BadInputVerdict[];
  exits: InstanceExit[];
  scanned: Record<string, number>;
  durationS: number;
  streamS: number;
  allCommittedAtS: number;
  seed: number;
}) {
  const leaksByKind: Record<string, number> = {};
  for (const leak of run.leaks) leaksByKind[leak.secret.kind] = (leaksByKind[leak.secret.kind] ?? 0) + 1;
  const leaked: Record<string, string[]> = {};
  for (const leak of run.leaks) {
    const label = leak.secret.label ?? leak.secret.kind;
    const where = placeOf(leak.where);
    leaked[label] = [...new Set([...(leaked[label] ?? []), where])];
  }
  return {
    mode: run.mode,
    records: run.records,
    faults: run.faults.map((f) => ({
      kind: f.kind,
      at: round1(f.at),
      recovery_s: f.recovery_s === undefined ? null : round1(f.recovery_s),
      detail: f.detail,
    })),
    lost: run.accounting.lost.length,
    duplicated: run.accounting.duplicated.length,
    cost_mismatch_usd: usd(run.costs.mismatchNano),
    billed_usd: usd(run.costs.billedNano),
    committed_usd: usd(run.costs.committedNano),
    wasted_usd: usd(run.costs.wastedNano),
    wasted_calls: run.costs.wastedCalls,
    secret_leaks: run.leaks.length,
    secret_leaks_by_kind: leaksByKind,
    secrets_leaked: leaked,
    bad_inputs: { sent: run.bad.length, dead_lettered: run.bad.filter((b) => b.ok).length },
    secret_narratives: run.secretNarratives,
    instance_exits: run.exits.map((e) => ({ name: e.name, at: round1(e.at), code: e.code, by_design: e.designed })),
    run: {
      generated_records: run.generated,
      secrets_planted: run.secretsPlanted,
      scanned: run.scanned,
      stream_s: run.streamS,
      all_committed_at_s: round1(run.allCommittedAtS),
      duration_s: round1(run.durationS),
      seed: run.seed,
    },
  };
}

export type Report = ReturnType<typeof buildReport>;

/** What makes the run fail, each in a sentence; empty when it passed. */
export function failuresOf(
  report: Report,
  details: { leaks: Leak[]; accounting: Accounting; costs: Reconciliation; bad: BadInputVerdict[]; exits: InstanceExit[] },
): string[] {
  const failures: string[] = [];
  if (report.lost > 0) failures.push(`${report.lost} inputs lost, e.g. ${JSON.stringify(details.accounting.lost.slice(0, 3))}`);
  if (report.duplicated > 0)
    failures.push(`${report.duplicated} inputs came out more than once, e.g. ${JSON.stringify(details.accounting.duplicated.slice(0, 3))}`);
  if (details.accounting.strangers.length > 0)
    failures.push(`${details.accounting.strangers.length} extractions of record ids no input carried`);
  if (report.cost_mismatch_usd !== 0 || details.costs.problems.length > 0) {
    failures.push(`costs do not reconcile: ${report.cost_mismatch_usd} USD unexplained; ${details.costs.problems.slice(0, 5).join('; ')}`);
  }
  if (report.secret_leaks > 0) {
    const what = Object.entries(report.secrets_leaked).map(([label, places]) => `${label} (in ${places.join(', ')})`);
    failures.push(`${report.secret_leaks} secrets left the service: ${what.join('; ')}`);
  }
  for (const verdict of details.bad) if (!verdict.ok) failures.push(`bad input "${verdict.name}": ${verdict.problem}`);
  if (report.secret_narratives.answered < report.secret_narratives.sent) {
    failures.push(`${report.secret_narratives.sent - report.secret_narratives.answered} narratives with secrets were not answered`);
  }
  for (const exit of details.exits.filter((e) => !e.designed)) {
    failures.push(`${exit.name} ended by itself at ${exit.at.toFixed(1)} s with exit code ${exit.code}, not as the service means to`);
  }
  for (const fault of report.faults)
    if (fault.recovery_s === null) failures.push(`no recovery measured after ${fault.kind} at ${fault.at} s`);
  return failures;
}
