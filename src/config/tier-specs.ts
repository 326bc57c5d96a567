/**
 * The model tiers of the cascade, as configuration: a JSON array (config file key `tiers`, or
 * PARSIMONY_TIERS). Each model names a provider: `openai`, `anthropic`, or any other name with a
 * `baseUrl` for an OpenAI-compatible server (vLLM, TGI, llama.cpp). Every model needs a price in
 * src/pricing/prices.json (checked when the configuration loads); only a model of an
 * OpenAI-compatible server marked `selfHosted: true` runs without one, at zero cost.
 */
import { type Parser, ValueError } from './parsers.ts';

export type ModelSpec = {
  provider: string;
  model: string;
  /** OpenAI-compatible servers only. */
  baseUrl?: string;
  /** Name of the environment variable holding that server's key, if it needs one. */
  apiKeyEnv?: string;
  /**
   * OpenAI-compatible servers only: true says the server is run by us, so its calls cost nothing
   * and it needs no entry in prices.json. Default false: the model must have a price.
   */
  selfHosted?: boolean;
  requestsPerMinute: number;
  tokensPerMinute: number;
  timeoutMs: number;
};

export type TierSpec = {
  name: string;
  packSize: number;
  concurrency: number;
  minConfidence: number;
  outputTokensPerRecord: number;
  /**
   * 'full': every record asks every field, answered by name (extraction-prompt.ts); 'compact':
   * only the fields the rules did not read confidently, short keys, answered by position
   * (compact-prompt.ts).
   */
  answerFormat: AnswerFormat;
  /** Fallback order: the first whose circuit is closed serves the call. */
  models: ModelSpec[];
};

export const ANSWER_FORMATS = ['full', 'compact'] as const;
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

const MODEL_DEFAULTS = { requestsPerMinute: 500, tokensPerMinute: 200_000, timeoutMs: 30_000 };
const TIER_DEFAULTS = { packSize: 8, concurrency: 4, minConfidence: 0.8, outputTokensPerRecord: 120, answerFormat: 'full' as AnswerFormat };

/**
 * The defaults, by price (USD per million tokens, input / cached input / output, prices.json of
 * 2026-12-04):
 * - small: gpt-6-luna (0.10 / 0.01 / 0.50), OpenAI's cheapest current model, under gpt-4o-mini
 *   (0.15 / 0.075 / 0.60) on every line; fallback claude-haiku-5-5, the cheapest current Claude at
 *   the same list prices (up to 100K-token prompts), a tenth of claude-haiku-4-5's.
 * - large: gpt-6.2-sol (2 / 0.10 / 10), the middle of OpenAI's current line (Luna, Terra at 1 / 5,
 *   Sol, Astra at 8 / 40), priced like the gpt-4.1 it replaces (2 / 0.50 / 8). Its fallback stays
 *   claude-sonnet-4-6 (3 / 0.30 / 15, legacy, so a start with the defaults warns): the current
 *   Sonnet, claude-sonnet-5-5 (2 / 0.10 / 10), refuses the forced tool choice anthropic-provider.ts
 *   sends for structured output (Anthropic's Sonnet 5.5 migration guide), as does Opus 5.5.
 * The GPT-6 models reason by default (medium effort); reasoning tokens are billed as output and
 * count against max_completion_tokens, and chatCompletionBody sets no reasoning effort yet.
 */
export const DEFAULT_TIERS: TierSpec[] = [
  {
    name: 'small',
    ...TIER_DEFAULTS,
    models: [
      { provider: 'openai', model: 'gpt-6-luna', ...MODEL_DEFAULTS },
      { provider: 'anthropic', model: 'claude-haiku-5-5', ...MODEL_DEFAULTS },
    ],
  },
  {
    name: 'large',
    ...TIER_DEFAULTS,
    packSize: 4,
    concurrency: 2,
    minConfidence: 0.7,
    models: [
      { provider: 'openai', model: 'gpt-6.2-sol', ...MODEL_DEFAULTS },
      { provider: 'anthropic', model: 'claude-sonnet-4-6', ...MODEL_DEFAULTS },
    ],
  },
];

const RESERVED_TIER_NAMES = new Set(['rules', 'cache']);

export const tierSpecs: Parser<TierSpec[]> = (raw) => {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValueError('expected a JSON array of tiers');
    }
  }
  if (!Array.isArray(value) || value.length === 0) throw new ValueError('expected a non-empty array of tiers');
  const names = new Set<string>();
  return value.map((tier: Record<string, unknown>, t) => {
    const where = `tier ${t}`;
    const name = tier?.name;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(name))
      throw new ValueError(`${where}: name must be lower-case letters, digits, - or _`);
    if (RESERVED_TIER_NAMES.has(name) || names.has(name)) throw new ValueError(`${where}: name ${name} is reserved or repeated`);
    names.add(name);
    if (!Array.isArray(tier.models) || tier.models.length === 0) throw new ValueError(`tier ${name}: models must be a non-empty array`);
    return {
      name,
      packSize: positive(tier.packSize ?? TIER_DEFAULTS.packSize, `tier ${name}: packSize`),
      concurrency: positive(tier.concurrency ?? TIER_DEFAULTS.concurrency, `tier ${name}: concurrency`),
      minConfidence: fraction(tier.minConfidence ?? TIER_DEFAULTS.minConfidence, `tier ${name}: minConfidence`),
      outputTokensPerRecord: positive(
        tier.outputTokensPerRecord ?? TIER_DEFAULTS.outputTokensPerRecord,
        `tier ${name}: outputTokensPerRecord`,
      ),
      answerFormat: answerFormat(tier.answerFormat ?? TIER_DEFAULTS.answerFormat, `tier ${name}: answerFormat`),
      models: (tier.models as Record<string, unknown>[]).map((m, i) => modelSpec(m, `tier ${name} model ${i}`)),
    };
  });
};

function modelSpec(m: Record<string, unknown>, where: string): ModelSpec {
  if (typeof m?.provider !== 'string' || typeof m.model !== 'string')
    throw new ValueError(`${where}: provider and model are required strings`);
  const builtIn = m.provider === 'openai' || m.provider === 'anthropic';
  if (!builtIn && typeof m.baseUrl !== 'string')
    throw new ValueError(
      `${where}: provider ${m.provider} is not openai or anthropic, so it needs the baseUrl of its OpenAI-compatible server`,
    );
  if (m.selfHosted !== undefined && typeof m.selfHosted !== 'boolean') throw new ValueError(`${where}: selfHosted must be true or false`);
  if (builtIn && m.selfHosted === true)
    throw new ValueError(`${where}: ${m.provider} models are always paid; selfHosted is for OpenAI-compatible servers only`);
  return {
    provider: m.provider,
    model: m.model,
    ...(typeof m.baseUrl === 'string' ? { baseUrl: m.baseUrl } : {}),
    ...(typeof m.apiKeyEnv === 'string' ? { apiKeyEnv: m.apiKeyEnv } : {}),
    ...(m.selfHosted === true ? { selfHosted: true } : {}),
    requestsPerMinute: positive(m.requestsPerMinute ?? MODEL_DEFAULTS.requestsPerMinute, `${where}: requestsPerMinute`),
    tokensPerMinute: positive(m.tokensPerMinute ?? MODEL_DEFAULTS.tokensPerMinute, `${where}: tokensPerMinute`),
    timeoutMs: positive(m.timeoutMs ?? MODEL_DEFAULTS.timeoutMs, `${where}: timeoutMs`),
  };
}

function positive(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ValueError(`${where} must be an integer ≥ 1`);
  return v;
}

function fraction(v: unknown, where: string): number {
  if (typeof v !== 'number' || v < 0 || v > 1) throw new ValueError(`${where} must be a number from 0 to 1`);
  return v;
}

function answerFormat(value: unknown, where: string): AnswerFormat {
  if (!ANSWER_FORMATS.includes(value as AnswerFormat)) throw new ValueError(`${where} must be one of ${ANSWER_FORMATS.join(', ')}`);
  return value as AnswerFormat;
}
