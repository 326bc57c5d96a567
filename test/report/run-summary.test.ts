import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FIELDS, type Extraction } from '#src/contract/records.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';
import { RunTally, reportJson } from '#src/report/run-summary.ts';

const extraction = (id: string, tier: string, usd: string, fields = EMPTY_FIELDS, escalatedFrom: string | null = null) =>
  ({
    record_id: id,
    fields,
    status: 'OK',
    provenance: { tier, simulated: true, escalated_from: escalatedFrom },
    cost: { usd, calls: tier === 'rules' ? [] : [{ provider: 'openai', model: 'gpt-6-luna', usd }] },
  }) as unknown as Extraction;

test('the tally counts by tier, status and dead-letter code, sums the money exactly and scores against the truth as it goes', () => {
  const right = { ...EMPTY_FIELDS, amount: '6.75' };
  const tally = new RunTally(
    new Map([
      ['a', right],
      ['b', right],
    ]),
  );
  tally.add({
    extractions: [extraction('a', 'rules', '0', right), extraction('b', 'small', '0.000000003', { ...right, amount: '6.57' })],
    deadLetters: [],
  });
  tally.add({
    extractions: [extraction('c', 'small', '0.000000004', EMPTY_FIELDS, 'rules')],
    deadLetters: [{ error_code: 'UNDECODABLE' } as never],
  });
  const s = tally.summary(2);
  assert.deepEqual([s.records, s.extractions, s.deadLetters], [4, 3, 1]);
  assert.deepEqual(
    Object.fromEntries(Object.entries(s.tiers).map(([name, t]) => [name, [t.records, t.nanoUsd, t.quality?.correctRecords]])),
    { rules: [1, 0, 1], small: [2, 7, 0] },
  );
  assert.deepEqual(s.escalations, { rules: { small: 1 } });
  assert.deepEqual(s.models, ['openai/gpt-6-luna']);
  assert.deepEqual(s.deadLettersByCode, { UNDECODABLE: 1 });
  assert.equal(s.usd, 7e-9);
  assert.equal(s.quality?.records, 2, 'only records with a truth are scored');
  assert.equal(s.quality?.correctRecords, 1);
  assert.equal(s.quality?.errorsByField.amount, 1);
  assert.equal(s.quality?.cpeUsd, 7e-9);
});

test('the report is snake_case, money in decimal strings, each paid model with the day its price was read', () => {
  const tally = new RunTally(new Map([['a', EMPTY_FIELDS]]));
  tally.add({ extractions: [extraction('a', 'small', '0.000123456')], deadLetters: [] });
  const report = reportJson(
    { ...tally.summary(1), costOverRun: [{ records: 1, nanoUsd: 123_456, seconds: 0.5 }] },
    {
      prices: loadPriceTable(),
      simulatorBilled: { 'gpt-6-luna': { cachedInput: 3 } },
      simulatorBilledBatch: null,
    },
  );
  assert.equal(report.usd, '0.000123456');
  assert.deepEqual(report.tiers.small, {
    records: 1,
    usd: '0.000123456',
    quality: {
      records: 1,
      correct_records: 1,
      record_accuracy: 1,
      field_accuracy: 1,
      errors_by_field: report.quality!.errors_by_field,
      cpe_usd: '0.000123456',
    },
  });
  assert.match(report.prices.models['openai/gpt-6-luna']!.read_on!, /^\d{4}-\d\d-\d\d$/);
  assert.match(report.prices.table_read_on, /^\d{4}-\d\d-\d\d$/);
  assert.deepEqual(report.simulator_billed, { 'gpt-6-luna': { cached_input: 3 } });
  assert.deepEqual(report.cost_over_run, [{ records: 1, seconds: 0.5, usd: '0.000123456' }]);
});
