/**
 * Micro-batching: items gather in a window that closes on max records, max bytes or max wait
 * (counted from the window's first item), whichever comes first. Closed windows are handed to
 * `onWindow` in order; the batcher itself never waits on them.
 */
export type WindowLimits = { maxRecords: number; maxBytes: number; maxWaitMs: number };

export type CloseReason = 'records' | 'bytes' | 'time' | 'flush';

export type ClosedWindow<T> = { items: T[]; bytes: number; reason: CloseReason; openedAt: number; closedAt: number };

/** Timer scheduling, injectable so tests control time. */
export type Scheduler = {
  now(): number;
  schedule(callback: () => void, ms: number): () => void;
};

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  schedule: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export class MicroBatcher<T> {
  readonly #limits: WindowLimits;
  readonly #scheduler: Scheduler;
  readonly #onWindow: (window: ClosedWindow<T>) => void;
  #items: T[] = [];
  #bytes = 0;
  #openedAt = 0;
  #cancelTimer: (() => void) | undefined;

  constructor(options: { limits: WindowLimits; onWindow: (window: ClosedWindow<T>) => void; scheduler?: Scheduler }) {
    this.#limits = options.limits;
    this.#onWindow = options.onWindow;
    this.#scheduler = options.scheduler ?? realScheduler;
  }

  /** Items waiting in the open window. */
  get pending(): number {
    return this.#items.length;
  }

  add(item: T, bytes: number): void {
    // An item that would overflow the byte bound closes the window before it, not after.
    if (this.#items.length > 0 && this.#bytes + bytes > this.#limits.maxBytes) this.#close('bytes');
    if (this.#items.length === 0) {
      this.#openedAt = this.#scheduler.now();
      this.#cancelTimer = this.#scheduler.schedule(() => this.#close('time'), this.#limits.maxWaitMs);
    }
    this.#items.push(item);
    this.#bytes += bytes;
    if (this.#items.length >= this.#limits.maxRecords) this.#close('records');
    else if (this.#bytes >= this.#limits.maxBytes) this.#close('bytes');
  }

  /** Closes the open window now, if it holds anything. */
  flush(): void {
    if (this.#items.length > 0) this.#close('flush');
  }

  #close(reason: CloseReason): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#items.length === 0) return;
    const window = { items: this.#items, bytes: this.#bytes, reason, openedAt: this.#openedAt, closedAt: this.#scheduler.now() };
    this.#items = [];
    this.#bytes = 0;
    this.#onWindow(window);
  }
}
