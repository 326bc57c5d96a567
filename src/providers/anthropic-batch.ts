/**
 * Anthropic's Message Batches through the official SDK: the requests inline, then the results'
 * JSONL from the batch's results_url once processing has ended. Each succeeded message is read
 * exactly as a real-time one (anthropic-provider.ts). The results are read as text, line by line,
 * rather than through the SDK's decoder, which stops at the first line that is not JSON and
 * would leave the answers after it unread though paid for.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Clock } from '../common/clock.ts';
import { messageBody, readMessage } from './anthropic-provider.ts';
import { type BatchAnswer, type BatchProvider, type BatchStatus, collectResults } from './batch-provider.ts';
import { ProviderError, type ProviderErrorCode } from './provider-error.ts';
import { classifySdkError } from './sdk-errors.ts';

export type AnthropicBatchOptions = { name: string; apiKey: string; baseURL?: string; simulated?: boolean; clock: Clock };

const ERROR_CODES: Record<string, ProviderErrorCode> = {
  invalid_request_error: 'BAD_REQUEST',
  authentication_error: 'AUTH',
  permission_error: 'AUTH',
  rate_limit_error: 'RATE_LIMITED',
  overloaded_error: 'OVERLOADED',
  api_error: 'SERVER_ERROR',
};

export function createAnthropicBatchProvider(options: AnthropicBatchOptions): BatchProvider {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
  const fail = (error: unknown) => classifySdkError(error, { provider: options.name, now: options.clock.now() });
  return {
    name: options.name,
    simulated: options.simulated ?? false,
    async submit(requests, signal) {
      try {
        const batch = await client.messages.batches.create(
          { requests: requests.map((r) => ({ custom_id: r.customId, params: messageBody(r.call) })) },
          signal ? { signal } : undefined,
        );
        return batch.id;
      } catch (error) {
        throw fail(error);
      }
    },
    async status(batchId, customIds, signal): Promise<BatchStatus> {
      try {
        const batch = await client.messages.batches.retrieve(batchId, {}, signal ? { signal } : undefined);
        if (batch.processing_status !== 'ended' || !batch.results_url) return { state: 'running', status: batch.processing_status };
        const response = await client.get<Response>(batch.results_url, {
          headers: { Accept: 'application/binary' },
          __binaryResponse: true,
          ...(signal ? { signal } : {}),
        });
        const lines = (await response.text()).split('\n');
        const counts = batch.request_counts;
        const status =
          counts.expired > 0 && counts.succeeded === 0
            ? 'expired'
            : counts.canceled > 0 && counts.succeeded === 0
              ? 'cancelled'
              : 'completed';
        return { state: 'ended', status, ...collectResults(lines, customIds, (line) => readLine(line, options.name)) };
      } catch (error) {
        throw fail(error);
      }
    },
  };
}

type ResultLine = {
  custom_id?: unknown;
  result?: { type?: string; message?: unknown; error?: { error?: { type?: string; message?: string } } };
};

function readLine(value: unknown, provider: string): { customId: string; answer: BatchAnswer } | null {
  const line = value as ResultLine | null;
  if (typeof line?.custom_id !== 'string' || typeof line.result?.type !== 'string') return null;
  const customId = line.custom_id;
  const { result } = line;
  if (result.type === 'succeeded' && typeof result.message === 'object' && result.message !== null) {
    try {
      return { customId, answer: { ok: true, result: readMessage(result.message as Anthropic.Message, provider, undefined) } };
    } catch (error) {
      return { customId, answer: { ok: false, error: error as ProviderError } };
    }
  }
  const code: ProviderErrorCode =
    result.type === 'expired'
      ? 'TIMEOUT'
      : result.type === 'canceled'
        ? 'ABORTED'
        : (ERROR_CODES[result.error?.error?.type ?? ''] ?? 'SERVER_ERROR');
  const message = result.error?.error?.message ?? `request ${result.type} in the batch`;
  return { customId, answer: { ok: false, error: new ProviderError({ code, provider, message }) } };
}
