/** One of the rules pool's worker threads (rules-pool.ts): prepares and rules the records it is sent. */
import { parentPort } from 'node:worker_threads';
import type { TransactionNarrative } from '../contract/records.ts';
import { prepareAndRule } from './rules-pool.ts';

parentPort!.on('message', ({ id, records }: { id: number; records: TransactionNarrative[] }) => {
  try {
    parentPort!.postMessage({ id, ruled: records.map(prepareAndRule) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) });
  }
});
