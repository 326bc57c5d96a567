/**
 * Micro-batching: items gather in a window that closes on max records, max bytes or max wait
 * (counted from the window's first item), whichever comes first, or when its owner flushes it.
 * Closed windows are handed to `onWindow` in order; the batcher itself never waits on them.
 */
import type { Clock } from '../common/clock.ts';

export type WindowLimits = { maxRecords: number; maxBytes: number; maxWaitMs: number };

/** `idle`: the input gave nothing more for a while (see the window runner); `flush`: closed on demand otherwise. */
export type CloseReason = 'records' | 'bytes' | 'time' | 'idle' | 'flush';

export type ClosedWindow<T> = { items: T[]; bytes: number; reason: CloseReason; openedAt: number; closedAt: number };

export class MicroBatcher<T> {
  readonly #limits: WindowLimits;
  readonly #clock: Clock;
  readonly #onWindow: (window: ClosedWindow<T>) => void;
  #items: T[] = [];
  #bytes = 0;
  #openedAt = 0;
  #cancelTimer: (() => void) | undefined;

  constructor(options: { limits: WindowLimits; onWindow: (window: ClosedWindow<T>) => void; clock: Clock }) {
    this.#limits = options.limits;
    this.#onWindow = options.onWindow;
    this.#clock = options.clock;
  }

  /** Items waiting in the open window. */
  get pending(): number {
    return this.#items.length;
  }

  add(item: T, bytes: number): void {
    // An item that would overflow the byte bound closes the window before it, not after.
    if (this.#items.length > 0 && this.#bytes + bytes > this.#limits.maxBytes) this.#close('bytes');
    if (this.#items.length === 0) {
      this.#openedAt = this.#clock.now();
      this.#cancelTimer = this.#clock.schedule(() => this.#close('time'), this.#limits.maxWaitMs);
    }
    this.#items.push(item);
    this.#bytes += bytes;
    if (this.#items.length >= this.#limits.maxRecords) this.#close('records');
    else if (this.#bytes >= this.#limits.maxBytes) this.#close('bytes');
  }

  /** Closes the open window now, if it holds anything. */
  flush(reason: Extract<CloseReason, 'idle' | 'flush'> = 'flush'): void {
    if (this.#items.length > 0) this.#close(reason);
  }

  #close(reason: CloseReason): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#items.length === 0) return;
    const window = { items: this.#items, bytes: this.#bytes, reason, openedAt: this.#openedAt, closedAt: this.#clock.now() };
    this.#items = [];
    this.#bytes = 0;
    this.#onWindow(window);
  }
}
