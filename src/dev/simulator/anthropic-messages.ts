/**
 * POST /v1/messages, non-streaming, as @anthropic-ai/sdk sends and reads it: `system` (a string
 * or text blocks, optionally with cache_control), the user message of extraction-prompt.ts, and
 * the answering tool forced with `tool_choice: {type: "tool", name}`. The answer is a tool_use
 * block whose `input` is the answer object; `usage.input_tokens` excludes cached tokens.
 */
import { answerUserMessage } from './answer-pack.ts';
import { contentText, type HandlerInput, type HandlerResult, type SimulatorContext } from './context.ts';
import { resolveProfile } from './model-profile.ts';
import { anthropicMinCacheableTokens, DEFAULT_CACHE_TTL_MS } from './prompt-cache.ts';
import { anthropicRateHeaders } from './rate-limits.ts';
import { countTokens, messageTokens, truncateToTokens } from './tokens.ts';
import { invalidRequest } from './wire-errors.ts';

/** Anthropic's published size of the hidden tool-use system prompt (Claude 4 models). */
const TOOL_PROMPT_TOKENS = { forced: 313, auto: 346 } as const;
const ONE_HOUR_MS = 60 * 60 * 1000;

type Block = { text: string; cacheTtlMs?: number };
type Tool = { name: string; json: string; cacheTtlMs?: number };
type MessagesRequest = {
  model: string;
  maxTokens: number;
  system: Block[];
  tools: Tool[];
  toolName?: string;
  forced: boolean;
  userText: string;
  messages: { role: string; text: string }[];
};

const ttlOf = (block: { cache_control?: { ttl?: string } | null }) =>
  block?.cache_control ? (block.cache_control.ttl === '1h' ? ONE_HOUR_MS : DEFAULT_CACHE_TTL_MS) : undefined;

function readTools(body: Record<string, unknown>): Tool[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.map((tool: { name?: unknown; cache_control?: { ttl?: string } }) => {
    const { cache_control: _marker, ...definition } = tool;
    return { name: String(tool.name), json: JSON.stringify(definition), cacheTtlMs: ttlOf(tool) };
  });
}

function parseRequest(body: Record<string, unknown>): MessagesRequest | HandlerResult {
  const invalid = (message: string): HandlerResult => ({ ...invalidRequest('anthropic', message), latencyMs: 0 });
  if (typeof body.model !== 'string' || body.model === '') return invalid('model: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return invalid('max_tokens: Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return invalid('messages: at least one message is required');
  if (body.stream === true) return invalid('the provider simulator answers without streaming; send stream: false');
  const system: Block[] =
    typeof body.system === 'string'
      ? [{ text: body.system }]
      : Array.isArray(body.system)
        ? body.system.map((block) => ({ text: contentText([block]), cacheTtlMs: ttlOf(block) }))
        : [];
  const tools = readTools(body);
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  if (choice?.type === 'tool' && !tools.some((tool) => tool.name === choice.name)) {
    return invalid(`tool_choice: tool '${choice.name}' is not among the tools`);
  }
  const messages = body.messages.map((message: { role?: unknown; content?: unknown }) => ({
    role: String(message?.role ?? 'user'),
    text: contentText(message?.content),
  }));
  const toolName = choice?.type === 'tool' ? choice.name : choice?.type === 'none' ? undefined : tools[0]?.name;
  return {
    model: body.model,
    maxTokens: body.max_tokens as number,
    system,
    tools,
    toolName,
    forced: choice?.type === 'tool' || choice?.type === 'any',
    userText: messages.findLast((m) => m.role === 'user')?.text ?? '',
    messages,
  };
}

/**
 * Input tokens split the way Anthropic bills them. The cached prefix runs (tools, then system)
 * up to the last block marked with cache_control, and only counts once it reaches the model's minimum.
 */
function inputUsage(ctx: SimulatorContext, request: MessagesRequest) {
  const toolPrompt = request.tools.length === 0 ? 0 : request.forced ? TOOL_PROMPT_TOKENS.forced : TOOL_PROMPT_TOKENS.auto;
  const parts = [
    ...request.tools.map((tool, at) => ({
      text: tool.json,
      tokens: countTokens(tool.json) + (at === 0 ? toolPrompt : 0),
      ttl: tool.cacheTtlMs,
    })),
    ...request.system.map((block) => ({ text: block.text, tokens: countTokens(block.text), ttl: block.cacheTtlMs })),
  ];
  const total = parts.reduce((sum, part) => sum + part.tokens, 0) + request.messages.reduce((sum, m) => sum + messageTokens(m), 0);
  const lastMarked = parts.findLastIndex((part) => part.ttl !== undefined);
  const prefix = parts.slice(0, lastMarked + 1);
  const prefixTokens = prefix.reduce((sum, part) => sum + part.tokens, 0);
  if (lastMarked < 0 || prefixTokens < anthropicMinCacheableTokens(request.model)) return { total, read: 0, written: 0, ttl: 0 };
  const ttl = parts[lastMarked]!.ttl!;
  const hit = ctx.prefixCache.touch(request.model, prefix.map((part) => part.text).join('\u0000'), ttl);
  return { total, read: hit ? prefixTokens : 0, written: hit ? 0 : prefixTokens, ttl };
}

function answerBlock(ctx: SimulatorContext, request: MessagesRequest, input: HandlerInput) {
  const profile = resolveProfile(request.model, ctx.models);
  const answer = answerUserMessage(request.userText, { model: request.model, profile, truth: ctx.truth, seed: ctx.seed });
  const text = JSON.stringify(answer);
  const output = countTokens(text);
  const cut = input.fault?.kind === 'malformed-json' || output > request.maxTokens;
  const spent =
    input.fault?.kind === 'malformed-json' ? Math.min(request.maxTokens, Math.ceil(output / 2)) : Math.min(output, request.maxTokens);
  if (request.toolName === undefined) {
    const shown = cut ? truncateToTokens(text, spent) : text;
    return { profile, output: spent, stopReason: cut ? 'max_tokens' : 'end_turn', block: { type: 'text', text: shown, citations: null } };
  }
  // A tool call cut short leaves no complete JSON to parse: its input comes back empty.
  const block = {
    type: 'tool_use',
    id: ctx.newId('toolu_01', 22),
    name: request.toolName,
    input: cut ? {} : answer,
    caller: { type: 'direct' },
  };
  return { profile, output: spent, stopReason: cut ? 'max_tokens' : 'tool_use', block };
}

export function handleMessages(ctx: SimulatorContext, input: HandlerInput): HandlerResult {
  const request = parseRequest(input.body);
  if ('status' in request) return request;
  const { total, read, written, ttl } = inputUsage(ctx, request);
  const { profile, output, stopReason, block } = answerBlock(ctx, request, input);
  const uncached = total - read - written;
  const use = ctx.rates.record(request.model, total, output);
  return {
    status: 200,
    latencyMs: profile.latencyMs.base + profile.latencyMs.perOutputToken * output,
    headers: anthropicRateHeaders(use),
    usage: { model: request.model, input: uncached + written, cachedInput: read, cacheWrite: written, output },
    body: {
      id: ctx.newId('msg_01', 22),
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [block],
      stop_reason: stopReason,
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        input_tokens: uncached,
        cache_creation_input_tokens: written,
        cache_read_input_tokens: read,
        cache_creation: {
          ephemeral_5m_input_tokens: ttl === ONE_HOUR_MS ? 0 : written,
          ephemeral_1h_input_tokens: ttl === ONE_HOUR_MS ? written : 0,
        },
        output_tokens: output,
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        inference_geo: null,
        speed: null,
      },
    },
  };
}
