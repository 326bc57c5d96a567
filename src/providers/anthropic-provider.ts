/**
 * Anthropic messages with tool use for structured output: one tool whose input schema is the
 * answer schema, and tool_choice forcing it. The instruction prefix is marked for prompt caching.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Clock } from '../common/clock.ts';
import { fromAnthropicUsage } from '../pricing/usage.ts';
import type { CompletionRequest, CompletionResult, ModelCall, ModelProvider } from './model-provider.ts';
import { ProviderError } from './provider-error.ts';
import { classifySdkError } from './sdk-errors.ts';

export type AnthropicProviderOptions = {
  name: string;
  apiKey: string;
  baseURL?: string;
  simulated?: boolean;
  clock: Clock;
};

export function createAnthropicProvider(options: AnthropicProviderOptions): ModelProvider {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
  return {
    name: options.name,
    simulated: options.simulated ?? false,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      let message: Anthropic.Message;
      let requestId: string | undefined;
      try {
        const { data, request_id } = await client.messages
          .create(messageBody(request), { timeout: request.timeoutMs, ...(request.signal ? { signal: request.signal } : {}) })
          .withResponse();
        message = data;
        requestId = request_id ?? undefined;
      } catch (error) {
        throw classifySdkError(error, { provider: options.name, now: options.clock.now() });
      }
      return readMessage(message, options.name, requestId);
    },
  };
}

/** The request body of one call, in real time or as the params of a batch request. */
export function messageBody(request: ModelCall): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    system: [{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: request.user }],
    tools: [
      {
        name: request.schema.name,
        description: 'Record the extracted fields of every transaction narrative.',
        input_schema: request.schema.schema as Anthropic.Tool.InputSchema,
      },
    ],
    tool_choice: { type: 'tool', name: request.schema.name },
  };
}

/** The tool input and usage of a message, or the billed MALFORMED_ANSWER error it is. */
export function readMessage(message: Anthropic.Message, provider: string, requestId: string | undefined): CompletionResult {
  const usage = fromAnthropicUsage(message.usage);
  const toolUse = message.content.find((block) => block.type === 'tool_use');
  if (!toolUse || message.stop_reason === 'max_tokens') {
    throw new ProviderError({
      code: 'MALFORMED_ANSWER',
      provider,
      usage,
      ...(requestId ? { requestId } : {}),
      message: message.stop_reason === 'max_tokens' ? 'the answer was cut at the token limit' : 'the answer used no tool',
    });
  }
  return { answer: toolUse.input, usage, requestId };
}
