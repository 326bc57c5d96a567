import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIndianTransfer } from '#src/rules/rails/indian-transfers.ts';

test('NEFT/IMPS/RTGS: UTR or RRN, the name field, TRANSFER or WIRE', () => {
  const cases: [string, string, string, string | null, string | null, string | null][] = [
    // text, rail, type, direction, reference, counterparty
    ['NEFT CR-SBIN0001234-ACME PVT LTD-HDFCN52026110512345 25,000.00', 'neft', 'TRANSFER', 'CREDIT', 'HDFCN52026110512345', 'Acme'],
    ['IMPS/P2A/631245789012/PRIYA SHARMA/SBIN 1,500.00 DR', 'imps', 'TRANSFER', null, '631245789012', 'Priya Sharma'],
    ['RTGS/UTIBR52026110500012345/GLOBEX LTD', 'rtgs', 'WIRE', null, 'UTIBR52026110500012345', 'Globex'],
    ['NEFT DR-HDFC0000123-RAHUL KUMAR-N312261234567890', 'neft', 'TRANSFER', 'DEBIT', 'N312261234567890', 'Rahul Kumar'],
  ];
  for (const [text, rail, type, direction, reference, counterparty] of cases) {
    const reading = parseIndianTransfer(text);
    assert.ok(reading, text);
    assert.equal(reading.rail, rail);
    assert.equal(reading.type.value, type, text);
    assert.equal(reading.direction?.value ?? null, direction, text);
    assert.equal(reading.reference?.value ?? null, reference, text);
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
  }
  assert.equal(parseIndianTransfer('UPI/CR/1'), null);
});
