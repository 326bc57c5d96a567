/**
 * What the simulator billed, priced with the project's own table: the figure every per-record
 * cost must add up to.
 */

import { usageOfBilled } from '#src/dev/simulator/billed-usage.ts';
import type { Simulator } from '#src/dev/simulator/simulator.ts';
import { callCost, type PriceTable, priceOf } from '#src/pricing/price-table.ts';

export function billedNano(simulator: Simulator, prices: PriceTable): number {
  return Object.entries(simulator.billed).reduce((sum, [model, b]) => {
    const provider = model.startsWith('claude') ? 'anthropic' : 'openai';
    return sum + callCost(priceOf(prices, provider, model), usageOfBilled(b), { batch: false });
  }, 0);
}

/** A decimal USD string from an output record, in the integer nano-dollars costs are kept in. */
export const nanoOf = (usd: string) => Math.round(Number(usd) * 1e9);
