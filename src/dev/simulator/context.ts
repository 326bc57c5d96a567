/**
 * What every endpoint handler shares: the truth, the model profiles, the seeded id counter, the
 * clock, the prompt cache and the rate windows. Handlers turn a parsed request into a response
 * plus what it costs and how long the model would take; the server does the waiting and writing.
 */
import type { ActiveFault } from './faults.ts';
import type { ModelProfile } from './model-profile.ts';
import type { PrefixCache } from './prompt-cache.ts';
import type { RateWindows } from './rate-limits.ts';
import { makeId } from './seeded.ts';
import type { TruthTable } from './truth.ts';
import type { WireResponse } from './wire-errors.ts';

export type SimulatorContext = {
  truth: TruthTable;
  models: Readonly<Record<string, ModelProfile>>;
  seed: number;
  now: () => number;
  prefixCache: PrefixCache;
  rates: RateWindows;
  /** A fresh provider-looking id: same seed and order of calls, same ids. */
  newId: (prefix: string, length: number) => string;
};

/** Token use of one answered call, in the simulator's billing terms. */
export type CallUsage = {
  model: string;
  /** Input tokens billed at the full input price (Anthropic cache writes included). */
  input: number;
  /** Input tokens read from the prompt cache. */
  cachedInput: number;
  /** Of `input`, the tokens written to Anthropic's cache (billed at a premium there). */
  cacheWrite: number;
  output: number;
};

export type HandlerResult = WireResponse & {
  /** How long the model takes before the response is sent, before the time scale applies. */
  latencyMs: number;
  /** Absent for responses nobody pays for (rejected requests). */
  usage?: CallUsage;
};

export type HandlerInput = {
  body: Record<string, unknown>;
  /** Set when a 'malformed-json' fault applies to this request. */
  fault?: ActiveFault;
};

export function makeIdSource(seed: number): (prefix: string, length: number) => string {
  let counter = 0;
  return (prefix, length) => makeId(prefix, length, seed, (counter += 1));
}

/** A message's text: a plain string, or the text parts of a content-block array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is { text: string } => typeof part?.text === 'string')
    .map((part) => part.text)
    .join('\n');
}
