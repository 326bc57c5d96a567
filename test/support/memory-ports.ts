/**
 * In-memory Source and Sink for unit tests of the runner. The source behaves as a consumer group
 * does: one batch per lane out at a time, the next only once every record of it is committed or
 * handed back, and a handed-back lane delivered again from its first handed-back record.
 */
import { AsyncQueue } from '#src/common/async-queue.ts';
import type { Outputs, Sink, SinkReceipt } from '#src/emit/sink.ts';
import { type Intake, laneOf, type Position, type Source, type SourceBatch } from '#src/ingest/source.ts';

type Lane = { records: Intake[]; next: number; out: Set<number>; failedFrom: number | undefined };

export class MemorySource implements Source {
  readonly #queue = new AsyncQueue<SourceBatch>();
  readonly #lanes = new Map<string, Lane>();
  readonly #batchSize: number;
  /** Next positions committed, per lane, in commit order. */
  readonly commits: { lane: string; offset: number; bySink: boolean }[] = [];
  readonly handedBack: Position[] = [];
  paused = false;
  pauses = 0;
  closed = false;

  /** `lanes`: each list holds one lane's records, in position order. */
  constructor(lanes: Record<string, readonly Intake[]>, options: { batchSize: number }) {
    this.#batchSize = options.batchSize;
    for (const records of Object.values(lanes)) {
      if (records[0])
        this.#lanes.set(laneOf(records[0].position), { records: [...records], next: 0, out: new Set(), failedFrom: undefined });
    }
    for (const lane of this.#lanes.keys()) this.#deliverNext(lane);
  }

  /** Ends the input once every lane was delivered and settled, as a finite topic range would. */
  get exhausted(): boolean {
    return [...this.#lanes.values()].every((l) => l.next >= l.records.length && l.out.size === 0);
  }

  batches(): AsyncIterable<SourceBatch> {
    return this.#queue;
  }

  async commit(next: readonly Position[], options: { bySink: boolean }): Promise<void> {
    for (const position of next) {
      const lane = laneOf(position);
      this.commits.push({ lane, offset: position.offset, bySink: options.bySink });
      const state = this.#lanes.get(lane)!;
      for (const offset of state.out) if (offset < position.offset) state.out.delete(offset);
      this.#afterSettle(lane);
    }
  }

  handBack(positions: readonly Position[]): void {
    for (const position of positions) {
      this.handedBack.push(position);
      const state = this.#lanes.get(laneOf(position))!;
      if (!state.out.delete(position.offset)) continue;
      state.failedFrom = Math.min(state.failedFrom ?? Infinity, position.offset);
      this.#afterSettle(laneOf(position));
    }
  }

  /** Lanes a rebalance took from this consumer while their records were out: the next ownership check fails, once. */
  readonly lost = new Set<string>();

  async stillHolds(positions: readonly Position[]): Promise<boolean> {
    const gone = positions.map(laneOf).filter((lane) => this.lost.delete(lane));
    return gone.length === 0;
  }

  pause(): void {
    if (!this.paused) this.pauses += 1;
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.#queue.end();
  }

  #afterSettle(lane: string): void {
    const state = this.#lanes.get(lane)!;
    if (state.out.size > 0) return;
    if (state.failedFrom !== undefined) {
      state.next = state.records.findIndex((r) => r.position.offset === state.failedFrom);
      state.failedFrom = undefined;
    }
    this.#deliverNext(lane);
    if (this.exhausted) this.#queue.end();
  }

  #deliverNext(lane: string): void {
    const state = this.#lanes.get(lane)!;
    const intakes = state.records.slice(state.next, state.next + this.#batchSize);
    if (intakes.length === 0) return;
    state.next += intakes.length;
    for (const intake of intakes) state.out.add(intake.position.offset);
    this.#queue.push({ lane, intakes });
  }
}

export class MemorySink implements Sink {
  readonly written: Outputs[] = [];
  closed = false;
  /** Set to make the next writes fail, e.g. to a broker refusing a produce. */
  failNext = 0;
  readonly #transactional: boolean;

  constructor(options: { transactional?: boolean } = {}) {
    this.#transactional = options.transactional ?? false;
  }

  async write(outputs: Outputs): Promise<SinkReceipt> {
    if (this.closed) throw new Error('sink closed');
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('write refused');
    }
    this.written.push(outputs);
    return { positionsCommitted: this.#transactional };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get recordIds(): string[] {
    return this.written.flatMap((o) => o.extractions.map((e) => e.record_id));
  }
}
