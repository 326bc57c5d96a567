/**
 * The frontier benchmark's figures from its runs (bench/frontier.ts): per policy the cost,
 * CPE and record accuracy, seen and held-out layouts apart, where the money went and which tier
 * answered; per retraining of a learned router what the learner expected and what the records
 * its installed version routed measured; and whether the targets are met.
 */
import type { ExtractedFields, Extraction } from '../src/contract/records.ts';
import type { Generated } from '../src/dev/generator/generate.ts';
import { fieldErrors } from '../src/dev/quality/score.ts';
import { unitHash } from '../src/routing/learned-router.ts';
import { fitLogistic, predict } from '../src/routing/logistic.ts';
import type { RouteEntry } from '../src/routing/route-entry.ts';
import type { RunResult } from './frontier-run.ts';

export type Row = { g: Generated; e: Extraction; fields: ExtractedFields; nanoUsd: number };

const nanoOf = (usd: string) => Math.round(Number(usd) * 1e9);
const round = (x: number, digits = 4) => +x.toFixed(digits);

/** Each record's answer and cost under a policy; `resent`: the records the rules answered alone as the model tier answered them. */
export function scoredRows(generated: readonly Generated[], run: RunResult, resent: boolean): Row[] {
  const byId = new Map(run.extractions.map((e) => [e.record_id, e]));
  return generated.map((g) => {
    const e = byId.get(g.record.record_id)!;
    const again = resent ? run.resent.get(e.record_id) : undefined;
    return {
      g,
      e,
      fields: again?.fields ?? e.fields,
      nanoUsd: nanoOf(e.cost.usd) + (again?.nanoUsd ?? 0),
    };
  });
}

const correct = (r: Row) => fieldErrors(r.fields, r.g.fields).length === 0;

function quality(rows: readonly Row[]) {
  const good = rows.filter(correct).length;
  const nano = rows.reduce((sum, r) => sum + r.nanoUsd, 0);
  return {
    records: rows.length,
    correct_records: good,
    usd: round(nano / 1e9, 6),
    cpe_usd: good === 0 ? null : round(nano / 1e9 / good, 9),
    record_accuracy: rows.length === 0 ? null : round(good / rows.length),
  };
}

const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

/** The model tier a record's first paid model call went to, if any. */
const startedAt = (e: Extraction, tierNames: readonly string[]) => e.cost.calls.find((c) => tierNames.includes(c.tier))?.tier ?? null;

export function policyFigures(rows: readonly Row[], tierNames: readonly string[]) {
  const all = quality(rows);
  const usdByTier: Record<string, number> = {};
  for (const r of rows) {
    for (const call of r.e.cost.calls) usdByTier[call.tier] = (usdByTier[call.tier] ?? 0) + nanoOf(call.usd);
    const extra = r.nanoUsd - nanoOf(r.e.cost.usd);
    if (extra > 0) usdByTier.rules_answered_resent = (usdByTier.rules_answered_resent ?? 0) + extra;
  }
  const modelRows = rows.filter((r) => startedAt(r.e, tierNames) !== null);
  return {
    usd: all.usd,
    cpe_usd: all.cpe_usd,
    record_accuracy: all.record_accuracy ?? 0,
    records: all.records,
    correct_records: all.correct_records,
    seen: quality(rows.filter((r) => !r.g.meta.heldOut)),
    held_out: quality(rows.filter((r) => r.g.meta.heldOut)),
    usd_by_tier: Object.fromEntries(Object.entries(usdByTier).map(([tier, nano]) => [tier, round(nano / 1e9, 6)])),
    answered_by: countBy(rows, (r) => r.e.provenance.tier),
    status: countBy(rows, (r) => r.e.status),
    to_model_tiers: {
      ...quality(modelRows),
      started_at: countBy(modelRows, (r) => startedAt(r.e, tierNames)!),
      escalated: modelRows.filter((r) => new Set(r.e.cost.calls.map((c) => c.tier).filter((t) => tierNames.includes(t))).size > 1).length,
    },
  };
}

/** What the records emitted while `version` was installed measured (null: the cold start's fixed cascade). */
function measuredFor(version: string | null, rows: readonly Row[], tierNames: readonly string[]) {
  const mine = rows.filter((r) => r.e.provenance.router_version === version);
  const routed = mine.filter((r) => startedAt(r.e, tierNames) !== null);
  return {
    version,
    first_record: mine.length === 0 ? null : rows.indexOf(mine[0]!),
    ...quality(mine),
    to_model_tiers: {
      ...quality(routed),
      started_at: countBy(routed, (r) => startedAt(r.e, tierNames)!),
    },
  };
}

/** Round 0, the cold start, then one round per retraining, in the order the learner did them. */
export function retrainingRounds(policy: string, run: RunResult, generated: readonly Generated[], tierNames: readonly string[]) {
  const rows = scoredRows(generated, run, false);
  const expected = (f: { cpeUsd: number | null; accuracy: number; records: number; streamAccuracy: number | null } | null) =>
    f === null
      ? null
      : {
          cpe_usd: f.cpeUsd === null ? null : round(f.cpeUsd, 9),
          accuracy: round(f.accuracy),
          stream_accuracy: f.streamAccuracy === null ? null : round(f.streamAccuracy),
          held_out_records: round(f.records, 1),
        };
  const start = run.warmUp?.installedVersion ?? null;
  const first = {
    policy,
    round: 0,
    after_records: 0,
    published: null,
    reason: run.warmUp
      ? `warm start: ${run.warmUp.retrainings} trainings on the warm-up stream, ${start ?? 'no model'} installed`
      : 'cold start: no model, the fixed cascade routes',
    installed_version: start,
    measured: measuredFor(start, rows, tierNames),
  };
  return [
    first,
    ...run.retrainings.map((t, i) => ({
      policy,
      round: i + 1,
      after_records: t.afterRecords,
      published: t.outcome.published,
      reason: t.outcome.reason,
      candidate_version: t.outcome.model?.version ?? null,
      training_examples: t.outcome.model?.training_examples ?? null,
      stream_verdicts: t.outcome.model?.stream_verdicts ?? null,
      expected: { candidate: expected(t.outcome.candidate), current: expected(t.outcome.current) },
      candidate_tiers:
        t.outcome.model?.tiers.map((m) => ({
          tier: m.tier,
          examples: m.examples,
          measured_accuracy: m.measured_accuracy === null ? null : round(m.measured_accuracy),
          escalation_threshold: m.escalation_threshold,
          acceptance_bar: m.acceptance === null ? null : round(m.acceptance.bar),
          mean_usd: m.mean_nano_usd === null ? null : round(m.mean_nano_usd / 1e9, 9),
          detection_rate: m.detection_rate === null ? null : round(m.detection_rate),
          false_alarm_rate: m.false_alarm_rate === null ? null : round(m.false_alarm_rate),
          calibration: m.calibration?.map((bin) => ({
            from: round(bin.from, 2),
            to: round(bin.to, 2),
            count: bin.count,
            mean_predicted: round(bin.mean_predicted),
            observed: round(bin.observed),
          })),
        })) ?? null,
      candidate_starts: t.candidateStarts,
      installed_version: t.installedVersion,
      measured: measuredFor(t.installedVersion, rows, tierNames),
    })),
  ];
}

type Figures = { name: string; role: string; cpe_usd: number | null; record_accuracy: number };

/** The targets: CPE ≥ 95 % below the baseline at its accuracy or better; learned strictly cheaper per correct record than fixed at equal or better accuracy. */
export function targets(policies: readonly Figures[]) {
  const find = (name: string) => policies.find((p) => p.name === name)!;
  const baseline = find('all-large');
  const cheaper = (a: Figures, b: Figures) => a.cpe_usd !== null && b.cpe_usd !== null && a.cpe_usd < b.cpe_usd;
  const compare = (learned: string, fixed: string) => {
    const [l, f] = [find(learned), find(fixed)];
    return {
      learned,
      fixed,
      cpe_change: l.cpe_usd === null || f.cpe_usd === null ? null : round(l.cpe_usd / f.cpe_usd - 1),
      accuracy_change: round(l.record_accuracy - f.record_accuracy),
      met: cheaper(l, f) && l.record_accuracy >= f.record_accuracy,
    };
  };
  return {
    below_baseline: policies
      .filter((p) => p !== baseline)
      .map((p) => {
        const reduction = p.cpe_usd === null || baseline.cpe_usd === null ? null : round(1 - p.cpe_usd / baseline.cpe_usd);
        return {
          policy: p.name,
          cpe_reduction: reduction,
          accuracy_change: round(p.record_accuracy - baseline.record_accuracy),
          met: reduction !== null && reduction >= 0.95 && p.record_accuracy >= baseline.record_accuracy,
        };
      }),
    learned_beats_fixed: [
      compare('learned router', 'fixed cascade'),
      compare('learned router', 'fixed cascade, one a call'),
      compare('router + cache + packing', 'fixed cascade + cache + packing'),
      compare('learned router, warm', 'fixed cascade, one a call'),
      compare('router + cache + packing, warm', 'fixed cascade + cache + packing'),
    ],
  };
}

/**
 * How well anything the router sees could tell the first tier's doubted answers apart: on the
 * clean answers its configured bar sent on to the next tier, the share right at each tier, and a
 * logistic model fitted on their true labels (the record's features and the tier's confidence;
 * half the records, chosen by record_id) ranking the other half. Its top shares are the best case
 * for any acceptance model: no label the service has is as good as the truth.
 */
export function doubtedAnswers(
  routes: readonly RouteEntry[],
  truth: ReadonlyMap<string, ExtractedFields>,
  tiers: { tier: string; next: string; bar: number },
) {
  const rows = routes.flatMap((entry) => {
    const first = entry.attempts[0];
    const next = entry.attempts.find((a) => a.tier === tiers.next);
    const want = truth.get(entry.record_id);
    if (!first || first.tier !== tiers.tier || !next || !want || !first.clean || first.confidence >= tiers.bar) return [];
    const right = (fields: ExtractedFields) => fieldErrors(fields, want).length === 0;
    return [{ id: entry.record_id, x: [...entry.features, first.confidence], right: right(first.fields), nextRight: right(next.fields) }];
  });
  const share = (items: readonly { right: boolean }[]) =>
    items.length === 0 ? null : round(items.filter((r) => r.right).length / items.length);
  const fit = rows.filter((r) => unitHash(r.id) < 0.5);
  const test = rows.filter((r) => unitHash(r.id) >= 0.5);
  let ranking = null;
  if (fit.length >= 30 && test.length >= 30 && new Set(fit.map((r) => r.right)).size === 2) {
    const model = fitLogistic(fit.map((r) => ({ x: r.x, y: r.right ? 1 : 0 })));
    const ranked = [...test].sort((a, b) => predict(model, b.x) - predict(model, a.x));
    const top = (part: number) => ranked.slice(0, Math.max(1, Math.round(part * ranked.length)));
    ranking = {
      answers_ranked: ranked.length,
      top_decile_right_share: share(top(0.1)),
      top_fifth_right_share: share(top(0.2)),
      top_half_right_share: share(top(0.5)),
      next_tier_right_share_on_top_fifth: share(top(0.2).map((r) => ({ right: r.nextRight }))),
    };
  }
  return {
    tier: tiers.tier,
    next_tier: tiers.next,
    configured_bar: tiers.bar,
    answers: rows.length,
    right_share: share(rows),
    next_tier_right_share: share(rows.map((r) => ({ right: r.nextRight }))),
    ranked_by_a_model_fitted_on_the_truth: ranking,
  };
}
