import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSwift, swiftSettlement } from '#src/rules/rails/swift.ts';

const MT103 =
  '{121:3f2504e0-4f89-41d3-9a0c-0305e82c3301} :20:FT26309ABC12 :32A:261105USD15000,00 :33B:EUR13800,00 :50K:/[IBAN] ACME GMBH BERLIN :59:/[IBAN] GLOBEX LLC NEW YORK :70:INV 4471';

test('MT103: UETR before :20:, :32A: settlement, both parties for the composer', () => {
  const reading = parseSwift(MT103)!;
  assert.equal(reading.type.value, 'WIRE');
  assert.deepEqual(reading.reference, { value: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', confidence: 0.97, rule: 'swift:UETR' });
  assert.equal(reading.parties?.payer?.value, 'ACME GMBH BERLIN');
  assert.equal(reading.parties?.payee?.value, 'GLOBEX LLC NEW YORK');
  assert.equal(reading.counterparty, null);
  assert.equal(reading.memo, 'INV 4471');
  assert.deepEqual(swiftSettlement(MT103), { date: '2026-11-05', currency: 'USD' });
});

test(':20: is the reference without a UETR, unless NONREF', () => {
  const cases: [string, string | null][] = [
    [':20:FT26309ABC12 :32A:261105USD1,00', 'FT26309ABC12'],
    [':20:NONREF :32A:261105USD1,00', null],
    ['MT103 UETR: 3f2504e0-4f89-41d3-9a0c-0305e82c3301', '3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
  ];
  for (const [text, reference] of cases) assert.equal(parseSwift(text)?.reference?.value ?? null, reference, text);
  assert.equal(swiftSettlement(':32A:261305USD1,00'), null);
  assert.equal(parseSwift('FEDWIRE CREDIT'), null);
});
