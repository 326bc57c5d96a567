import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunTally } from '#src/cli/run-summary.ts';
import { EMPTY_FIELDS, type Extraction } from '#src/contract/records.ts';

const extraction = (id: string, tier: string, usd: string, fields = EMPTY_FIELDS) =>
  ({
    record_id: id,
    fields,
    status: 'OK',
    provenance: { tier, simulated: true },
    cost: { usd },
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
    extractions: [extraction('c', 'small', '0.000000004')],
    deadLetters: [{ error_code: 'UNDECODABLE' } as never],
  });
  const s = tally.summary(2);
  assert.deepEqual([s.records, s.extractions, s.deadLetters], [4, 3, 1]);
  assert.deepEqual(s.byTier, { rules: 1, small: 2 });
  assert.deepEqual(s.deadLettersByCode, { UNDECODABLE: 1 });
  assert.equal(s.usd, 7e-9);
  assert.equal(s.quality?.records, 2, 'only records with a truth are scored');
  assert.equal(s.quality?.correctRecords, 1);
  assert.equal(s.quality?.errorsByField.amount, 1);
  assert.equal(s.quality?.cpeUsd, 7e-9);
});
