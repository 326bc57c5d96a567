import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Direction } from '#src/contract/records.ts';
import { readCounterparty } from '#src/rules/counterparty.ts';
import { type RailReading, railReading } from '#src/rules/rails/rail-reading.ts';
import { findTypeMarker } from '#src/rules/type-markers.ts';

const swiftLike: RailReading = {
  ...railReading('swift', { value: 'WIRE', confidence: 1, rule: 'x' }),
  parties: {
    payer: { value: 'ACME GMBH', confidence: 0.6, rule: 'swift:50K' },
    payee: { value: 'GLOBEX', confidence: 0.6, rule: 'swift:59' },
  },
};
const upiLike: RailReading = {
  ...railReading('upi', { value: 'UPI', confidence: 1, rule: 'x' }),
  counterparty: { value: 'Priya Sharma', confidence: 0.95, rule: 'upi:name' },
};

test('no counterparty for ATM, fees, interest, checks and own-account moves; rail names otherwise', () => {
  const cases: [string, RailReading | null, Direction | null, boolean, string | null, number][] = [
    // text, rail, direction, own account, counterparty, confidence
    ['ATM WITHDRAWAL', null, 'DEBIT', false, null, 0.96],
    ['MONTHLY SERVICE FEE', null, 'DEBIT', false, null, 0.95],
    ['INTEREST PAID', null, 'CREDIT', false, null, 0.95],
    ['CHECK # 1234', null, 'DEBIT', false, null, 0.95],
    ['TRANSFER TO SAVINGS', null, 'DEBIT', true, null, 0.95],
    ['UPI/CR/...', upiLike, 'CREDIT', false, 'Priya Sharma', 0.95],
    ['MT103', swiftLike, 'CREDIT', false, 'Acme GmbH', 0.6],
    ['MT103', swiftLike, 'DEBIT', false, 'Globex', 0.6],
    ['MT103', swiftLike, null, false, null, 0.2],
    ['PAYROLL ACME CORP DIR DEP', null, 'CREDIT', false, 'Acme Corp', 0.6],
    ['REFUND UPI/CR/...', upiLike, 'CREDIT', false, 'Priya Sharma', 0.6],
    ['STARBUCKS 4.50', null, 'DEBIT', false, null, 0.2],
  ];
  for (const [text, rail, direction, ownAccount, name, confidence] of cases) {
    const reading = readCounterparty({ text, rail, marker: findTypeMarker(text), direction, ownAccount });
    assert.equal(reading.value, name, text);
    assert.equal(reading.confidence, confidence, text);
  }
});
