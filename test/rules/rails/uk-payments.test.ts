import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUkPayment } from '#src/rules/rails/uk-payments.ts';

test('UK payments: FPS, direct debits, BACS; REF is a memo, not a reference', () => {
  const cases: [string, string, string | null, boolean, string | null][] = [
    // text, type, counterparty, person-to-person, memo
    ['FPS PAYMENT TO J SMITH REF FLAT 3 RENT 250.00 GBP 02NOV26', 'FASTER_PAYMENT', 'J Smith', true, 'FLAT 3 RENT'],
    ['FASTER PAYMENT FROM ACME LTD REF INV 4471', 'FASTER_PAYMENT', 'Acme', false, 'INV 4471'],
    ['DIRECT DEBIT BRITISH GAS 123456789 45.00', 'DIRECT_DEBIT', 'British Gas', false, null],
    ['DD THAMES WATER', 'DIRECT_DEBIT', 'Thames Water', false, null],
    ['BACS ACME PAYROLL', 'OTHER', 'Acme Payroll', false, null],
  ];
  for (const [text, type, counterparty, p2p, memo] of cases) {
    const reading = parseUkPayment(text);
    assert.ok(reading, text);
    assert.equal(reading.type.value, type, text);
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
    assert.equal(reading.personToPerson, p2p, text);
    assert.equal(reading.memo, memo, text);
    assert.equal(reading.reference, null, text);
  }
  assert.ok(parseUkPayment('BACS ACME PAYROLL')!.type.confidence < 0.95);
  assert.equal(parseUkPayment('TESCO STORES 12.00'), null);
});
