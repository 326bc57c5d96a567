/**
 * The window runner: the one loop that drives records from a Source through the pipeline to a
 * Sink, for `extract`, `run` and backfills alike.
 *
 * - Records gather in micro-batch windows (count, bytes or time, whichever first); a window also
 *   closes once the input has given nothing for IDLE_CLOSE_MS.
 * - In-flight records are bounded: at the bound the runner stops pulling and pauses the source.
 * - Up to `windowsInFlight` windows are worked on at once (model calls dominate, so this is where
 *   throughput comes from), and their outputs are written and committed strictly in order, so
 *   positions only move forward.
 * - A window that fails hands its records back to the source, and so does every later window
 *   holding a record of the same lane, until the source delivers that lane again from the failed
 *   position: committing a later record would skip the failed ones.
 * - `stop()` takes nothing more in, lets in-flight windows finish within the drain timeout, then
 *   closes the source and the sink.
 */
import type { Clock } from '../common/clock.ts';
import { Semaphore } from '../common/concurrency.ts';
import { ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { Config } from '../config/config.ts';
import type { Outputs, Sink } from '../emit/sink.ts';
import { type Intake, laneOf, nextPositions, type Source } from '../ingest/source.ts';
import { type ClosedWindow, MicroBatcher, type WindowLimits } from './micro-batcher.ts';

/** What the runner asks of the pipeline. */
export type WindowWork = {
  /** Answers one window: every intake leaves as one extraction or one dead letter. */
  process(intakes: readonly Intake[]): Promise<Outputs>;
};

export type WindowRunnerOptions = {
  source: Source;
  sink: Sink;
  work: WindowWork;
  limits: WindowLimits;
  /** Records taken in and not yet committed; at the bound the runner pauses the source. */
  maxInFlightRecords: number;
  /** Windows worked on at once; outputs still leave in order. */
  windowsInFlight: number;
  /** On stop, how long in-flight windows may take to finish before the rest is left uncommitted. */
  drainTimeoutMs: number;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
};

/** The runner's bounds as configured (batch.* and stream.*). */
export function runnerSettings(config: Pick<Config, 'batch' | 'stream'>) {
  const { maxInFlightRecords, windowsInFlight, drainTimeoutMs } = config.stream;
  return { limits: config.batch, maxInFlightRecords, windowsInFlight, drainTimeoutMs };
}

/**
 * A Kafka consumer fetches again only once the records it fetched are done, so after the last
 * batch of a fetch nothing more can join the open window until that window is committed: waiting
 * out batch.maxWaitMs there adds no record and holds the next fetch back by as much (200 ms at each
 * fetch of a backlog, by default). The partitions of one fetch are decoded side by side and arrive
 * within a few milliseconds of each other, so a pause this long ends a fetch, not a gap inside one.
 */
export const IDLE_CLOSE_MS = 10;

/** A lane whose window failed: its records from `from` on are handed back until delivered again. */
type FailedLane = { from: number; error: Error };

export class WindowRunner {
  readonly #o: WindowRunnerOptions;
  readonly #batcher: MicroBatcher<Intake>;
  readonly #slots: Semaphore;
  readonly #failedLanes = new Map<string, FailedLane>();
  #emitted: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #paused = false;
  #waitingForRoom: (() => void)[] = [];
  #stopRequested = false;
  #stopping: Promise<void> | undefined;
  #cancelIdleClose: (() => void) | undefined;

  constructor(options: WindowRunnerOptions) {
    this.#o = options;
    this.#batcher = new MicroBatcher<Intake>({ limits: options.limits, clock: options.clock, onWindow: (window) => this.#enqueue(window) });
    this.#slots = new Semaphore(options.windowsInFlight);
  }

  /** Records taken in and not yet committed or handed back. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Pulls from the source until it ends or `stop()` is called, then drains. Rejects when the
   * source fails, or when it ended by itself with records handed back and not delivered again.
   */
  async run(): Promise<void> {
    const endedByItself = await this.#pull();
    const lost = [...this.#failedLanes].map(([lane, failed]) => `${lane} from ${failed.from}: ${failed.error.message}`);
    if (endedByItself && lost.length > 0) {
      throw new ParsimonyError('RECORDS_HANDED_BACK', `records were handed back and not delivered again (${lost.join('; ')})`);
    }
  }

  /** True when the source ended by itself rather than being stopped. */
  async #pull(): Promise<boolean> {
    let endedByItself = false;
    try {
      for await (const batch of this.#o.source.batches()) {
        this.#cancelIdleClose?.();
        const failed = this.#failedLanes.get(batch.lane);
        // The lane is delivered again from the failed position: it is whole again.
        if (failed && (batch.intakes[0]?.position.offset ?? Infinity) <= failed.from) this.#failedLanes.delete(batch.lane);
        // Stopping, the rest of the batch is not taken in; closing the source leaves it uncommitted.
        await this.#take(batch.intakes);
        if (this.#stopRequested) break;
        this.#closeWhenIdle();
      }
      endedByItself = !this.#stopRequested;
    } finally {
      // The input is read: every window may take as long as it needs (the drain timeout is for stopping).
      if (endedByItself) {
        this.#batcher.flush();
        await this.#emitted;
      }
      await this.stop();
    }
    return endedByItself;
  }

  /** Takes nothing more in, drains within the timeout, closes the source and the sink. Idempotent. */
  stop(): Promise<void> {
    this.#stopRequested = true;
    for (const wake of this.#waitingForRoom.splice(0)) wake();
    return (this.#stopping ??= this.#drainAndClose());
  }

  async #drainAndClose(): Promise<void> {
    this.#cancelIdleClose?.();
    this.#batcher.flush();
    const timer = new AbortController();
    const drained = this.#emitted.then(() => true);
    const timedOut = this.#o.clock.sleep(this.#o.drainTimeoutMs, timer.signal).then(
      () => false,
      () => true,
    );
    const inTime = await Promise.race([drained, timedOut]);
    timer.abort();
    if (!inTime) this.#o.logger.warn('drain timeout: in-flight windows are left uncommitted', { records: this.#inFlight });
    await this.#o.source.close();
    await this.#o.sink.close();
  }

  /** Closes the open window unless another batch arrives within IDLE_CLOSE_MS (or its max wait, when shorter). */
  #closeWhenIdle(): void {
    if (this.#batcher.pending === 0) return;
    const after = Math.min(IDLE_CLOSE_MS, this.#o.limits.maxWaitMs);
    this.#cancelIdleClose = this.#o.clock.schedule(() => this.#batcher.flush('idle'), after);
  }

  /** Adds intakes to the open window while there is room, until stopping. */
  async #take(intakes: readonly Intake[]): Promise<void> {
    for (const intake of intakes) {
      while (this.#inFlight >= this.#o.maxInFlightRecords && !this.#stopRequested) {
        this.#batcher.flush();
        await new Promise<void>((resolve) => this.#waitingForRoom.push(resolve));
      }
      if (this.#stopRequested) return;
      this.#inFlight += 1;
      this.#o.metrics.inFlight.set(this.#inFlight);
      this.#batcher.add(intake, intake.value?.length ?? 0);
      this.#applyBackpressure();
    }
  }

  #enqueue(window: ClosedWindow<Intake>): void {
    const { metrics } = this.#o;
    metrics.batchRecords.observe({ reason: window.reason }, window.items.length);
    metrics.batchWait.observe((window.closedAt - window.openedAt) / 1000);
    const intakes = window.items;
    // A window whose lane failed before its turn is not worth its model calls: it is handed back anyway.
    const processed = this.#slots.run(async () => (this.#failureOf(intakes) ? undefined : this.#o.work.process(intakes)));
    processed.catch(() => undefined);
    this.#emitted = this.#emitted.then(() => this.#settle(intakes, processed));
  }

  async #settle(intakes: readonly Intake[], processed: Promise<Outputs | undefined>): Promise<void> {
    let failure = this.#failureOf(intakes);
    if (!failure) {
      try {
        const outputs = await processed;
        if (!outputs) throw new Error('a lane of this window failed before it');
        await this.#emit(outputs, intakes);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        this.#o.logger.error('window failed; its records are handed back uncommitted', { error: failure, records: intakes.length });
      }
    }
    if (failure) this.#handBack(intakes, failure);
    this.#inFlight -= intakes.length;
    this.#o.metrics.inFlight.set(this.#inFlight);
    this.#applyBackpressure();
  }

  async #emit(outputs: Outputs, intakes: readonly Intake[]): Promise<void> {
    const started = this.#o.clock.now();
    const next = nextPositions(intakes);
    if (this.#o.source.stillHolds && !(await this.#o.source.stillHolds(next)))
      throw new Error('this member left the group while the window was in flight; another member now reads its records');
    const receipt = await this.#o.sink.write(outputs, next);
    await this.#o.source.commit(next, { bySink: receipt.positionsCommitted });
    this.#o.metrics.stageSeconds.observe({ stage: 'emit' }, (this.#o.clock.now() - started) / 1000);
  }

  #failureOf(intakes: readonly Intake[]): Error | undefined {
    for (const intake of intakes) {
      const failed = this.#failedLanes.get(laneOf(intake.position));
      if (failed) return failed.error;
    }
    return undefined;
  }

  #handBack(intakes: readonly Intake[], failure: Error): void {
    for (const { position } of intakes) {
      const lane = laneOf(position);
      const failed = this.#failedLanes.get(lane);
      if (!failed || position.offset < failed.from) this.#failedLanes.set(lane, { from: position.offset, error: failure });
    }
    this.#o.source.handBack(
      intakes.map((i) => i.position),
      failure,
    );
  }

  #applyBackpressure(): void {
    const bound = this.#o.maxInFlightRecords;
    if (!this.#paused && this.#inFlight >= bound) {
      this.#o.source.pause();
      this.#paused = true;
      this.#o.metrics.pauses.inc();
    } else if (this.#paused && this.#inFlight <= bound / 2) {
      this.#o.source.resume();
      this.#paused = false;
    }
    if (this.#inFlight < bound) for (const wake of this.#waitingForRoom.splice(0)) wake();
  }
}
