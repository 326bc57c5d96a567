/**
 * Classifies what the official SDKs throw into ProviderError, once, for both SDKs (they share
 * one error hierarchy shape but not the classes, so each is checked by instanceof).
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Usage } from '../pricing/usage.ts';
import { codeForStatus, ProviderError, parseRetryAfter } from './provider-error.ts';

export function classifySdkError(error: unknown, context: { provider: string; now: number; usage?: Usage }): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider: context.provider, cause: error, ...(context.usage ? { usage: context.usage } : {}) };
  if (error instanceof OpenAI.APIUserAbortError || error instanceof Anthropic.APIUserAbortError) {
    return new ProviderError({ ...base, code: 'ABORTED', message: 'the call was cancelled' });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof Anthropic.APIConnectionTimeoutError) {
    return new ProviderError({ ...base, code: 'TIMEOUT', message: 'the call timed out' });
  }
  if (error instanceof OpenAI.APIConnectionError || error instanceof Anthropic.APIConnectionError) {
    return new ProviderError({ ...base, code: 'CONNECTION', message: `connection failed: ${(error as Error).message}` });
  }
  if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) {
    const status = error.status;
    const retryAfterMs = parseRetryAfter(error.headers, context.now);
    return new ProviderError({
      ...base,
      code: codeForStatus(status),
      status,
      message: `${status ?? 'error'}: ${error.message}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new ProviderError({ ...base, code: 'CONNECTION', message: (error as Error)?.message ?? String(error) });
}
