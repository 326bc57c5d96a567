/**
 * What the bank's own lines share — ATM withdrawals, fees, interest, own-account moves: no
 * counterparty (the contract's null), a fixed type and category, and a layout table per market.
 */
import type { Category, Direction, TransactionType } from '../../../contract/records.ts';
import { type Country, MARKETS } from '../markets.ts';
import type { Random } from '../random.ts';
import { type Layout, layoutOf, type Rail, renderLayout, truth } from './rail.ts';

export type BankLine = { cents: number; direction: Direction; vars: Record<string, string> };

export type BankLineSpec = {
  rail: string;
  country: Country;
  layouts: readonly Layout[];
  type: TransactionType;
  category: Category;
  /** Draws the amount, direction and the slots the layouts print besides the amount. */
  draw(rng: Random): BankLine;
};

export function bankLineRail(spec: BankLineSpec): Rail {
  const market = MARKETS[spec.country];
  return {
    rail: spec.rail,
    id: `${spec.rail}/${spec.country.toLowerCase()}`,
    market,
    pool: null,
    layouts: spec.layouts.length,
    render(input) {
      const line = spec.draw(input.rng);
      const out = renderLayout(layoutOf(spec.layouts, input.layout), line.vars, {
        input,
        market,
        cents: line.cents,
        direction: line.direction,
      });
      return {
        narrative: out.narrative,
        fields: truth({
          date: out.date,
          cents: line.cents,
          currency: market.currency,
          direction: line.direction,
          counterparty: null,
          type: spec.type,
          reference: out.reference,
          category: spec.category,
        }),
      };
    },
  };
}

/** A whole-unit amount in steps of `step` units within `range`, in minor units: cash and transfers come round. */
export function steppedCents(rng: Random, amounts: { step: number; range: readonly [number, number] }): number {
  const { step, range } = amounts;
  return Math.round(Math.max(step, Math.round(rng.logUniform(range[0], range[1]) / step) * step) * 100);
}

/** Direction words for a line, e.g. `{ out: { to: 'TO' }, in: { to: 'FROM' } }`. */
export type DirectionWords = { out: Record<string, string>; in: Record<string, string> };

export function wordsFor(words: DirectionWords, direction: Direction): Record<string, string> {
  return direction === 'CREDIT' ? words.in : words.out;
}
