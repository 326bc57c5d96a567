/**
 * The pipeline's rule for a repeated record_id: a new version of the record, answered again, its
 * extraction superseding the earlier one by key. Nothing is remembered between windows, so the
 * same holds after a restart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { decodeJsonNarrative } from '#src/ingest/decode-json.ts';
import type { Intake } from '#src/ingest/source.ts';
import { type PipelineDeps, pipelineWork, processWindow } from '#src/pipeline/pipeline.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { narrativeRecord } from '#test/support/records.ts';

const clock = manualClock(0);

function intake(offset: number, recordId: string, narrative: string): Intake {
  const value = Buffer.from(JSON.stringify({ ...narrativeRecord(recordId), narrative }));
  return {
    position: { topic: 'in', partition: 0, offset },
    key: Buffer.from(recordId),
    value,
    intakeAt: 0,
    decoded: decodeJsonNarrative(value, { receivedAt: 0 }),
  };
}

function deps(): PipelineDeps {
  return { tiers: [], prices: loadPriceTable(), now: clock.now, metrics: createMetrics() };
}

test('two versions of a record in one window are both answered, in input order, the later last', async () => {
  const outputs = await processWindow(
    [
      intake(0, 'r-1', 'CARD PURCHASE SHOP 11/02 $6.75'),
      intake(1, 'r-2', 'CARD PURCHASE MARKET 11/02 $3.00'),
      intake(2, 'r-1', 'CARD PURCHASE SHOP 11/03 $4.10'),
    ],
    deps(),
  );
  assert.deepEqual(outputs.deadLetters, []);
  assert.deepEqual(
    outputs.extractions.map((e) => e.record_id),
    ['r-1', 'r-2', 'r-1'],
  );
  const latest = new Map(outputs.extractions.map((e) => [e.record_id, e]));
  assert.equal(latest.get('r-1')?.fields.amount, '4.10', 'upserting by key keeps the later version');
});

test('a record_id seen in an earlier window, or by an earlier process, is answered again', async () => {
  const work = pipelineWork(deps());
  const first = await work.process([intake(0, 'r-1', 'CARD PURCHASE SHOP 11/02 $6.75')]);
  const again = await work.process([intake(1, 'r-1', 'CARD PURCHASE SHOP 11/03 $4.10')]);
  const afterRestart = await pipelineWork(deps()).process([intake(1, 'r-1', 'CARD PURCHASE SHOP 11/03 $4.10')]);
  for (const outputs of [first, again, afterRestart]) {
    assert.deepEqual(outputs.deadLetters, []);
    assert.deepEqual(
      outputs.extractions.map((e) => e.record_id),
      ['r-1'],
    );
  }
  assert.deepEqual(
    again.extractions[0]?.fields,
    afterRestart.extractions[0]?.fields,
    'the same answer whether or not the process saw the id',
  );
});

test('undecodable intakes still leave as dead letters, in place of nothing', async () => {
  const bad: Intake = { ...intake(0, 'r-1', 'x'), decoded: decodeJsonNarrative(Buffer.from('{"record_id": "r-1"'), { receivedAt: 0 }) };
  const outputs = await processWindow([bad, intake(1, 'r-1', 'CARD PURCHASE SHOP 11/03 $4.10')], deps());
  assert.deepEqual(
    outputs.deadLetters.map((d) => d.error_code),
    ['MALFORMED_JSON'],
  );
  assert.deepEqual(
    outputs.extractions.map((e) => e.record_id),
    ['r-1'],
  );
});

test('records the rules answer alone and those the cascade answers or sets aside leave in input order, each once', async () => {
  const free = (offset: number, id: string) => intake(offset, id, 'FPS CREDIT FROM J SMITH REF CONCERT TICKETS 28.48 GBP 03NOV26');
  const left = (offset: number, id: string) => intake(offset, id, 'CARD PURCHASE SHOP 11/02 $6.75');
  const bad: Intake = { ...intake(3, 'r-bad', 'x'), decoded: decodeJsonNarrative(Buffer.from('{'), { receivedAt: 0 }) };
  const window = [left(0, 'r-0'), free(1, 'r-1'), left(2, 'r-2'), bad, free(4, 'r-4'), left(5, 'r-5')];
  const outputs = await processWindow(window, { ...deps(), defer: (record) => record.record_id === 'r-2' });
  assert.deepEqual(
    outputs.extractions.map((e) => [e.record_id, e.status === 'OK' && e.provenance.tier === 'rules']),
    [
      ['r-0', false],
      ['r-1', true],
      ['r-4', true],
      ['r-5', false],
    ],
  );
  assert.deepEqual(
    outputs.deferred?.map((d) => d.position.offset),
    [2],
  );
  assert.deepEqual(
    outputs.deadLetters.map((d) => d.error_code),
    ['MALFORMED_JSON'],
  );
});
