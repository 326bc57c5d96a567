/**
 * OpenAI's Batch API through the official SDK: the requests as a JSONL file (purpose "batch"),
 * one batch on /v1/chat/completions with a 24 h window, then the output and error files once it
 * has ended. Each line's body is read exactly as a real-time completion (openai-provider.ts).
 */
import OpenAI, { toFile } from 'openai';
import type { Clock } from '../common/clock.ts';
import { type BatchAnswer, type BatchProvider, type BatchStatus, collectResults } from './batch-provider.ts';
import { chatCompletionBody, readCompletion } from './openai-provider.ts';
import { codeForStatus, ProviderError } from './provider-error.ts';
import { classifySdkError } from './sdk-errors.ts';

export type OpenAiBatchOptions = { name: string; apiKey: string; baseURL?: string; simulated?: boolean; clock: Clock };

const ENDED: Record<string, 'completed' | 'expired' | 'failed' | 'cancelled'> = {
  completed: 'completed',
  expired: 'expired',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function createOpenAiBatchProvider(options: OpenAiBatchOptions): BatchProvider {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
  const fail = (error: unknown) => classifySdkError(error, { provider: options.name, now: options.clock.now() });
  const fileLines = async (id: string | null | undefined, signal?: AbortSignal) => {
    if (!id) return [];
    const response = await client.files.content(id, signal ? { signal } : undefined);
    return (await response.text()).split('\n');
  };
  return {
    name: options.name,
    simulated: options.simulated ?? false,
    async submit(requests, signal) {
      const jsonl = requests
        .map((r) =>
          JSON.stringify({ custom_id: r.customId, method: 'POST', url: '/v1/chat/completions', body: chatCompletionBody(r.call, false) }),
        )
        .join('\n');
      try {
        const file = await client.files.create(
          { file: await toFile(Buffer.from(`${jsonl}\n`), 'requests.jsonl'), purpose: 'batch' },
          signal ? { signal } : undefined,
        );
        const batch = await client.batches.create(
          { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' },
          signal ? { signal } : undefined,
        );
        return batch.id;
      } catch (error) {
        throw fail(error);
      }
    },
    async status(batchId, customIds, signal): Promise<BatchStatus> {
      try {
        const batch = await client.batches.retrieve(batchId, signal ? { signal } : undefined);
        const ended = ENDED[batch.status];
        if (!ended) return { state: 'running', status: batch.status };
        const lines = [...(await fileLines(batch.output_file_id, signal)), ...(await fileLines(batch.error_file_id, signal))];
        return { state: 'ended', status: ended, ...collectResults(lines, customIds, (line) => readLine(line, options.name)) };
      } catch (error) {
        throw fail(error);
      }
    },
  };
}

type OutputLine = {
  custom_id?: unknown;
  response?: { status_code?: number; request_id?: string; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
};

function readLine(value: unknown, provider: string): { customId: string; answer: BatchAnswer } | null {
  const line = value as OutputLine | null;
  if (typeof line?.custom_id !== 'string') return null;
  const customId = line.custom_id;
  const response = line.response;
  if (response && response.status_code === 200 && typeof response.body === 'object' && response.body !== null) {
    try {
      return {
        customId,
        answer: {
          ok: true,
          result: readCompletion(response.body as OpenAI.Chat.Completions.ChatCompletion, provider, response.request_id),
        },
      };
    } catch (error) {
      return { customId, answer: { ok: false, error: error as ProviderError } };
    }
  }
  const code =
    line.error?.code === 'batch_expired'
      ? 'TIMEOUT'
      : line.error?.code === 'batch_cancelled'
        ? 'ABORTED'
        : codeForStatus(response?.status_code ?? 500);
  const message = line.error?.message ?? `status ${response?.status_code ?? 'unknown'} in the batch's results`;
  return {
    customId,
    answer: {
      ok: false,
      error: new ProviderError({ code, provider, message, ...(response?.status_code ? { status: response.status_code } : {}) }),
    },
  };
}
