import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CallShareRecord } from '#src/contract/records.ts';
import { decodeJsonNarrative } from '#src/ingest/decode-json.ts';
import type { NarrativeDecoder } from '#src/ingest/decoder.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { estimateReplay, measuredCost, type SampledRecord, sortSample } from '#src/runner/replay-estimate.ts';

const cost = { realTimeNano: 2_000, batchNano: 1_000, basis: 'test' };

const model = (skeleton: string, progress: number, answersToServe: number | null = 2): SampledRecord => ({
  kind: 'model',
  skeleton,
  answersToServe,
  progress,
});

test('free records cost nothing; records for a model cost what one lately cost, in real time and through batches', () => {
  const sample: SampledRecord[] = [
    { kind: 'rules', progress: 0.1 },
    { kind: 'cache', progress: 0.2 },
    { kind: 'dead-letter', progress: 0.3 },
    model('a', 0.4, null),
  ];
  const estimate = estimateReplay({ sample, records: 4, windowRecords: { realTime: 1, batch: 1 }, cost });
  assert.equal(estimate.batch.modelRecords, 1);
  assert.equal(estimate.batch.freeShare, 0.75);
  assert.equal(estimate.realTime.usd, 2_000 / 1e9);
  assert.equal(estimate.batch.usd, 1_000 / 1e9);
});

test('a skeleton serves once its template is confirmed, from the next window on: large batch windows learn less', () => {
  // Ten records of one skeleton, evenly through a range of ten.
  const sample = Array.from({ length: 10 }, (_, i) => model('s', i / 10));
  const small = estimateReplay({ sample, records: 10, windowRecords: { realTime: 1, batch: 10 }, cost });
  assert.equal(small.realTime.modelRecords, 2, 'made, confirmed, then served');
  assert.equal(small.batch.modelRecords, 10, 'one window: nothing learnt serves inside it');
});

test('the unread part of the range goes at the share of the sample’s later half', () => {
  const sample = [
    ...Array.from({ length: 50 }, (_, i) => model(`new-${i}`, i / 1000, null)),
    ...Array.from({ length: 50 }, (_, i) => ({ kind: 'rules' as const, progress: (50 + i) / 1000 })),
  ];
  const estimate = estimateReplay({ sample, records: 1_000, windowRecords: { realTime: 10, batch: 10 }, cost });
  assert.equal(estimate.sampled, 100);
  assert.equal(estimate.batch.modelRecords, 50, 'the later half needed no model: neither does the rest');
});

test('the measured cost grosses batch shares up to real time by their model’s discount', () => {
  const share = (usd: string, batch: boolean): CallShareRecord => ({
    tier: 'small',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    records_in_call: 8,
    usd,
    batch_api: batch,
    request_id: null,
  });
  const measured = measuredCost([[share('0.000010', false)], [share('0.000005', true)], []], loadPriceTable())!;
  assert.ok(Math.abs(measured.realTimeNano - 10_000) < 1e-6, 'both cost 10 µ$ in real time');
  assert.ok(Math.abs(measured.batchNano - 5_000) < 1e-6);
  assert.match(measured.basis, /2 recent/);
  assert.equal(measuredCost([[], []], loadPriceTable()), null);
});

test('a sample is sorted as the pipeline reads it for free: dead letters, the rules alone, and model work', async () => {
  const lines = readFileSync('examples/narratives.jsonl', 'utf8').trim().split('\n');
  const messages = [...lines, '{"not": "a narrative"}'].map((line, i) => ({
    message: { value: Buffer.from(line), timestamp: '0' },
    progress: i / (lines.length + 1),
  }));
  const decode: NarrativeDecoder = async (value, options) => decodeJsonNarrative(value ?? Buffer.alloc(0), options);
  const sample = await sortSample(messages, { decode, cache: undefined, minConfirmations: 1, lookupBatch: 256, now: () => 0 });
  assert.equal(sample.length, messages.length);
  assert.equal(sample.filter((s) => s.kind === 'dead-letter').length, 1);
  const kinds = new Set(sample.map((s) => s.kind));
  assert.ok(kinds.has('rules') && kinds.has('model'), [...kinds].join());
  for (const s of sample) if (s.kind === 'model') assert.equal(s.answersToServe, null, 'no cache: no template will ever serve');
});
