/**
 * What every Source adapter must do, as one suite each adapter's test runs (the file source on a
 * temporary file, the Kafka source against the real broker).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type Intake, laneOf, type Source, type SourceBatch } from '#src/ingest/source.ts';

export type SourceHarness = {
  /** A source over these values, in this order, on one lane; started and delivering. */
  open(values: readonly Buffer[]): Promise<Source>;
  /** Whether handed-back records come again (a topic) or are left to the runner to report (a file). */
  redelivers: boolean;
  cleanup?(): Promise<void>;
};

const narrative = (id: string) =>
  Buffer.from(
    JSON.stringify({
      record_id: id,
      narrative: `CARD PURCHASE SHOP ${id}`,
      source_id: 'bank-a',
      document_type: 'card_feed',
      received_at: 0,
    }),
  );

/** Pulls batches until `count` intakes arrived (or the source ends), without ending the iteration. */
async function take(iterator: AsyncIterator<SourceBatch>, count: number): Promise<Intake[]> {
  const intakes: Intake[] = [];
  while (intakes.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    assert.ok(next.value.intakes.length > 0, 'no empty batches');
    for (const intake of next.value.intakes) assert.equal(laneOf(intake.position), next.value.lane, 'a batch holds one lane');
    intakes.push(...next.value.intakes);
  }
  return intakes;
}

const idOf = (intake: Intake) => (intake.decoded.ok ? intake.decoded.record.record_id : `rejected:${intake.decoded.rejection.code}`);

export function sourceConformance(name: string, harness: SourceHarness): void {
  after(() => harness.cleanup?.());

  test(`${name}: every record once, in order, with its bytes and rising positions; bad bytes decode to a rejection`, async () => {
    const values = [narrative('r1'), Buffer.from('{not json'), narrative('r2'), narrative('r3')];
    const source = await harness.open(values);
    try {
      const intakes = await take(source.batches()[Symbol.asyncIterator](), values.length);
      assert.deepEqual(intakes.map(idOf), ['r1', 'rejected:MALFORMED_JSON', 'r2', 'r3']);
      assert.deepEqual(
        intakes.map((i) => i.value?.toString()),
        values.map((v) => v.toString()),
      );
      const offsets = intakes.map((i) => i.position.offset);
      assert.deepEqual(
        offsets,
        [...offsets].sort((a, b) => a - b),
        'positions rise within the lane',
      );
      assert.equal(new Set(offsets).size, offsets.length);
    } finally {
      await source.close();
    }
  });

  test(`${name}: commit and close end the batches; close is idempotent`, async () => {
    const source = await harness.open([narrative('c1'), narrative('c2')]);
    const iterator = source.batches()[Symbol.asyncIterator]();
    const intakes = await take(iterator, 2);
    const last = intakes.at(-1)!.position;
    await source.commit([{ ...last, offset: last.offset + 1 }], { bySink: false });
    await Promise.all([source.close(), source.close()]);
    assert.equal((await iterator.next()).done, true, 'no batch after close');
  });

  test(`${name}: handed-back records are ${harness.redelivers ? 'delivered again from the first of them' : 'not delivered again'}, and nothing else is lost`, async () => {
    const source = await harness.open([narrative('h1'), narrative('h2'), narrative('h3')]);
    try {
      const iterator = source.batches()[Symbol.asyncIterator]();
      const first = await take(iterator, 3);
      assert.deepEqual(first.map(idOf), ['h1', 'h2', 'h3']);
      const [h1, h2, h3] = first.map((i) => i.position);
      await source.commit([{ ...h1!, offset: h1!.offset + 1 }], { bySink: false });
      source.handBack([h2!, h3!], new Error('window failed'));
      if (harness.redelivers) {
        const again = await take(iterator, 2);
        assert.deepEqual(again.map(idOf), ['h2', 'h3'], 'delivered again from the first handed-back record, the committed one not');
        assert.deepEqual(
          again.map((i) => i.position.offset),
          [h2!.offset, h3!.offset],
        );
      }
    } finally {
      await source.close();
    }
  });

  test(`${name}: pause and resume lose nothing`, async () => {
    const source = await harness.open([narrative('p1'), narrative('p2')]);
    try {
      source.pause();
      source.resume();
      const intakes = await take(source.batches()[Symbol.asyncIterator](), 2);
      assert.deepEqual(intakes.map(idOf), ['p1', 'p2']);
    } finally {
      await source.close();
    }
  });
}
