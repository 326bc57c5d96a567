/**
 * The extraction pipeline for one window of intake, whatever the source: decoded records are
 * checked for duplicates, prepared (secrets masked, skeleton cut), run through the cascade, and
 * come out as extractions; anything unusable comes out as a dead letter with its reason. Nothing
 * that goes in is lost: every intake leaves as exactly one extraction or one dead letter.
 */

import type { Metrics } from '../common/metrics.ts';
import { deadLetter } from '../contract/dead-letter.ts';
import type { DeadLetter, TransactionNarrative } from '../contract/records.ts';
import type { Outputs } from '../emit/sink.ts';
import type { Intake } from '../ingest/source.ts';
import { prepare } from '../prepare/prepare.ts';
import { type CascadeDeps, runCascade, type WindowItem } from './cascade.ts';

export type PipelineDeps = CascadeDeps & {
  metrics: Metrics;
  /**
   * Record ids already answered; a repeat is dead-lettered instead of answered twice. A window
   * whose outputs could not be committed forgets its ids again, so its replay is answered.
   */
  seen: { has(id: string): boolean; add(id: string): void; delete(id: string): boolean };
};

/**
 * Splits intakes into records to answer and dead letters: undecodable or invalid ones, and
 * repeats of a record_id already taken (the first one wins, so the output is deterministic).
 */
export function admitIntakes(intakes: readonly Intake[], deps: { seen: PipelineDeps['seen']; now: () => number }) {
  const deadLetters: DeadLetter[] = [];
  const accepted: { intake: Intake; record: TransactionNarrative }[] = [];
  for (const intake of intakes) {
    const rejection = !intake.decoded.ok
      ? intake.decoded.rejection
      : deps.seen.has(intake.decoded.record.record_id)
        ? {
            code: 'DUPLICATE_RECORD_ID' as const,
            reason: `record_id ${intake.decoded.record.record_id} was taken in already`,
            recordId: intake.decoded.record.record_id,
            stage: 'validate' as const,
          }
        : undefined;
    if (rejection) {
      deadLetters.push(deadLetter({ key: intake.key, value: intake.value, origin: intake.position, ...rejection, at: deps.now() }));
    } else if (intake.decoded.ok) {
      deps.seen.add(intake.decoded.record.record_id);
      accepted.push({ intake, record: intake.decoded.record });
    }
  }
  return { accepted, deadLetters };
}

export async function processWindow(intakes: readonly Intake[], deps: PipelineDeps): Promise<Outputs> {
  const { accepted, deadLetters } = admitIntakes(intakes, deps);
  for (const letter of deadLetters) deps.metrics.deadLetters.inc({ code: letter.error_code });

  const started = deps.now();
  const window: WindowItem[] = accepted.map(({ intake, record }) => ({ prepared: prepare(record), intakeAt: intake.intakeAt }));
  const prepared = deps.now();
  deps.metrics.stageSeconds.observe({ stage: 'prepare' }, (prepared - started) / 1000);
  const extractions = window.length > 0 ? await runCascade(window, { ...deps, onCall: (call) => deps.metrics.observeCall(call) }) : [];
  deps.metrics.stageSeconds.observe({ stage: 'extract' }, (deps.now() - prepared) / 1000);
  for (const extraction of extractions) {
    deps.metrics.observeExtraction(extraction);
    deps.metrics.recordLatency.observe({ tier: extraction.provenance.tier }, extraction.latency_ms / 1000);
  }
  return { extractions, deadLetters };
}

/** Forgets the record ids of a window whose outputs were not committed, so its replay is answered. */
export function forgetWindow(intakes: readonly Intake[], seen: PipelineDeps['seen']): void {
  for (const intake of intakes) if (intake.decoded.ok) seen.delete(intake.decoded.record.record_id);
}

/** The pipeline as the window runner drives it. */
export function pipelineWork(deps: PipelineDeps) {
  return {
    process: (intakes: readonly Intake[]) => processWindow(intakes, deps),
    forget: (intakes: readonly Intake[]) => forgetWindow(intakes, deps.seen),
  };
}

/** A bounded set of recent record ids (oldest forgotten first), for long-running streams. */
export class RecentIds {
  readonly #limit: number;
  readonly #ids = new Set<string>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  delete(id: string): boolean {
    return this.#ids.delete(id);
  }

  add(id: string): void {
    this.#ids.add(id);
    if (this.#ids.size > this.#limit) this.#ids.delete(this.#ids.values().next().value!);
  }
}
