/**
 * The batch journal every instance of a consumer group shares: one Elasticsearch document per
 * pending batch, `_id` = its content key (batch-journal.ts). A get by id is real time, so an
 * instance that takes over a window a moment after another submitted its batch finds it.
 */
import { type Client, errors } from '@elastic/elasticsearch';
import { ensureKindIndex } from '../connect/elasticsearch.ts';
import type { BatchJournal, PendingBatch } from './batch-journal.ts';

const keyword = { type: 'keyword' };
const PROPERTIES = { provider: keyword, model: keyword, batchId: keyword, submittedAt: { type: 'date', format: 'epoch_millis' } };

export async function openElasticsearchJournal(options: {
  client: Client;
  index: string;
  requestTimeoutMs: number;
}): Promise<BatchJournal> {
  const { client, index } = options;
  const transport = { requestTimeout: options.requestTimeoutMs };
  await ensureKindIndex(client, {
    index,
    kind: 'batches',
    properties: PROPERTIES,
    option: 'batchApi.journalIndex',
    requestTimeoutMs: options.requestTimeoutMs,
  });
  return {
    async find(key) {
      try {
        const got = await client.get<Omit<PendingBatch, 'key'>>({ index, id: key }, transport);
        return got.found && got._source ? { key, ...got._source } : null;
      } catch (error) {
        if (error instanceof errors.ResponseError && error.statusCode === 404) return null;
        throw error;
      }
    },
    async record({ key, ...batch }) {
      await client.index({ index, id: key, document: batch, refresh: false }, transport);
    },
    async forget(key) {
      try {
        await client.delete({ index, id: key, refresh: false }, transport);
      } catch (error) {
        if (!(error instanceof errors.ResponseError && error.statusCode === 404)) throw error;
      }
    },
  };
}
