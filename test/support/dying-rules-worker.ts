/** A rules worker that dies on its first request, as one would on a crash (rules-pool.test.ts). */
import { parentPort } from 'node:worker_threads';

parentPort!.once('message', () => process.exit(3));
