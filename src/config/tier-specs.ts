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
  /**
   * OpenAI and OpenAI-compatible models only: the reasoning effort every call asks for, sent as
   * `reasoning_effort`. Unset: the request names none, and a reasoning model spends its own default
   * (medium for the GPT-6 models). Models differ in the values they take (gpt-6.2-sol refuses
   * none, a model that does not reason refuses the parameter): a refused value is a 400 on every call.
   */
  reasoningEffort?: ReasoningEffort;
  /**
   * Output tokens each call leaves for the model's reasoning, on top of the answer's (the tier's
   * outputTokensPerRecord per record): reasoning counts against the call's output limit
   * (max_completion_tokens, Anthropic's max_tokens), and an answer that finds no room left is cut.
   * The room is in the limit, so in the budget's reservation and the tokens-per-minute estimate
   * too; only the tokens spent are billed. Default: REASONING_TOKENS_PER_CALL of reasoningEffort, 0
   * when unset (so a reasoning model left at its own default effort has no room: set one of the two).
   */
  reasoningTokensPerCall: number;
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

/** The values of OpenAI's `reasoning_effort`, least first; each model takes some of them. */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/**
 * The default room for reasoning per call, by effort: three to six times the mean reasoning tokens a
 * public benchmark measured for the GPT-6 models on hard coding tasks (joonlab/gpt-6.1-sol-benchmark:
 * gpt-6.1-sol at low 122, gpt-6-sol at medium 680, gpt-6-luna at high 685, gpt-6.1-sol at xhigh
 * 3,282). One call's spend varies widely around the mean, and a cut answer is paid for and asked
 * again, while room left unused costs nothing; a pack of short narratives asks less thought than a
 * coding task, so these err on the generous side. max has no published figure: twice xhigh's.
 */
export const REASONING_TOKENS_PER_CALL: Readonly<Record<ReasoningEffort, number>> = {
  none: 0,
  minimal: 256,
  low: 512,
  medium: 2048,
  high: 4096,
  xhigh: 16_384,
  max: 32_768,
};

const reasoning = (effort: ReasoningEffort) => ({ reasoningEffort: effort, reasoningTokensPerCall: REASONING_TOKENS_PER_CALL[effort] });

const MODEL_DEFAULTS = { requestsPerMinute: 500, tokensPerMinute: 200_000, timeoutMs: 30_000 };
/**
 * The compact answer format by default: on the frontier (`npm run bench -- frontier`, against
 * BENCH_ANSWER_FORMAT=full, docs/frontier-full.json) it costs 35–37 % less per correct record for
 * 0.1 point of accuracy (0.4 on the held-out layouts, where the full format's second opinion on the
 * rules' readings is worth most).
 */
const TIER_DEFAULTS = {
  packSize: 8,
  concurrency: 4,
  minConfidence: 0.8,
  outputTokensPerRecord: 120,
  answerFormat: 'compact' as AnswerFormat,
};

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
 * count against max_completion_tokens, which is sized for the answer. An answer here is a short
 * structured extraction the model reads off the line, so the defaults ask for the least reasoning
 * each model takes: none for gpt-6-luna, low for gpt-6.2-sol, whose lowest it is (it refuses none),
 * with REASONING_TOKENS_PER_CALL.low of room on top of the answer's. Anthropic's pages leave open
 * whether claude-haiku-5-5 thinks when a request does not ask it to (its thinking would count
 * against max_tokens the same way); its reasoningTokensPerCall gives it room if it does.
 *
 * Pack sizes, by measurement (`npm run bench -- call-cost`, docs/call-cost.json): a record costs
 * less the more records share a call (the cached prefix and, for a reasoning model, its reasoning
 * are spread wider), and the simulator's models err no more in a larger pack; 8 → 20 → 40 records
 * a call cost 1 : 0.97 : 0.96 on the small tier and 1 : 0.92 : 0.89 on the large one. The small
 * tier takes 20: what 40 would save more is 1 %, against a pack's answer taking twice as long
 * (and a malformed one retrying twice the records). The large tier takes 8: it answers the
 * records the small one doubted, a few in each window, and at 20 a call would answer in about
 * 20 s where a card feed wants seconds.
 */
export const DEFAULT_TIERS: TierSpec[] = [
  {
    name: 'small',
    ...TIER_DEFAULTS,
    packSize: 20,
    models: [
      { provider: 'openai', model: 'gpt-6-luna', ...MODEL_DEFAULTS, ...reasoning('none') },
      { provider: 'anthropic', model: 'claude-haiku-5-5', ...MODEL_DEFAULTS, reasoningTokensPerCall: 0 },
    ],
  },
  {
    name: 'large',
    ...TIER_DEFAULTS,
    packSize: 8,
    concurrency: 2,
    minConfidence: 0.7,
    models: [
      { provider: 'openai', model: 'gpt-6.2-sol', ...MODEL_DEFAULTS, ...reasoning('low') },
      { provider: 'anthropic', model: 'claude-sonnet-4-6', ...MODEL_DEFAULTS, reasoningTokensPerCall: 0 },
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
  const effort = reasoningEffort(m, where);
  return {
    provider: m.provider,
    model: m.model,
    ...(typeof m.baseUrl === 'string' ? { baseUrl: m.baseUrl } : {}),
    ...(typeof m.apiKeyEnv === 'string' ? { apiKeyEnv: m.apiKeyEnv } : {}),
    ...(m.selfHosted === true ? { selfHosted: true } : {}),
    ...(effort ? { reasoningEffort: effort } : {}),
    reasoningTokensPerCall: atLeastZero(
      m.reasoningTokensPerCall ?? (effort ? REASONING_TOKENS_PER_CALL[effort] : 0),
      `${where}: reasoningTokensPerCall`,
    ),
    requestsPerMinute: positive(m.requestsPerMinute ?? MODEL_DEFAULTS.requestsPerMinute, `${where}: requestsPerMinute`),
    tokensPerMinute: positive(m.tokensPerMinute ?? MODEL_DEFAULTS.tokensPerMinute, `${where}: tokensPerMinute`),
    timeoutMs: positive(m.timeoutMs ?? MODEL_DEFAULTS.timeoutMs, `${where}: timeoutMs`),
  };
}

function reasoningEffort(m: Record<string, unknown>, where: string): ReasoningEffort | undefined {
  const value = m.reasoningEffort;
  if (value === undefined) return undefined;
  if (!REASONING_EFFORTS.includes(value as ReasoningEffort))
    throw new ValueError(`${where}: reasoningEffort must be one of ${REASONING_EFFORTS.join(', ')}`);
  if (m.provider === 'anthropic')
    throw new ValueError(
      `${where}: reasoningEffort is sent as OpenAI's reasoning_effort, for OpenAI and OpenAI-compatible models only; anthropic models take none`,
    );
  return value as ReasoningEffort;
}

function atLeastZero(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ValueError(`${where} must be an integer ≥ 0`);
  return v;
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
