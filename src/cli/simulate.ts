/**
 * The provider simulator as the commands use it: its truth built from the generator's two files,
 * one started in process (`--simulate`), one already serving elsewhere (`--simulator-url`, as
 * `parsimony simulator` starts it), and what it billed.
 */
import type { Clock } from '../common/clock.ts';
import { ParsimonyError } from '../common/errors.ts';
import type { ExtractedFields } from '../contract/records.ts';
import { readTruth } from '../dev/quality/truth-file.ts';
import { type BilledUsage, usageOfBilled } from '../dev/simulator/billed-usage.ts';
import type { TruthPair } from '../dev/simulator/simulator.ts';
import { readFileIntakes } from '../ingest/file-source.ts';
import type { Intake } from '../ingest/source.ts';
import { prepare } from '../prepare/prepare.ts';
import { callCost, findPrice, formatUsd, type PriceTable } from '../pricing/price-table.ts';
import type { SimulatorUrls } from './build-tiers.ts';

/** Simulated latencies shrunk fiftyfold in process: such a run is a trial, not a latency benchmark. */
export const IN_PROCESS_TIME_SCALE = 0.02;

/**
 * The simulator answers from the truth as a provider would see the record: by its masked,
 * normalised text, never by record_id.
 */
export function simulatorTruth(intakes: readonly Intake[], truth: ReadonlyMap<string, ExtractedFields>): TruthPair[] {
  return intakes.flatMap((intake) => {
    if (!intake.decoded.ok) return [];
    const fields = truth.get(intake.decoded.record.record_id);
    return fields ? [{ text: prepare(intake.decoded.record).masked, fields }] : [];
  });
}

/**
 * The simulator's truth from `parsimony generate`'s two files: the narratives (for their text)
 * and the truth (for their fields), joined by record_id.
 */
export async function readSimulatorTruth(paths: { records: string; truth: string }, clock: Clock): Promise<TruthPair[]> {
  const pairs = simulatorTruth(await readFileIntakes(paths.records, clock), readTruth(paths.truth));
  if (pairs.length === 0) {
    throw new ParsimonyError(
      'INPUT_INVALID',
      `no record of ${paths.records} has a line in ${paths.truth}: the simulator would know no answer (give the narratives and the truth written by the same \`parsimony generate\`)`,
    );
  }
  return pairs;
}

/** The SDK base URLs of a simulator serving at `url`, e.g. http://127.0.0.1:8787. */
export function simulatorAt(url: string): SimulatorUrls {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ParsimonyError('USAGE', `--simulator-url ${JSON.stringify(url)} is not a URL (e.g. http://127.0.0.1:8787)`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash) {
    throw new ParsimonyError('USAGE', `--simulator-url ${JSON.stringify(url)} must be the http(s) address \`parsimony simulator\` printed`);
  }
  const root = parsed.href.replace(/\/+$/, '');
  return { openaiBaseUrl: `${root}/v1`, anthropicBaseUrl: root };
}

/**
 * Fails fast unless a provider simulator answers at `url`: outputs will say "simulated": true, so
 * the address must not be a real provider, and a typo should stop the run, not fail every call.
 */
export async function reachSimulator(url: string): Promise<SimulatorUrls> {
  const urls = simulatorAt(url);
  let billed: unknown;
  try {
    const response = await fetch(`${urls.anthropicBaseUrl}/_simulator/billed`, { signal: AbortSignal.timeout(5_000) });
    billed = response.ok ? ((await response.json()) as { billed?: unknown }).billed : undefined;
  } catch {
    billed = undefined;
  }
  if (typeof billed !== 'object' || billed === null) {
    throw new ParsimonyError('CONFIG_INVALID', `no provider simulator answers at ${url} (start one with \`parsimony simulator\`)`);
  }
  return urls;
}

/** One line per model the simulator billed: its calls, tokens and their price at the listed rates. */
export function billedLines(billed: Readonly<Record<string, BilledUsage>>, prices: PriceTable): string[] {
  return Object.entries(billed)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, b]) => {
      const tokens = `${b.calls} calls, ${b.input} input (${b.cacheWrite} of them cache writes), ${b.cachedInput} cached input, ${b.output} output tokens`;
      // A model the table does not list (self-hosted, or a name the simulator was asked for) shows no price.
      const price = findPrice(prices, '', model);
      if (!price) return `${model}: ${tokens}, no listed price`;
      return `${model}: ${tokens}, $${formatUsd(callCost(price, usageOfBilled(b), { batch: false }))}`;
    });
}
