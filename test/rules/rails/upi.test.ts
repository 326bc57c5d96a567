import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUpi } from '#src/rules/rails/upi.ts';

test('UPI slash and dash layouts', () => {
  const cases: [string, string | null, string | null, string | null, boolean, string | null][] = [
    // text, direction, reference, counterparty, person-to-person, memo
    [
      'UPI/CR/631245789012/PRIYA SHARMA/SBIN/priya@oksbi/Rent Nov INR 18,500.00',
      'CREDIT',
      '631245789012',
      'Priya Sharma',
      true,
      'Rent Nov INR 18,500.00',
    ],
    ['UPI/DR/631245789013/RAHUL K/HDFC/[EMAIL]/dinner', 'DEBIT', '631245789013', 'Rahul K', true, 'dinner'],
    ['UPI/DR/631245789014/ZOMATO LTD/YESB/zomato@ybl/Order', 'DEBIT', '631245789014', 'Zomato', false, 'Order'],
    ['UPI/DR/631245789015/ANIL KUMAR/ICIC/paytmqr281@paytm/', 'DEBIT', '631245789015', 'Anil Kumar', false, null],
    ['UPI-PRIYA SHARMA-priya@oksbi-SBIN0001234-631245789012-Rent Nov', null, '631245789012', 'Priya Sharma', true, 'Rent Nov'],
    ['UPI PAYMENT 450.00', null, null, null, false, null],
  ];
  for (const [text, direction, reference, counterparty, p2p, memo] of cases) {
    const reading = parseUpi(text);
    assert.ok(reading, text);
    assert.equal(reading.type.value, 'UPI');
    assert.equal(reading.direction?.value ?? null, direction, text);
    assert.equal(reading.reference?.value ?? null, reference, text);
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
    assert.equal(reading.personToPerson, p2p, text);
    assert.equal(reading.memo, memo, text);
  }
  assert.equal(parseUpi('NEFT CR-SBIN0001234-ACME'), null);
});
