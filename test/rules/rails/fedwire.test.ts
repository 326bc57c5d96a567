import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFedwire } from '#src/rules/rails/fedwire.ts';

test('Fedwire: IMAD reference, B/O for credits, BNF for debits', () => {
  const cases: [string, string | null, string | null, string | null][] = [
    // text, reference, counterparty, direction from the party fields
    [
      'FEDWIRE CREDIT VIA: JPMORGAN CHASE IMAD: 20261105MMQFMP2L000123 B/O: GLOBEX LLC AMT 15,000.00 VAL 11/05/2026',
      '20261105MMQFMP2L000123',
      'Globex',
      'CREDIT',
    ],
    ['FEDWIRE DEBIT BNF: ACME SUPPLY CO ID:123 IMAD:20261105QMGFT015000456', '20261105QMGFT015000456', 'Acme Supply', 'DEBIT'],
    ['WIRE TYPE:WIRE OUT ORG: MY COMPANY BNF: JOHN DOE OMAD: 20261105QMGFT015000456', '20261105QMGFT015000456', 'John Doe', null],
    ['INCOMING WIRE TRANSFER', null, null, null],
  ];
  for (const [text, reference, counterparty, direction] of cases) {
    const reading = parseFedwire(text);
    assert.ok(reading, text);
    assert.equal(reading.type.value, 'WIRE');
    assert.equal(reading.reference?.value ?? null, reference, text);
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
    assert.equal(reading.direction?.value ?? null, direction, text);
  }
  const credit = parseFedwire(cases[0]![0])!;
  assert.equal(credit.counterparty!.confidence, 0.95);
  assert.equal(credit.reference!.rule, 'fedwire:IMAD');
  assert.equal(parseFedwire('ACH DEBIT CONED'), null);
});
