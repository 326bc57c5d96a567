/**
 * The extraction pipeline for one window of intake, whatever the source: decoded records are
 * prepared (secrets masked, skeleton cut), run through the cascade, and come out as extractions;
 * anything unusable comes out as a dead letter with its reason. Nothing that goes in is lost:
 * every intake leaves as exactly one extraction or one dead letter.
 */

import type { Metrics } from '../common/metrics.ts';
import { deadLetter } from '../contract/dead-letter.ts';
import type { DeadLetter, TransactionNarrative } from '../contract/records.ts';
import type { Outputs } from '../emit/sink.ts';
import type { Intake } from '../ingest/source.ts';
import { type CascadeDeps, runCascadeDeferring, type WindowItem } from './cascade.ts';
import { prepareAndRule, type RulesPool } from './rules-pool.ts';

/**
 * `rulesPool`: worker threads for prepare and the rules (anything that runs the stage on a window
 * in order); without it they run on the event loop.
 */
export type PipelineDeps = CascadeDeps & { metrics: Metrics; rulesPool?: Pick<RulesPool, 'run' | 'close'> };

/**
 * Splits intakes into records to answer and dead letters (undecodable or invalid ones).
 *
 * A record_id seen again is a new version of that record, never an error: it is answered again,
 * and its extraction, keyed by record_id on the output topic, supersedes the earlier one
 * (downstream consumers upsert by key; the topic may be compacted). The rule needs no memory of
 * earlier records, so it holds alike within a window, across windows, after a restart and across
 * instances. Records keep their input order through the window, so of two versions in one window
 * the later is emitted last and wins.
 */
export function admitIntakes(intakes: readonly Intake[], deps: { now: () => number }) {
  const deadLetters: DeadLetter[] = [];
  const accepted: { intake: Intake; record: TransactionNarrative }[] = [];
  for (const intake of intakes) {
    if (intake.decoded.ok) accepted.push({ intake, record: intake.decoded.record });
    else
      deadLetters.push(
        deadLetter({ key: intake.key, value: intake.value, origin: intake.position, ...intake.decoded.rejection, at: deps.now() }),
      );
  }
  return { accepted, deadLetters };
}

export async function processWindow(intakes: readonly Intake[], deps: PipelineDeps): Promise<Outputs> {
  const { accepted, deadLetters } = admitIntakes(intakes, deps);
  for (const letter of deadLetters) deps.metrics.deadLetters.inc({ code: letter.error_code });

  const started = deps.now();
  const records = accepted.map(({ record }) => record);
  const ruled = deps.rulesPool ? await deps.rulesPool.run(records) : records.map(prepareAndRule);
  const window: WindowItem[] = ruled.map(({ prepared, rules }, i) => ({ prepared, rules, intakeAt: accepted[i]!.intake.intakeAt }));
  const prepared = deps.now();
  deps.metrics.stageSeconds.observe({ stage: 'prepare' }, (prepared - started) / 1000);
  const { extractions, deferred } =
    window.length > 0
      ? await runCascadeDeferring(window, { ...deps, onCall: (call) => deps.metrics.observeCall(call) })
      : { extractions: [], deferred: [] };
  deps.metrics.stageSeconds.observe({ stage: 'extract' }, (deps.now() - prepared) / 1000);
  for (const extraction of extractions) {
    deps.metrics.observeExtraction(extraction);
    deps.metrics.recordLatency.observe({ tier: extraction.provenance.tier }, extraction.latency_ms / 1000);
  }
  if (deferred.length === 0) return { extractions, deadLetters };
  // The deferred lane reads them again from their own bytes, so they go on exactly as they came.
  const intakeOf = new Map(window.map((item, i) => [item, accepted[i]!.intake]));
  deps.metrics.deferred.inc(deferred.length);
  return { extractions, deadLetters, deferred: deferred.map((item) => intakeOf.get(item)!) };
}

/** The pipeline as the window runner drives it. */
export function pipelineWork(deps: PipelineDeps) {
  return { process: (intakes: readonly Intake[]) => processWindow(intakes, deps) };
}
