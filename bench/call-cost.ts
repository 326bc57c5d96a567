/**
 * What a model call costs per record it carries (issue 11's measure): per tier, over the records the
 * rules tier leaves to the models, the tokens per record (uncached input, cached input, output),
 * USD per LLM-answered record, calls per record and record accuracy, at pack sizes 8 / 20 / 40, in
 * the full and the compact answer format, in real time and through the Batch APIs (the
 * simulator's). The figures of one configuration are compared with the others of the same run: 8
 * records a call, full format, in real time is each tier's baseline.
 *
 * Each configuration runs the cascade with that tier alone (no escalation, no cache) on the same
 * records, through a fresh simulator, so the prompt caching a configuration earns is its own.
 * Writes docs/call-cost.json. Run: `npm run bench -- call-cost`; BENCH_RECORDS (default 3000).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildBatchProviders, buildTiers, pricesFor } from '../src/cli/build-tiers.ts';
import { systemClock } from '../src/common/clock.ts';
import { createLogger } from '../src/common/logger.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Extraction } from '../src/contract/records.ts';
import { generate } from '../src/dev/generator/generate.ts';
import { fieldErrors } from '../src/dev/quality/score.ts';
import { startSimulator } from '../src/dev/simulator/simulator.ts';
import { batchDispatch } from '../src/dispatch/dispatch-batch.ts';
import { runCascade, type WindowItem } from '../src/pipeline/cascade.ts';
import { prepare } from '../src/prepare/prepare.ts';

const COUNT = Number(process.env.BENCH_RECORDS ?? 3_000);
const PACK_SIZES = [8, 20, 40];
const FORMATS = ['full', 'compact'] as const;
type Format = (typeof FORMATS)[number];
const WINDOW = 256;

const config = loadConfig({ env: {} }).config;
const prices = pricesFor(config);
const logger = createLogger({ level: 'error' });
const generated = [...generate({ count: COUNT, seed: 12, formats: 'all' })];
const truth = new Map(generated.map((g) => [g.record.record_id, g.fields]));

type Measured = {
  tier: string;
  model: string;
  pack_size: number;
  answer_format: Format;
  mode: 'real time' | 'batch';
  llm_answered_records: number;
  calls_per_record: number;
  tokens_per_record: { uncached_input: number; cached_input: number; output: number };
  usd_per_llm_answered_record: number;
  record_accuracy: number;
};

async function measure(tierName: string, packSize: number, format: Format, mode: Measured['mode']): Promise<Measured> {
  const simulator = await startSimulator({
    truth: generated.map((g) => ({ text: prepare(g.record).masked, fields: g.fields })),
    timeScale: 0,
  });
  try {
    const spec = config.tiers.find((t) => t.name === tierName)!;
    const oneTier = { ...config, tiers: [{ ...spec, packSize, answerFormat: format }] };
    const tiers = buildTiers({ config: oneTier, env: {}, clock: systemClock, logger, simulator });
    const batchProviders = buildBatchProviders({ config: oneTier, env: {}, clock: systemClock, simulator });
    const extractions: Extraction[] = [];
    for (let i = 0; i < generated.length; i += WINDOW) {
      const window: WindowItem[] = generated.slice(i, i + WINDOW).map((g) => ({ prepared: prepare(g.record), intakeAt: 0 }));
      extractions.push(
        ...(await runCascade(window, {
          tiers,
          prices,
          now: systemClock.now,
          ...(mode === 'batch'
            ? { dispatch: batchDispatch({ batchProviders, clock: systemClock, pollEveryMs: 1, maxRounds: config.batchApi.rounds }) }
            : {}),
        })),
      );
    }
    const answered = extractions.filter((e) => e.provenance.tier === tierName);
    const calls = new Set(extractions.flatMap((e) => e.cost.calls.map((c) => c.request_id)));
    const perRecord = (sum: number) => round(sum / answered.length, 1);
    const usd = extractions.reduce((sum, e) => sum + Number(e.cost.usd), 0);
    const uncached = extractions.reduce((sum, e) => sum + e.cost.input_tokens, 0);
    const cached = extractions.reduce((sum, e) => sum + e.cost.cached_input_tokens, 0);
    const output = extractions.reduce((sum, e) => sum + e.cost.output_tokens, 0);
    const right = answered.filter((e) => fieldErrors(e.fields, truth.get(e.record_id)!).length === 0).length;
    return {
      tier: tierName,
      model: `${spec.models[0]!.provider}/${spec.models[0]!.model}`,
      pack_size: packSize,
      answer_format: format,
      mode,
      llm_answered_records: answered.length,
      calls_per_record: round(calls.size / answered.length, 3),
      tokens_per_record: { uncached_input: perRecord(uncached), cached_input: perRecord(cached), output: perRecord(output) },
      usd_per_llm_answered_record: round(usd / answered.length, 9),
      record_accuracy: round(right / answered.length, 4),
    };
  } finally {
    await simulator.close();
  }
}

const round = (x: number, digits: number) => +x.toFixed(digits);

const rows: Measured[] = [];
for (const tier of config.tiers.map((t) => t.name))
  for (const format of FORMATS)
    for (const packSize of PACK_SIZES)
      for (const mode of ['real time', 'batch'] as const) {
        const row = await measure(tier, packSize, format, mode);
        rows.push(row);
        console.error(
          `${tier} ×${packSize} ${format} ${mode}: $${row.usd_per_llm_answered_record} per record, ${JSON.stringify(row.tokens_per_record)}`,
        );
      }

const of = (tier: string, pack: number, format: Format, mode: Measured['mode']) =>
  rows.find((r) => r.tier === tier && r.pack_size === pack && r.answer_format === format && r.mode === mode)!;
const small = config.tiers[0]!.name;
const ratios = config.tiers.flatMap((t) =>
  FORMATS.map((format) => ({
    tier: t.name,
    answer_format: format,
    by_pack_size: PACK_SIZES.map((pack) => ({
      pack_size: pack,
      usd_vs_8_full_real_time: round(
        of(t.name, pack, format, 'real time').usd_per_llm_answered_record / of(t.name, 8, 'full', 'real time').usd_per_llm_answered_record,
        3,
      ),
      batch_vs_real_time: round(
        of(t.name, pack, format, 'batch').usd_per_llm_answered_record / of(t.name, pack, format, 'real time').usd_per_llm_answered_record,
        3,
      ),
    })),
  })),
);
const report = {
  bench: 'call-cost',
  parameters: {
    records: COUNT,
    seed: 12,
    window_records: WINDOW,
    pack_sizes: PACK_SIZES,
    answer_formats: {
      full: 'every field asked and answered by name',
      compact: 'only the fields the rules did not read confidently, short keys, answers by position',
    },
  },
  definitions: {
    tokens_per_record: "the tier's calls' tokens (retries of malformed entries included) over the records it answered",
    usd_per_llm_answered_record:
      "USD of the tier's calls over the records it answered, at each model's dated price (batch discount for batch)",
    record_accuracy: "share of the records it answered whose every field, merged with the rules' confident readings, equals the truth",
  },
  rows,
  ratios,
  targets: {
    small_tier_pack_at_least_20_with_at_most_30_uncached_input_tokens_per_record: rows.some(
      (r) => r.tier === small && r.pack_size >= 20 && r.mode === 'real time' && r.tokens_per_record.uncached_input <= 30,
    ),
    batch_at_most_0_55_of_real_time: ratios.every((r) => r.by_pack_size.every((p) => p.batch_vs_real_time <= 0.55)),
  },
};
mkdirSync('docs', { recursive: true });
writeFileSync('docs/call-cost.json', `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify({ ratios: report.ratios, targets: report.targets }, null, 2));
