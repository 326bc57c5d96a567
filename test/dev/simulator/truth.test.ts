/**
 * The truth table finds a narrative by its text as sent: exact, with white space collapsed, or
 * with secrets masked the way the service masks them before a line leaves the process.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExtractedFields } from '#src/contract/records.ts';
import { truthFromRecords } from '#src/dev/simulator/truth.ts';

const fields = (counterparty: string): ExtractedFields => ({
  transaction_date: null,
  amount: '48.12',
  currency: 'USD',
  direction: 'DEBIT',
  counterparty,
  transaction_type: 'CARD',
  reference: null,
  category: 'FUEL',
});
const table = truthFromRecords([
  { text: 'SHELL OIL 57442 HOUSTON TX 11/01 CARD 4111 1111 1111 1111 48.12', fields: fields('Shell') },
  { text: 'SHELL OIL 99999 DALLAS TX 11/02 CARD 5500 0000 0000 0004 12.00', fields: fields('Shell Dallas') },
  { text: 'ZELLE TO  JOHN   DOE john@example.com 25.00', fields: fields('John Doe') },
]);

test('exact text and text with white space collapsed are found', () => {
  assert.equal(table.size, 3);
  assert.equal(table.lookup('ZELLE TO  JOHN   DOE john@example.com 25.00')?.counterparty, 'John Doe');
  assert.equal(table.lookup(' ZELLE TO JOHN DOE john@example.com 25.00 ')?.counterparty, 'John Doe');
});

test('a masked line finds the truth whose text has the secret in its place', () => {
  assert.equal(table.lookup('SHELL OIL 57442 HOUSTON TX 11/01 CARD [CARD] 48.12')?.counterparty, 'Shell');
  assert.equal(table.lookup('SHELL OIL 99999 DALLAS TX 11/02 CARD [CARD] 12.00')?.counterparty, 'Shell Dallas');
  assert.equal(table.lookup('ZELLE TO JOHN DOE [EMAIL] 25.00')?.counterparty, 'John Doe');
});

test('a line the simulator never saw is unknown', () => {
  assert.equal(table.lookup('SHELL OIL 57442 HOUSTON TX 11/01 CARD [CARD] 99.99'), undefined);
  assert.equal(table.lookup('[CARD]'), undefined);
  assert.equal(table.lookup('SOMETHING ELSE'), undefined);
});
