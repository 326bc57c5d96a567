/**
 * OpenAI chat completions with JSON-schema structured output. Also serves any OpenAI-compatible
 * server (vLLM, TGI, llama.cpp) through `baseURL`; those take `max_tokens` rather than
 * `max_completion_tokens`. A call's reasoning effort goes as `reasoning_effort`; reasoning counts
 * against the output limit, and an answer cut there is a billed MALFORMED_ANSWER.
 */
import OpenAI from 'openai';
import type { Clock } from '../common/clock.ts';
import { fromOpenAiUsage } from '../pricing/usage.ts';
import type { CompletionRequest, CompletionResult, ModelCall, ModelProvider } from './model-provider.ts';
import { ProviderError } from './provider-error.ts';
import { classifySdkError } from './sdk-errors.ts';

export type OpenAiProviderOptions = {
  /** Configured provider name, e.g. "openai" or "local-vllm". */
  name: string;
  apiKey: string;
  /** Unset for OpenAI itself. */
  baseURL?: string;
  /** True for OpenAI-compatible servers, which differ in a few request fields. */
  compatible?: boolean;
  simulated?: boolean;
  clock: Clock;
};

export function createOpenAiProvider(options: OpenAiProviderOptions): ModelProvider {
  // Retries belong to the dispatcher's one retry policy, so the SDK makes exactly one attempt.
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
  return {
    name: options.name,
    simulated: options.simulated ?? false,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      let requestId: string | undefined;
      try {
        const { data, request_id } = await client.chat.completions
          .create(chatCompletionBody(request, options.compatible ?? false), {
            timeout: request.timeoutMs,
            ...(request.signal ? { signal: request.signal } : {}),
          })
          .withResponse();
        completion = data;
        requestId = request_id ?? undefined;
      } catch (error) {
        throw classifySdkError(error, { provider: options.name, now: options.clock.now() });
      }
      return readCompletion(completion, options.name, requestId);
    },
  };
}

/** The request body of one call, in real time or as a line of a batch. */
export function chatCompletionBody(
  request: ModelCall,
  compatible: boolean,
): OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming {
  return {
    model: request.model,
    messages: [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: request.schema.name, schema: request.schema.schema, strict: true },
    },
    ...(compatible ? { max_tokens: request.maxOutputTokens } : { max_completion_tokens: request.maxOutputTokens }),
    ...(request.reasoningEffort ? { reasoning_effort: request.reasoningEffort } : {}),
  };
}

/** The parsed answer and usage of a completion, or the billed MALFORMED_ANSWER error it is. */
export function readCompletion(
  completion: OpenAI.Chat.Completions.ChatCompletion,
  provider: string,
  requestId: string | undefined,
): CompletionResult {
  const usage = fromOpenAiUsage(completion.usage);
  const choice = completion.choices[0];
  const content = choice?.message?.content;
  const malformed = (message: string, cause?: unknown) =>
    new ProviderError({ code: 'MALFORMED_ANSWER', provider, usage, message, cause, ...(requestId ? { requestId } : {}) });
  if (!content || choice.finish_reason === 'length') {
    // Reasoning counts against the same limit: say how much of it went there, the usual cause with reasoning models.
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens;
    const spent = reasoning ? ` after ${reasoning} reasoning tokens` : '';
    throw malformed(choice?.finish_reason === 'length' ? `the answer was cut at the token limit${spent}` : 'the answer was empty');
  }
  try {
    return { answer: JSON.parse(content), usage, requestId };
  } catch (error) {
    // Compatible servers may not enforce the schema, and any model can break off mid-object:
    // the call was billed all the same, so its usage travels with the error.
    throw malformed('the answer is not JSON', error);
  }
}
