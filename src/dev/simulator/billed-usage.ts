/**
 * What the simulator billed, as the service's pricing reads it. Apart from the simulator itself,
 * which loads a real tokenizer (megabytes), so that reading a bill does not load it.
 */
import type { Usage } from '../../pricing/usage.ts';

/** Token totals of the answered calls of one model (failed calls are not billed; malformed answers are). */
export type BilledUsage = { input: number; cachedInput: number; cacheWrite: number; output: number; calls: number };

/**
 * Billed tokens as the service's pricing reads a call's usage: the simulator counts cache writes
 * among the input tokens, the price table bills them apart.
 */
export function usageOfBilled(billed: Omit<BilledUsage, 'calls'>): Usage {
  return {
    inputTokens: billed.input - billed.cacheWrite,
    cachedInputTokens: billed.cachedInput,
    cacheWriteInputTokens: billed.cacheWrite,
    outputTokens: billed.output,
    raw: billed,
  };
}
