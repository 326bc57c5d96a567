/**
 * Bounded concurrency: at most `permits` tasks at once, the rest waiting their turn in arrival
 * order. Model calls, store round trips and whole windows are all limited this way.
 */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(permits: number) {
    this.#free = permits;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}

/** Runs `work` over `items`, at most `limit` at once, started in order; rejects with the first failure after all settle. */
export async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const semaphore = new Semaphore(limit);
  const settled = await Promise.allSettled(items.map((item) => semaphore.run(() => work(item))));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;
}
