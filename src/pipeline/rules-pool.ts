/**
 * Prepare and the rules tier are pure CPU work, about two thirds of what one record costs the
 * event loop on the free path; the rest (decoding, the cache, encoding, Kafka) is I/O-bound and
 * stays on it. With cores to spare, worker threads take a window's prepare + rules in contiguous
 * chunks and the results come back in the window's order, so per-partition order holds: a window
 * is one partition's records (or several partitions', each in order) and nothing is reordered.
 * Handing a record over costs about a sixth of its rules work (structured clone both ways).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../common/logger.ts';
import type { TransactionNarrative } from '../contract/records.ts';
import { prepare } from '../prepare/prepare.ts';
import type { PreparedRecord } from '../prepare/prepared-record.ts';
import { applyRules, rulesInputOf } from '../rules/apply-rules.ts';
import type { RulesResult } from '../rules/rules-result.ts';

export type Ruled = { prepared: PreparedRecord; rules: RulesResult };

/** What the workers run, and the event loop when there are none: one definition of the stage. */
export function prepareAndRule(record: TransactionNarrative): Ruled {
  const prepared = prepare(record);
  return { prepared, rules: applyRules(rulesInputOf(prepared)) };
}

/** Below this many records a window is done in place: handing it over costs more than it saves. */
const SMALLEST_HANDED_OVER = 64;

/**
 * Worker threads for the CPU-bound stages; 0 means none (everything on the event loop). `auto`
 * leaves a core to the event loop and one to what else runs (V8's and libuv's threads, a broker
 * on the same machine). On two cores shared with a broker, a worker halved the event loop's CPU a
 * record (bench/kafka-throughput.ts: 26 µs against 53) but moved no more records a second, for 30 %
 * more CPU in all: its hand-over costs are paid on cores already busy.
 */
export function rulesWorkerCount(configured: number | 'auto', cores = availableParallelism()): number {
  return configured === 'auto' ? Math.max(0, Math.min(4, cores - 2)) : configured;
}

type Request = { id: number; records: TransactionNarrative[] };
type Reply = { id: number; ruled: Ruled[] } | { id: number; error: string };

const WORKER_URL = new URL(`./rules-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

class RulesWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (ruled: Ruled[]) => void; reject: (error: Error) => void }>();
  #nextId = 0;
  #failed: Error | undefined;

  constructor(script: URL) {
    // A small young generation: the worker's garbage is short-lived and its heap counts in the process's memory.
    this.#worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.#worker.on('message', (reply: Reply) => {
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.ruled);
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => this.#fail(new Error(`rules worker exited with code ${code}`)));
  }

  get failed(): boolean {
    return this.#failed !== undefined;
  }

  run(records: TransactionNarrative[]): Promise<Ruled[]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, records } satisfies Request);
    });
  }

  async close(): Promise<void> {
    this.#failed ??= new Error('rules worker closed');
    await this.#worker.terminate();
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}

export class RulesPool {
  readonly #workers: RulesWorker[];
  readonly #logger: Logger;
  readonly #script: URL;
  #closed = false;

  /** `script`: the worker's module, rules-worker.ts unless a test gives one that misbehaves. */
  constructor(options: { size: number; logger: Logger; script?: URL }) {
    this.#script = options.script ?? WORKER_URL;
    this.#workers = Array.from({ length: options.size }, () => new RulesWorker(this.#script));
    this.#logger = options.logger;
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Every record prepared and ruled, in the order given. */
  async run(records: readonly TransactionNarrative[]): Promise<Ruled[]> {
    if (this.#closed || this.#workers.length === 0 || records.length < SMALLEST_HANDED_OVER) return records.map(prepareAndRule);
    const chunk = Math.ceil(records.length / this.#workers.length);
    const parts = await Promise.all(
      this.#workers.map(async (worker, i) => {
        const part = records.slice(i * chunk, (i + 1) * chunk);
        if (part.length === 0) return [];
        try {
          return await worker.run(part);
        } catch (error) {
          if (worker.failed && !this.#closed) {
            // A worker that died costs speed, never records: its share is done here, and it is replaced.
            this.#logger.warn('rules worker failed; its records are prepared on the event loop and the worker is replaced', {
              error: (error as Error).message,
            });
            this.#replace(worker);
          }
          // A record the stage cannot take fails here as it would without workers, with its own stack.
          return part.map(prepareAndRule);
        }
      }),
    );
    return parts.flat();
  }

  /** Ends the workers; a window still handed over is done on the event loop, and none is started again. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#workers.map((w) => w.close()));
  }

  #replace(worker: RulesWorker): void {
    const at = this.#workers.indexOf(worker);
    if (at < 0) return;
    void worker.close();
    this.#workers[at] = new RulesWorker(this.#script);
  }
}
