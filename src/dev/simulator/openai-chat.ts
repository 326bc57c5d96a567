/**
 * POST /v1/chat/completions, non-streaming, as the openai SDK sends and reads it: system or
 * developer messages then the user message of extraction-prompt.ts, usually with
 * `response_format: {type: "json_schema", ...}`. The answer is the JSON text of the pack's
 * results in `choices[0].message.content`; `usage.prompt_tokens` includes the cached tokens.
 *
 * A reasoning model (its profile's `reasoning`) reasons first, at the request's `reasoning_effort`
 * or its default, and refuses an effort it does not take with a 400. Its reasoning tokens are
 * output: inside `completion_tokens` (`completion_tokens_details.reasoning_tokens` says how many),
 * billed, timed, and spent first from `max_completion_tokens`, so a limit sized for the answer
 * alone cuts the answer (`finish_reason: "length"`, the content cut short or empty).
 */
import { createHash } from 'node:crypto';
import type { ReasoningEffort } from '../../config/tier-specs.ts';
import { answerUserMessage, recordCount } from './answer-pack.ts';
import { contentText, type HandlerInput, type HandlerResult, type SimulatorContext } from './context.ts';
import { type ModelProfile, resolveProfile } from './model-profile.ts';
import { openaiCachedTokens, openaiCacheWriteTokens } from './prompt-cache.ts';
import { openaiRateHeaders } from './rate-limits.ts';
import { reasoningEffort, reasoningTokens } from './reasoning.ts';
import { type ChatMessageText, chatPromptTokens, countTokens, messageTokens, truncateToTokens } from './tokens.ts';
import { invalidRequest } from './wire-errors.ts';

const SYSTEM_ROLES = new Set(['system', 'developer']);
/** How much of the answer a 'malformed-json' fault lets through: always cut before the closing brace. */
const MALFORMED_SHARE = 0.6;

type ChatRequest = {
  model: string;
  messages: ChatMessageText[];
  schemaText: string;
  maxTokens: number | undefined;
  /** `reasoning_effort` as sent, unchecked. */
  effort: unknown;
};

function parseRequest(body: Record<string, unknown>): ChatRequest | HandlerResult {
  const invalid = (message: string, param: string): HandlerResult => ({ ...invalidRequest('openai', message, param), latencyMs: 0 });
  if (typeof body.model !== 'string' || body.model === '') return invalid('you must provide a model parameter', 'model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return invalid("'messages' must contain at least one message", 'messages');
  }
  if (body.stream === true) return invalid('the provider simulator answers without streaming; send stream: false', 'stream');
  const messages = body.messages.map((message: { role?: unknown; content?: unknown }) => ({
    role: typeof message?.role === 'string' ? message.role : 'user',
    text: contentText(message?.content),
  }));
  const format = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  const schemaText = format?.type === 'json_schema' ? JSON.stringify(format.json_schema?.schema ?? {}) : '';
  const limit = body.max_completion_tokens ?? body.max_tokens;
  return {
    model: body.model,
    messages,
    schemaText,
    maxTokens: typeof limit === 'number' ? limit : undefined,
    effort: body.reasoning_effort,
  };
}

/**
 * Tokens in the prompt and, of those, the ones OpenAI's automatic cache would serve. The cached
 * prefix is the structured-output schema (OpenAI documents it as a prefix to the system message)
 * followed by the leading system/developer messages.
 */
function promptUsage(ctx: SimulatorContext, request: ChatRequest) {
  const schemaTokens = request.schemaText ? countTokens(request.schemaText) : 0;
  const prompt = chatPromptTokens(request.messages) + schemaTokens;
  const firstOther = request.messages.findIndex((message) => !SYSTEM_ROLES.has(message.role));
  const leading = firstOther < 0 ? request.messages : request.messages.slice(0, firstOther);
  if (leading.length === 0) return { prompt, cached: 0, written: 0 };
  const prefixTokens = schemaTokens + leading.reduce((sum, message) => sum + messageTokens(message), 0);
  const prefix = [request.schemaText, ...leading.map((message) => `${message.role}:${message.text}`)].join('\u0000');
  const seen = ctx.prefixCache.touch(request.model, prefix);
  return {
    prompt,
    cached: Math.min(prompt, openaiCachedTokens(prefixTokens, seen)),
    written: Math.min(prompt, openaiCacheWriteTokens(request.model, prefixTokens, seen)),
  };
}

/** The answer, cut where reasoning and answer together pass the request's limit; reasoning is spent first. */
function answerContent(
  ctx: SimulatorContext,
  request: ChatRequest,
  input: HandlerInput,
  at: { profile: ModelProfile; effort: ReasoningEffort | undefined },
) {
  const userText = request.messages.findLast((message) => message.role === 'user')?.text ?? '';
  const { profile, effort } = at;
  let content = JSON.stringify(answerUserMessage(userText, { model: request.model, profile, truth: ctx.truth, seed: ctx.seed }));
  let finishReason = 'stop';
  if (input.fault?.kind === 'malformed-json') content = content.slice(0, Math.floor(content.length * MALFORMED_SHARE));
  let reasoning = reasoningTokens(profile, { model: request.model, effort, records: recordCount(userText), userText, seed: ctx.seed });
  let answer = countTokens(content);
  if (request.maxTokens !== undefined && reasoning + answer > request.maxTokens) {
    reasoning = Math.min(reasoning, request.maxTokens);
    answer = request.maxTokens - reasoning;
    content = truncateToTokens(content, answer);
    finishReason = 'length';
  }
  return { content, reasoning, completion: reasoning + answer, finishReason };
}

export function handleChatCompletion(ctx: SimulatorContext, input: HandlerInput): HandlerResult {
  const request = parseRequest(input.body);
  if ('status' in request) return request;
  const profile = resolveProfile(request.model, ctx.models);
  const effort = reasoningEffort(profile, request.effort);
  if ('status' in effort) return { ...effort, latencyMs: 0 };
  const { prompt, cached, written } = promptUsage(ctx, request);
  const { content, reasoning, completion, finishReason } = answerContent(ctx, request, input, { profile, effort: effort.effort });
  const latencyMs = profile.latencyMs.base + profile.latencyMs.perOutputToken * completion;
  const use = ctx.rates.record(request.model, prompt, completion);
  return {
    status: 200,
    latencyMs,
    headers: { 'openai-processing-ms': String(Math.round(latencyMs)), 'openai-version': '2020-10-01', ...openaiRateHeaders(use) },
    usage: { model: request.model, input: prompt - cached, cachedInput: cached, cacheWrite: written, output: completion },
    body: {
      id: ctx.newId('chatcmpl-', 29),
      object: 'chat.completion',
      created: Math.floor(ctx.now() / 1000),
      model: request.model,
      choices: [
        { index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason },
      ],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0, ...(written > 0 ? { cache_write_tokens: written } : {}) },
        completion_tokens_details: {
          reasoning_tokens: reasoning,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      service_tier: 'default',
      // Stable per model, as a real fingerprint is per backend configuration, not per call.
      system_fingerprint: `fp_${createHash('sha256').update(request.model).digest('hex').slice(0, 10)}`,
    },
  };
}
