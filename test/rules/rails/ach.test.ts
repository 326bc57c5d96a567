import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAch } from '#src/rules/rails/ach.ts';

test('ACH: the trace number is the reference, PPD/company ids are never', () => {
  const cases: [string, string | null, string | null, string[]][] = [
    // text, reference, counterparty hint, explained ids
    ['ACH DEBIT PPD ID: 9876543210 CONED PAYMENT 110326 TRACE 021000021234567 AMT 142.18', '021000021234567', 'Coned', ['9876543210']],
    [
      'ORIG CO NAME:ACME CORP ORIG ID:1234567890 DESC DATE:110326 CO ENTRY DESCR:PAYROLL SEC:PPD TRACE#:021000021234567 EED:261103',
      '021000021234567',
      'Acme',
      ['1234567890'],
    ],
    ['CONED DES:PAYMENT ID:XXXX1234 INDN:JANE DOE CO ID:9876543210 PPD', null, 'Coned', ['XXXX1234', '9876543210']],
    ['ACH CREDIT GUSTO PAYROLL', null, null, []],
  ];
  for (const [text, reference, counterparty, ids] of cases) {
    const reading = parseAch(text);
    assert.ok(reading, text);
    assert.equal(reading.type.value, 'ACH');
    assert.equal(reading.reference?.value ?? null, reference, text);
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
    assert.ok(!reading.counterparty || reading.counterparty.confidence < 0.95, `${text}: originator abbreviations are hints`);
    for (const id of ids) assert.ok(reading.explainedIds.includes(id), `${text}: ${id}`);
  }
  assert.equal(parseAch('STARBUCKS 4.50'), null);
});
