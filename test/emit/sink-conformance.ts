/**
 * What every Sink adapter must do, as one suite each adapter's test runs (JSON Lines files; Kafka
 * topics against the real broker, with and without transactions).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { deadLetter } from '#src/contract/dead-letter.ts';
import { type DeadLetter, EMPTY_FIELDS, type Extraction } from '#src/contract/records.ts';
import type { Outputs, Sink } from '#src/emit/sink.ts';
import type { Position } from '#src/ingest/source.ts';
import { buildExtraction } from '#src/pipeline/build-extraction.ts';
import { narrativeRecord } from '#test/support/records.ts';

export type WrittenBack = { extractionIds: string[]; deadLetters: { code: string; originalValue: Buffer | null }[] };

export type SinkHarness = {
  /** A fresh sink with its own destination, and a way to read back what reached it. */
  open(): Promise<{ sink: Sink; readBack(expected: number): Promise<WrittenBack>; committed?(): Promise<Position[]> }>;
  /** Whether the sink commits positions with the outputs. */
  transactional: boolean;
  cleanup?(): Promise<void>;
};

export function extractionOf(id: string): Extraction {
  const record = narrativeRecord(id);

  return buildExtraction({
    record,
    outcome: {
      status: 'OK',
      tier: 'rules',
      fields: { ...EMPTY_FIELDS, amount: '6.75' },
      confidence: 0.99,
      answer: undefined,
      failureReason: null,
    },
    shares: [],
    tried: [],
    routerVersion: null,
    intakeAt: 0,
    extractedAt: 5,
  });
}

function letterOf(bytes: Buffer): DeadLetter {
  return deadLetter({
    key: Buffer.from('k'),
    value: bytes,
    origin: { topic: 'in', partition: 0, offset: 7 },
    recordId: null,
    code: 'MALFORMED_JSON',
    reason: 'not valid JSON',
    stage: 'decode',
    at: 0,
  });
}

const outputs = (ids: string[], letters: Buffer[] = []): Outputs => ({
  extractions: ids.map(extractionOf),
  deadLetters: letters.map(letterOf),
});

export function sinkConformance(name: string, harness: SinkHarness): void {
  after(() => harness.cleanup?.());

  test(`${name}: windows written in order, dead letters with their original bytes`, async () => {
    const { sink, readBack } = await harness.open();
    const raw = Buffer.from([0xff, 0x00, 0x7b]);
    try {
      await sink.write(outputs(['w1', 'w2'], [raw]), []);
      await sink.write(outputs(['w3']), []);
    } finally {
      await sink.close();
    }
    const back = await readBack(3);
    assert.deepEqual(back.extractionIds, ['w1', 'w2', 'w3']);
    assert.deepEqual(
      back.deadLetters.map((d) => d.code),
      ['MALFORMED_JSON'],
    );
    assert.deepEqual(back.deadLetters[0]!.originalValue, raw, 'the original bytes survive, whatever they are');
  });

  test(`${name}: a dead letter's bytes are written with their secrets masked`, async () => {
    const { sink, readBack } = await harness.open();
    const text = Buffer.from('{"record_id":"4111 1111 1111 1111","narrative":"to jane@example.com"}');
    try {
      await sink.write(outputs(['m1'], [text]), []);
    } finally {
      await sink.close();
    }
    const [letter] = (await readBack(1)).deadLetters;
    assert.equal(letter!.originalValue!.toString(), '{"record_id":"[CARD]","narrative":"to [EMAIL]"}');
  });

  test(`${name}: the receipt says whether the positions were committed with the outputs`, async () => {
    const { sink, committed } = await harness.open();
    const through: Position[] = [{ topic: 'narratives', partition: 0, offset: 42 }];
    try {
      const receipt = await sink.write(outputs(['r1']), through);
      assert.equal(receipt.positionsCommitted, harness.transactional);
      if (harness.transactional) assert.deepEqual(await committed!(), through);
    } finally {
      await sink.close();
    }
  });

  test(`${name}: an empty window is fine; close is idempotent; a write after close rejects`, async () => {
    const { sink } = await harness.open();
    await sink.write({ extractions: [], deadLetters: [] }, []);
    await Promise.all([sink.close(), sink.close()]);
    await assert.rejects(sink.write(outputs(['late']), []));
  });
}
