import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Direction, TransactionType } from '#src/contract/records.ts';
import { readCategory } from '#src/rules/category.ts';
import { type RailReading, railReading } from '#src/rules/rails/rail-reading.ts';

const p2p = (memo: string | null): RailReading => ({
  ...railReading('upi', { value: 'UPI', confidence: 1, rule: 'x' }),
  personToPerson: true,
  memo,
});

test('the category is given only where the type or the structure fixes it', () => {
  const cases: [TransactionType | null, Direction | null, RailReading | null, boolean, string | null, number][] = [
    // type, direction, rail, own account, category, confidence
    ['ATM', 'DEBIT', null, false, 'CASH', 0.96],
    ['FEE', 'DEBIT', null, false, 'FEES', 0.96],
    ['PAYROLL', 'CREDIT', null, false, 'INCOME', 0.96],
    ['INTEREST', 'CREDIT', null, false, 'INCOME', 0.95],
    ['INTEREST', 'DEBIT', null, false, 'FEES', 0.5],
    ['UPI', 'CREDIT', p2p('Rent Nov'), false, 'RENT', 0.95],
    ['UPI', 'DEBIT', p2p('Miete November'), false, 'RENT', 0.95],
    ['UPI', 'DEBIT', p2p('dinner'), false, 'TRANSFER', 0.95],
    ['REFUND', 'CREDIT', p2p(null), false, null, 0.2],
    ['TRANSFER', 'DEBIT', null, true, 'TRANSFER', 0.95],
    ['CHECK', 'DEBIT', null, false, 'OTHER', 0.95],
    ['WIRE', 'CREDIT', null, false, 'INCOME', 0.5],
    ['CARD', 'DEBIT', null, false, null, 0.2],
    [null, null, null, false, null, 0.2],
  ];
  for (const [type, direction, rail, ownAccount, category, confidence] of cases) {
    const reading = readCategory({ text: 'X', type, typeConfidence: 0.96, direction, rail, ownAccount });
    assert.equal(reading.value, category, `${type} ${direction}`);
    assert.equal(reading.confidence, confidence, `${type} ${direction}`);
  }
  const doubtfulFee = readCategory({
    text: 'PF CLUB FEES HAMPTON NH',
    type: 'FEE',
    typeConfidence: 0.7,
    direction: 'DEBIT',
    rail: null,
    ownAccount: false,
  });
  assert.deepEqual([doubtfulFee.value, doubtfulFee.confidence], ['FEES', 0.7]);
});
