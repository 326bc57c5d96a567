import assert from 'node:assert/strict';
import { test } from 'node:test';
import { railReading } from '#src/rules/rails/rail-reading.ts';
import { readReference, unexplainedIds } from '#src/rules/reference.ts';
import { findTypeMarker } from '#src/rules/type-markers.ts';

const none = { text: '', rail: null, marker: null, read: [] };

test('a null reference is confident only when no id is left unplaced', () => {
  const cases: [string, string[]][] = [
    ['MONTHLY SERVICE FEE 12.00 DR 30/10/2026', []],
    ['ATM WITHDRAWAL 7-ELEVEN 123 MAIN ST 11/04 -200.00', []],
    ['SHELL OIL 57442 HOUSTON TX', []], // five digits: a store number
    ['NETFLIX.COM 866-579-7172', []], // a phone number (masked in production)
    ['REFUND AMAZON MKTPL*2K4LD93', ['2K4LD93']],
    ['PAYROLL ACME 110526', ['110526']],
    ['ORDER INV-2026-10-4471', ['INV-2026-10-4471']],
    ['AMAZON MKTPL*2MBYXML', ['2MBYXML']], // one digit is enough in a letters-and-digits token
  ];
  for (const [text, ids] of cases) assert.deepEqual(unexplainedIds({ ...none, text }), ids, text);
  assert.deepEqual(unexplainedIds({ ...none, text: 'PAYROLL ACME 110526', read: [{ start: 13, end: 19 }] }), []);
  const rail = { ...railReading('ach', { value: 'ACH', confidence: 1, rule: 'x' }), explainedIds: ['9876543210'] };
  assert.deepEqual(unexplainedIds({ ...none, text: 'PPD ID: 9876543210', rail }), []);
  assert.deepEqual(readReference({ ...none, text: 'FEE 12.00' }), { value: null, confidence: 0.95, rule: 'reference:none-printed' });
  assert.equal(readReference({ ...none, text: 'MKTPL*2K4LD93' }).confidence, 0.4);
});

test('a labelled bank id is read; a rail that prints ids makes a missing one doubtful', () => {
  const cases: [string, string | null][] = [
    ['ONLINE TRANSFER TO SAV ...3238 TRANSACTION#: 4057813960 11/01 880.00', '4057813960'],
    ['E-TRANSFER FROM X REF# CALNVVW6CAQY', 'CALNVVW6CAQY'],
    ['PAYMENT CONF NO 8XK2P1', '8XK2P1'],
    ['FPS PAYMENT TO J SMITH REF FLAT 3 RENT', null], // a bare REF is the payer's note
    ['REF# ABC', null],
  ];
  for (const [text, id] of cases) assert.equal(readReference({ ...none, text }).value, id, text);
  const zelle = railReading('zelle', { value: 'TRANSFER', confidence: 1, rule: 'x' });
  assert.deepEqual(readReference({ ...none, text: 'Zelle payment to A B', rail: zelle }), {
    value: null,
    confidence: 0.5,
    rule: 'reference:rail-id-not-found',
  });
});

test('a check number beats the rail; the rail reference is used as given', () => {
  const text = 'CHECK # 1234 250.00';
  assert.deepEqual(readReference({ ...none, text, marker: findTypeMarker(text) }), {
    value: '1234',
    confidence: 0.95,
    rule: 'reference:check-number',
  });
  const rail = {
    ...railReading('upi', { value: 'UPI', confidence: 1, rule: 'x' }),
    reference: { value: '631245789012', confidence: 0.97, rule: 'upi:RRN' },
  };
  assert.deepEqual(readReference({ ...none, text: 'UPI', rail }), { value: '631245789012', confidence: 0.97, rule: 'upi:RRN' });
});
