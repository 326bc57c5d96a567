/**
 * Held-out layouts: other banks' ways of printing rails the generator already knows, which the
 * rules tier was not written for. They exist to measure accuracy on formats the code has never
 * seen, so they are used only when a run asks for them (`formats: 'held-out' | 'all'`) and never
 * change the default stream. Each layout is named by the house style it copies; the truth follows
 * CONTRACT.md's conventions exactly as the seen layouts' does.
 *
 * What they add over the seen layouts: labelled references (`Ref:`, `REF.`, `Referenz:`, `TRN`,
 * `UTR No.`), compact or other dates (`1119`, `051223`, `19NOV`, `2026-11-19`, `20261119`),
 * currency codes before or after the amount, several amounts on one line (balance after, a fee,
 * an instructed amount), and free-text fields in the middle of the line — where the memo trap
 * plants its instructions.
 */
import type { Market } from '../../markets.ts';
import { type AmountStyle, money } from '../../printing.ts';
import type { Random } from '../../random.ts';
import type { Layout, PoolSpec, Rail, RailInput, RailOutput } from '../rail.ts';

export type NamedLayout = Layout & {
  /** The house style it copies ("ref-balance"), part of the format's name in reports. */
  name: string;
};

export function heldOutRail<L extends NamedLayout>(spec: {
  rail: string;
  market: Market;
  pool: PoolSpec | null;
  layouts: readonly L[];
  render: (input: RailInput, layout: L) => RailOutput;
}): Rail {
  const { layouts } = spec;
  return {
    rail: spec.rail,
    id: `${spec.rail}/${spec.market.country.toLowerCase()}/held-out`,
    market: spec.market,
    pool: spec.pool,
    layouts: layouts.length,
    layoutNames: layouts.map((l) => l.name),
    render: (input) => spec.render(input, layouts[input.layout % layouts.length]!),
  };
}

/** Typical running balances, in major units, by account currency. */
const BALANCES: Readonly<Record<string, readonly [number, number]>> = { INR: [2_000, 2_500_000], BRL: [50, 60_000] };

/** The account's balance after the line, in minor units: never the amount itself. */
export function balanceCents(rng: Random, market: Market, cents: number): number {
  const [low, high] = BALANCES[market.currency] ?? [40, 45_000];
  const balance = Math.round(rng.logUniform(low, high) * 100);
  return balance === cents ? balance + 1 : balance;
}

/** Another amount on the line, printed in the layout's style (no sign). */
export function printedAmount(cents: number, layout: Layout, market: Market): string {
  const style: AmountStyle = layout.amount ?? market.amount;
  return money(cents, style);
}
