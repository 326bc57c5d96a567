/**
 * The window runner with in-memory ports and a manual clock: windows close on time without
 * sleeping, outputs leave in order whatever order the work finishes in, the in-flight bound
 * pauses the source, a failed window hands its lane back (later windows of that lane too) and the
 * lane is answered once when delivered again, and stop drains within its timeout.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsyncQueue } from '#src/common/async-queue.ts';
import { type ManualClock, manualClock } from '#src/common/clock.ts';
import { createLogger } from '#src/common/logger.ts';
import { createMetrics } from '#src/common/metrics.ts';
import type { Extraction } from '#src/contract/records.ts';
import type { Outputs } from '#src/emit/sink.ts';
import { type Intake, laneOf, type Source, type SourceBatch } from '#src/ingest/source.ts';
import { IDLE_CLOSE_MS, WindowRunner, type WindowWork } from '#src/runner/window-runner.ts';
import { MemorySink, MemorySource } from '#test/support/memory-ports.ts';
import { narrativeRecord } from '#test/support/records.ts';

function intake(lane: string, offset: number): Intake {
  const record_id = `${lane}-${offset}`;
  const record = narrativeRecord(record_id);

  return {
    position: { topic: lane, partition: 0, offset },
    key: null,
    value: Buffer.from('x'),
    intakeAt: 0,
    decoded: { ok: true, record },
  };
}

const lane = (name: string, count: number) => Array.from({ length: count }, (_, i) => intake(name, i));
const laneKey = (name: string) => `${name}:0`;

/** Work whose windows finish when the test says so (or at once, with `immediate`). */
class ScriptedWork implements WindowWork {
  readonly calls: { ids: string[]; finish: () => void; fail: (error: Error) => void }[] = [];
  running = 0;
  peak = 0;
  readonly immediate: boolean;

  constructor(immediate = false) {
    this.immediate = immediate;
  }

  process(intakes: readonly Intake[]): Promise<Outputs> {
    const ids = intakes.map((i) => (i.decoded.ok ? i.decoded.record.record_id : '?'));
    const outputs: Outputs = { extractions: ids.map((record_id) => ({ record_id }) as Extraction), deadLetters: [] };
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    const done = new Promise<Outputs>((resolve, reject) => {
      this.calls.push({ ids, finish: () => resolve(outputs), fail: reject });
    }).finally(() => (this.running -= 1));
    if (this.immediate) this.calls.at(-1)!.finish();
    return done;
  }
}

/** A source given one record at a time by the test, never delivering again. */
class TrickleSource implements Source {
  readonly #queue = new AsyncQueue<SourceBatch>();
  give(intake: Intake): void {
    this.#queue.push({ lane: laneOf(intake.position), intakes: [intake] });
  }
  end(): void {
    this.#queue.end();
  }
  batches(): AsyncIterable<SourceBatch> {
    return this.#queue;
  }
  async commit(): Promise<void> {}
  handBack(): void {}
  pause(): void {}
  resume(): void {}
  async close(): Promise<void> {
    this.#queue.end();
  }
}

/** Lets promise callbacks run: the runner's own steps are asynchronous, but never wait on time. */
const ticks = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

function runner(options: {
  source: Source;
  sink: MemorySink;
  work: WindowWork;
  clock: ManualClock;
  maxRecords?: number;
  maxWaitMs?: number;
  maxInFlightRecords?: number;
  windowsInFlight?: number;
  drainTimeoutMs?: number;
}) {
  const metrics = createMetrics();
  const r = new WindowRunner({
    source: options.source,
    sink: options.sink,
    work: options.work,
    clock: options.clock,
    metrics,
    logger: createLogger({ level: 'error' }),
    limits: { maxRecords: options.maxRecords ?? 3, maxBytes: 1 << 20, maxWaitMs: options.maxWaitMs ?? 50 },
    maxInFlightRecords: options.maxInFlightRecords ?? 1_000,
    windowsInFlight: options.windowsInFlight ?? 3,
    drainTimeoutMs: options.drainTimeoutMs ?? 1_000,
  });
  return { runner: r, metrics };
}

test('a partial window closes once the input gave nothing for IDLE_CLOSE_MS, on the manual clock', async () => {
  const clock = manualClock();
  // The next batch of the lane comes only once this one is committed, as from a Kafka fetch.
  const source = new MemorySource({ a: lane('a', 2) }, { batchSize: 10 });
  const sink = new MemorySink();
  const { runner: r, metrics } = runner({ source, sink, work: new ScriptedWork(true), clock, maxRecords: 5, maxWaitMs: 50 });
  const run = r.run();
  await ticks();
  assert.equal(sink.written.length, 0, 'nothing before the window closes');
  clock.advance(IDLE_CLOSE_MS - 1);
  await ticks();
  assert.equal(sink.written.length, 0);
  clock.advance(1);
  await ticks();
  assert.deepEqual(sink.recordIds, ['a-0', 'a-1']);
  await run;
  assert.deepEqual(source.commits, [{ lane: laneKey('a'), offset: 2, bySink: false }]);
  assert.ok(source.closed && sink.closed, 'the source and the sink are closed at the end');
  assert.match(await metrics.registry.metrics(), /parsimony_batch_records_count\{reason="idle"\} 1/);
});

test('a window the input keeps feeding closes at its max wait, not while batches keep coming', async () => {
  const clock = manualClock();
  const source = new TrickleSource();
  const sink = new MemorySink();
  const { runner: r, metrics } = runner({ source, sink, work: new ScriptedWork(true), clock, maxRecords: 100, maxWaitMs: 50 });
  const run = r.run();
  // A record every 9 ms from 0 to 45: the input is never idle for 10 ms before the window's 50 ms are up.
  for (let offset = 0; offset < 6; offset += 1) {
    if (offset > 0) clock.advance(IDLE_CLOSE_MS - 1);
    source.give(intake('a', offset));
    await ticks();
  }
  clock.advance(4);
  await ticks();
  assert.equal(sink.written.length, 0, 'open at 49 ms');
  clock.advance(1);
  await ticks();
  assert.equal(sink.recordIds.length, 6, 'closed at 50 ms');
  assert.match(await metrics.registry.metrics(), /parsimony_batch_records_count\{reason="time"\} 1/);
  source.end();
  await run;
});

test('windows are worked on at once but written and committed in order', async () => {
  const clock = manualClock();
  const source = new MemorySource({ a: lane('a', 9) }, { batchSize: 9 });
  const sink = new MemorySink({ transactional: true });
  const work = new ScriptedWork();
  const { runner: r } = runner({ source, sink, work, clock, maxRecords: 3, windowsInFlight: 2 });
  const run = r.run();
  await ticks();
  assert.equal(work.calls.length, 2, 'two windows in flight, the third waits for a slot');
  work.calls[1]!.finish();
  await ticks();
  assert.equal(sink.written.length, 0, 'the second window waits for the first');
  assert.equal(work.calls.length, 3, 'its slot went to the third window');
  work.calls[2]!.finish();
  work.calls[0]!.finish();
  await run;
  assert.deepEqual(
    sink.written.map((o) => o.extractions.map((e) => e.record_id)),
    [
      ['a-0', 'a-1', 'a-2'],
      ['a-3', 'a-4', 'a-5'],
      ['a-6', 'a-7', 'a-8'],
    ],
  );
  assert.deepEqual(
    source.commits.map((c) => [c.offset, c.bySink]),
    [
      [3, true],
      [6, true],
      [9, true],
    ],
    'positions move forward only, committed by the sink',
  );
  assert.equal(work.peak, 2);
});

test('at the in-flight bound the runner stops taking records and pauses the source until half is done', async () => {
  const clock = manualClock();
  const source = new MemorySource({ a: lane('a', 6), b: lane('b', 6) }, { batchSize: 6 });
  const sink = new MemorySink();
  const work = new ScriptedWork();
  const { runner: r, metrics } = runner({ source, sink, work, clock, maxRecords: 2, maxInFlightRecords: 4, windowsInFlight: 10 });
  const run = r.run();
  await ticks();
  assert.equal(r.inFlight, 4, 'no more than the bound taken in');
  assert.ok(source.paused);
  assert.equal(work.calls.length, 2);
  work.calls[0]!.finish();
  await ticks();
  assert.equal(r.inFlight, 4, 'two done, two more taken in');
  assert.equal(source.pauses, 2, 'resumed once in-flight fell to half the bound, then paused again at the bound');
  while (sink.recordIds.length < 12) {
    for (const call of work.calls.splice(0)) call.finish();
    await ticks();
  }
  await run;
  assert.equal(new Set(sink.recordIds).size, 12, 'every record once');
  assert.ok((await metrics.pauses.get()).values[0]!.value >= 2);
});

test('a failed write hands back its lane, later windows of that lane too, and the lane is answered once when delivered again', async () => {
  const clock = manualClock();
  const source = new MemorySource({ a: lane('a', 4), b: lane('b', 2) }, { batchSize: 4 });
  const sink = new MemorySink();
  sink.failNext = 1;
  const work = new ScriptedWork(true);
  const { runner: r } = runner({ source, sink, work, clock, maxRecords: 2, windowsInFlight: 1 });
  await r.run();
  // Windows: [a-0 a-1] fails; [a-2 a-3] holds lane a, so it is handed back unanswered; [b-0 b-1] is written.
  assert.deepEqual(
    source.handedBack.map((p) => `${p.topic}-${p.offset}`),
    ['a-0', 'a-1', 'a-2', 'a-3'],
  );
  assert.deepEqual([...sink.recordIds].sort(), ['a-0', 'a-1', 'a-2', 'a-3', 'b-0', 'b-1'], 'every record written exactly once');
  const laneA = source.commits.filter((c) => c.lane === laneKey('a')).map((c) => c.offset);
  assert.deepEqual(laneA, [2, 4], 'lane a is committed only after it was delivered again');
});

test('a window whose lane left this member before it was written is not written: its records go back, for their new owner', async () => {
  const clock = manualClock();
  const source = new MemorySource({ a: lane('a', 2), b: lane('b', 2) }, { batchSize: 2 });
  source.lost.add(laneKey('a'));
  const sink = new MemorySink();
  const work = new ScriptedWork(true);
  const { runner: r } = runner({ source, sink, work, clock, maxRecords: 2, windowsInFlight: 1 });
  await r.run();
  assert.deepEqual(
    source.handedBack.map((p) => `${p.topic}-${p.offset}`),
    ['a-0', 'a-1'],
  );
  // Delivered again (here to the same member, as a new owner would get them), they are written once.
  assert.deepEqual([...sink.recordIds].sort(), ['a-0', 'a-1', 'b-0', 'b-1']);
  assert.deepEqual(
    source.commits.filter((c) => c.lane === laneKey('a')).map((c) => c.offset),
    [2],
  );
});

test('a source that cannot deliver again: the run fails naming the records, after everything else was written', async () => {
  const clock = manualClock();
  const source = new MemorySource({ a: lane('a', 2), b: lane('b', 2) }, { batchSize: 2 });
  source.handBack = (positions) => void source.handedBack.push(...positions);
  const sink = new MemorySink();
  sink.failNext = 1;
  const { runner: r } = runner({ source, sink, work: new ScriptedWork(true), clock, maxRecords: 2 });
  const run = r.run();
  await ticks();
  // Lane a never settles in this source, so the input ends only when closed.
  await source.close();
  await assert.rejects(
    run,
    (error: Error & { code?: string }) => error.code === 'RECORDS_HANDED_BACK' && /a:0 from 0: write refused/.test(error.message),
  );
  assert.deepEqual(sink.recordIds, ['b-0', 'b-1']);
});

test('stop drains the windows in flight, leaves what was not taken uncommitted, and closes the ports', async () => {
  const clock = manualClock();
  const source = new MemorySource({ a: lane('a', 10) }, { batchSize: 10 });
  const sink = new MemorySink();
  const work = new ScriptedWork();
  const { runner: r } = runner({ source, sink, work, clock, maxRecords: 2, maxInFlightRecords: 4, windowsInFlight: 4 });
  const run = r.run();
  await ticks();
  const stopped = r.stop();
  await ticks();
  assert.ok(!sink.closed, 'the sink stays open while windows drain');
  for (const call of work.calls) call.finish();
  await stopped;
  await run;
  assert.deepEqual(sink.recordIds, ['a-0', 'a-1', 'a-2', 'a-3']);
  assert.deepEqual(
    source.commits.map((c) => c.offset),
    [2, 4],
    'records not taken in are not committed: the next consumer of the lane gets them',
  );
  assert.deepEqual(source.handedBack, [], 'nothing failed');
  assert.ok(source.closed && sink.closed);
  assert.equal(r.stop(), r.stop(), 'stop is idempotent');
});

test('a window that outlasts the drain timeout is left uncommitted when stopping', async () => {
  const clock = manualClock();
  const source = new MemorySource({ a: lane('a', 2) }, { batchSize: 2 });
  const sink = new MemorySink();
  const work = new ScriptedWork();
  const { runner: r } = runner({ source, sink, work, clock, maxRecords: 2, drainTimeoutMs: 500 });
  const run = r.run();
  await ticks();
  const stopped = r.stop();
  clock.advance(499);
  await ticks();
  assert.ok(!source.closed, 'still draining');
  clock.advance(1);
  await stopped;
  await run;
  assert.ok(source.closed && sink.closed);
  assert.deepEqual(source.commits, [], 'nothing committed: the records come again to the next consumer');
});
