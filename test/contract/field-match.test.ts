import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counterpartyMatches, fieldMatches } from '#src/contract/field-match.ts';

test('counterparty matching folds case, accents, punctuation and legal forms, and allows a contained half', () => {
  assert.ok(counterpartyMatches('Starbucks', 'Starbucks Coffee'));
  assert.ok(counterpartyMatches('Telekom Deutschland GmbH', 'telekom deutschland'));
  assert.ok(counterpartyMatches('Café Müller', 'CAFE MULLER'));
  assert.ok(counterpartyMatches('Globex LLC', 'Globex'));
  assert.ok(!counterpartyMatches('Amazon', 'Amazon Web Services'), 'one token of three is less than half');
  assert.ok(!counterpartyMatches('Shell', "Shelly's Deli"));
});

test('fields compare as the contract says', () => {
  assert.ok(fieldMatches('amount', '200', '200.00'));
  assert.ok(!fieldMatches('amount', '1,200.00', '1200.00'), 'amount must be in contract form');
  assert.ok(fieldMatches('reference', 'inv 2026 4471', 'INV20264471'));
  assert.ok(fieldMatches('currency', 'eur', 'EUR'));
  assert.ok(fieldMatches('transaction_date', null, null));
  assert.ok(!fieldMatches('transaction_date', '2026-11-02', null));
  assert.ok(!fieldMatches('transaction_date', '2026-02-11', '2026-11-02'));
});
