import { ParsimonyError } from '../../common/errors.ts';
import type { RouterModel, TierModel } from '../../routing/router-model.ts';
import { streamAccuracy, type VerdictTally } from '../../routing/stream-accuracy.ts';
import { readModelFile } from '../build-router.ts';
import type { Command } from '../command.ts';
import { parseFlags } from '../context.ts';

const DEFAULT_MODEL_FILE = '.parsimony/router.json';
const usage = `parsimony router show [--file ${DEFAULT_MODEL_FILE}]`;

export const routerCommand: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parseFlags(args, { file: { type: 'string' } }, usage);
    if (positionals[0] !== 'show') throw new ParsimonyError('USAGE', `expected "show"\nUsage: ${usage}`);
    const path = values.file ?? DEFAULT_MODEL_FILE;
    const model = readModelFile(path);
    if (!model) {
      console.log(`no router model in ${path} yet: records go through the fixed cascade until enough feedback has trained one`);
      return 0;
    }
    console.log(formatRouterModel(model));
    return 0;
  },
};

/** The model as a person reads it: what it was trained on, and per tier how far to trust it. */
export function formatRouterModel(model: RouterModel): string {
  const lines = [
    `router ${model.name}, version ${model.version}, trained ${new Date(model.trained_at).toISOString()} on ${model.training_examples} examples`,
    `accuracy target ${model.accuracy_target}; expected USD per correct extraction on held-out feedback ${model.expected_cpe_usd?.toPrecision(3) ?? 'not measured'}`,
    `sources: default error rate ${percent(model.default_error_rate)}; ${Object.keys(model.source_error_rates ?? {}).length} with their own`,
    verdictsLine(model.stream_verdicts),
  ];
  for (const tier of model.tiers) lines.push('', ...tierLines(tier));
  return lines.join('\n');
}

function tierLines(tier: TierModel): string[] {
  const lines = [
    `tier ${tier.tier}: ${tier.examples} training examples; held-out accuracy ${percent(tier.measured_accuracy)}`,
    `  escalation bar: ${
      tier.acceptance
        ? `per record: an answer is kept when, from the record's features and its own confidence, it is right with a chance ≥ ${percent(tier.acceptance.bar)}`
        : tier.escalation_threshold === null
          ? "the tier's configured minConfidence"
          : `own confidence ≥ ${tier.escalation_threshold.toFixed(3)}`
    }`,
    `  cost ${tier.mean_nano_usd === null ? '?' : `$${(tier.mean_nano_usd / 1e9).toPrecision(3)}`} per record; doubted answers sent on: ${percent(tier.detection_rate)} of wrong ones, ${percent(tier.false_alarm_rate)} of right ones`,
  ];
  const bins = (tier.calibration ?? []).filter((bin) => bin.count > 0);
  if (bins.length === 0) return [...lines, '  calibration: no held-out examples yet'];
  lines.push('  calibration   predicted  observed  examples');
  for (const bin of bins)
    lines.push(
      `  ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}      ${percent(bin.mean_predicted).padStart(6)}    ${percent(bin.observed).padStart(6)}  ${String(bin.count).padStart(8)}`,
    );
  return lines;
}

function verdictsLine(tally: VerdictTally | null): string {
  if (!tally) return 'verdicts: none counted';
  const stream = streamAccuracy(tally);
  const measured = stream
    ? `every record right ≥ ${percent(stream.accuracy)} (95 % bound), ${percent(stream.routedShare)} of them routed to the model tiers`
    : 'too few to measure the stream';
  return `verdicts: ${tally.routed + tally.other} counted (${tally.routed} on routed records); ${measured}`;
}

const percent = (x: number | null) => (x === null ? '?' : `${(x * 100).toFixed(1)} %`);
