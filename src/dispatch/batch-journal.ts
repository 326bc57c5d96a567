/**
 * The journal of batches submitted and not yet read: a batch is recorded once the provider took
 * it and forgotten once its results are read, so a process that crashed or lost its partitions
 * while a batch ran does not pay for it again — whoever takes the same records up next finds the
 * batch under the same key and polls it instead of submitting another.
 *
 * The key is the content of the batch: its provider, model and every request as sent. The same
 * records asked the same way make the same batch, whichever process builds it; a window gathered
 * differently after the restart (more records had arrived) makes another batch and is submitted
 * anew. Adapters: in this process (`memoryJournal`) and an Elasticsearch index (elasticsearch-journal.ts).
 */
import { createHash } from 'node:crypto';
import type { BatchRequest } from '../providers/batch-provider.ts';

export type PendingBatch = { key: string; provider: string; model: string; batchId: string; submittedAt: number };

export type BatchJournal = {
  find(key: string): Promise<PendingBatch | null>;
  record(batch: PendingBatch): Promise<void>;
  forget(key: string): Promise<void>;
};

export function batchKey(provider: string, model: string, requests: readonly BatchRequest[]): string {
  const hash = createHash('sha256').update(`${provider}\n${model}\n`);
  for (const request of requests) hash.update(`${request.customId}\n${JSON.stringify(request.call)}\n`);
  return hash.digest('hex');
}

export function memoryJournal(): BatchJournal {
  const pending = new Map<string, PendingBatch>();
  return {
    find: async (key) => pending.get(key) ?? null,
    record: async (batch) => {
      pending.set(batch.key, batch);
    },
    forget: async (key) => {
      pending.delete(key);
    },
  };
}
