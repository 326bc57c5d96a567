/**
 * The port of the providers' Batch APIs: many calls submitted at once and answered within a day
 * at the batch discount. OpenAI's Batch API and Anthropic's Message Batches are adapters beside
 * this file (openai-batch.ts, anthropic-batch.ts), driven through the official SDKs.
 *
 * What every adapter promises: each request is named by a custom id the caller chose; a batch is
 * looked at, never waited on (the caller polls, and records the batch id where a restarted
 * instance finds it); once it has ended, every answer comes back as the real-time adapter would
 * have returned it (parsed, usage normalised, a malformed answer a billed MALFORMED_ANSWER error),
 * per custom id; a request the results do not answer is simply absent (the caller sends it again),
 * and what the results hold that names no request, or is not a result at all, is counted, never
 * thrown: one bad line costs that line.
 */
import type { CompletionResult, ModelCall } from './model-provider.ts';
import type { ProviderError } from './provider-error.ts';

export type BatchRequest = { customId: string; call: ModelCall };

export type BatchAnswer = { ok: true; result: CompletionResult } | { ok: false; error: ProviderError };

export type BatchEnd = 'completed' | 'expired' | 'failed' | 'cancelled';

export type BatchStatus =
  | { state: 'running'; status: string }
  | {
      state: 'ended';
      status: BatchEnd;
      /** By custom id, for the requests the results answer (an answer or that request's error). */
      answers: Map<string, BatchAnswer>;
      /** Custom ids in the results that no request of this batch had. */
      unknownIds: string[];
      /** Result lines that could not be read at all. */
      unreadableLines: number;
    };

export type BatchProvider = {
  readonly name: string;
  readonly simulated: boolean;
  /** Submits the requests as one batch; returns its id. */
  submit(requests: readonly BatchRequest[], signal?: AbortSignal): Promise<string>;
  /** Where the batch stands; once ended, its answers. `customIds`: the requests it was sent with. */
  status(batchId: string, customIds: ReadonlySet<string>, signal?: AbortSignal): Promise<BatchStatus>;
};

/** Sorts parsed result lines into answers, unknown ids and unreadable lines. */
export function collectResults(
  lines: readonly string[],
  customIds: ReadonlySet<string>,
  read: (line: unknown) => { customId: string; answer: BatchAnswer } | null,
): Omit<Extract<BatchStatus, { state: 'ended' }>, 'state' | 'status'> {
  const answers = new Map<string, BatchAnswer>();
  const unknownIds: string[] = [];
  let unreadableLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      unreadableLines += 1;
      continue;
    }
    const entry = read(value);
    if (!entry) unreadableLines += 1;
    else if (!customIds.has(entry.customId)) unknownIds.push(entry.customId);
    else answers.set(entry.customId, entry.answer);
  }
  return { answers, unknownIds, unreadableLines };
}
