import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FIELDS } from '#src/contract/records.ts';
import { fieldErrors, scoreExtractions } from '#src/dev/quality/score.ts';

test('record accuracy, field accuracy and CPE', () => {
  const want = { ...EMPTY_FIELDS, amount: '6.75', currency: 'USD', counterparty: 'Blue Bottle Coffee' };
  const report = scoreExtractions(
    [
      { got: { ...want }, want },
      { got: { ...want, amount: '7.65' }, want },
      { got: { ...want, counterparty: 'Blue Bottle' }, want },
    ],
    0.003,
  );
  assert.equal(report.correctRecords, 2);
  assert.equal(report.errorsByField.amount, 1);
  assert.equal(report.cpeUsd, 0.0015);
  assert.equal(report.fieldAccuracy, 1 - 1 / 24);
  assert.deepEqual(fieldErrors({ ...want, direction: 'DEBIT' }, want), ['direction']);
});
