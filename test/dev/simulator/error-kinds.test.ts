/**
 * Each simulated mistake applies only where it is possible and yields a plausible wrong value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExtractedFields } from '#src/contract/records.ts';
import { applicableKinds, applyError } from '#src/dev/simulator/error-kinds.ts';

const truth: ExtractedFields = {
  transaction_date: '2026-11-03',
  amount: '142.18',
  currency: 'USD',
  direction: 'DEBIT',
  counterparty: 'Con Edison',
  transaction_type: 'ACH',
  reference: null,
  category: 'UTILITIES',
};
const text = 'ACH DEBIT PPD ID: 9876543210 CONED PAYMENT 110326 TRACE 021000021234567 AMT 142.18';
const kinds = (fields: ExtractedFields, protect: string[] = []) =>
  applicableKinds(fields, text, new Set(protect)).map((kind) => kind.value);

test('day and month swap only when both are ≤ 12 and differ', () => {
  assert.equal(applyError('swap-day-month', truth, text, 0).transaction_date, '2026-03-11');
  assert.ok(!kinds({ ...truth, transaction_date: '2026-11-30' }).includes('swap-day-month'));
  assert.ok(!kinds({ ...truth, transaction_date: '2026-05-05' }).includes('swap-day-month'));
  assert.ok(!kinds({ ...truth, transaction_date: null }).includes('swap-day-month'));
});

test('direction flips, the counterparty keeps its first word, the category moves to a neighbour', () => {
  assert.equal(applyError('flip-direction', truth, text, 0).direction, 'CREDIT');
  assert.equal(applyError('truncate-counterparty', truth, text, 0).counterparty, 'Con');
  assert.ok(!kinds({ ...truth, counterparty: 'Netflix' }).includes('truncate-counterparty'));
  assert.equal(applyError('wrong-category', truth, text, 0).category, 'TELECOM');
});

test('a habitual merchant is named only where the line prints none of its words, and never the true counterparty', () => {
  const named = new Set([0, 0.2, 0.4, 0.6, 0.8, 0.99].map((draw) => applyError('absent-counterparty', truth, text, draw).counterparty));
  assert.ok(named.size >= 3, `the draw chooses among several: ${[...named]}`);
  for (const name of named) {
    assert.ok(name !== null && name !== truth.counterparty);
    for (const word of name.toUpperCase().split(' ')) assert.ok(!text.includes(word), `${name} is not printed in the line`);
  }
  assert.equal(
    applyError('absent-counterparty', truth, text, 0.3).counterparty,
    applyError('absent-counterparty', truth, text, 0.3).counterparty,
  );

  const amazonLine = 'AMZN Mktp US*2K4LD93 AMZN.COM/BILL WA 11/03 23.99';
  for (const draw of [0, 0.25, 0.5, 0.75, 0.99]) {
    const name = applyError('absent-counterparty', { ...truth, counterparty: 'Amazon' }, amazonLine, draw).counterparty;
    assert.notEqual(name, 'Amazon', 'the truth, printed as AMZN, is not a mistake');
  }
  const starbucks = 'STARBUCKS STORE 12345 SEATTLE WA 11/02 4.50';
  for (const draw of [0, 0.25, 0.5, 0.75, 0.99])
    assert.notEqual(
      applyError('absent-counterparty', { ...truth, counterparty: 'Blue Bottle Coffee' }, starbucks, draw).counterparty,
      'Starbucks',
    );
  assert.ok(!kinds({ ...truth, counterparty: null }).includes('absent-counterparty'), 'a line without a counterparty keeps none');
});

test('an invented reference is a number printed in the line (never the amount) and only when the truth has none', () => {
  const invented = applyError('invent-reference', truth, text, 0.1).reference;
  assert.ok(invented && text.includes(invented) && invented !== '142.18', String(invented));
  assert.ok(!kinds({ ...truth, reference: '021000021234567' }).includes('invent-reference'));
  assert.match(applyError('invent-reference', truth, 'NETFLIX 15.49', 0.5).reference ?? '', /^REF\d{8}$/);
});

test('amount digits are transposed without a leading zero, and never when all digits agree', () => {
  for (const draw of [0, 0.3, 0.6, 0.99]) {
    const amount = applyError('transpose-amount', truth, text, draw).amount!;
    assert.notEqual(amount, '142.18');
    assert.equal([...amount].sort().join(''), [...'142.18'].sort().join(''));
    assert.match(amount, /^[1-9]\d*\.\d\d$/);
  }
  assert.ok(!kinds({ ...truth, amount: '0.00' }).includes('transpose-amount'));
  assert.ok(!kinds({ ...truth, amount: '200.00' }).includes('transpose-amount'), 'only 2↔0 differs, and it would lead with 0');
});

test('a protected field (a hint the model took) is never corrupted', () => {
  assert.ok(!kinds(truth, ['counterparty']).some((kind) => kind.endsWith('-counterparty')));
  assert.deepEqual(kinds(truth, ['direction', 'category', 'amount']).sort(), [
    'absent-counterparty',
    'invent-reference',
    'swap-day-month',
    'truncate-counterparty',
  ]);
});
