import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateFailure } from '#src/cache/gate.ts';

test('the gate asks for every gate word in the record and no marker word the template lacks', () => {
  assert.equal(gateFailure(['SHELL'], "SHELLY'S DELI 57442 HOUSTON TX"), 'missing SHELL');
  assert.equal(gateFailure(['ACME', 'PAYROLL', 'CR'], 'ACME PAYROLL 2,845.33 DR 11/05'), 'missing CR');
  assert.equal(gateFailure(['ACME', 'PAYROLL'], 'ACME PAYROLL 2,845.33 DR 11/05'), 'carries DR which the template does not');
  assert.equal(gateFailure(['ACME', 'PAYROLL', 'CR'], 'ACME PAYROLL 2,901.10 CR 11/19'), null);
});

test("each record is judged on its own words, whichever record's candidates came before", () => {
  const credit = 'ACME PAYROLL 2,901.10 CR 11/19';
  const debit = 'ACME PAYROLL 2,845.33 DR 11/05';
  const gate = ['ACME', 'PAYROLL', 'CR'];
  for (const [text, expected] of [
    [credit, null],
    [credit, null],
    [debit, 'missing CR'],
    [credit, null],
    [debit, 'missing CR'],
  ] as const)
    assert.equal(gateFailure(gate, text), expected, text);
});

test('accented words read as their letters: GEBÜHR is the fee marker GEBUHR', () => {
  assert.equal(gateFailure(['KONTO', 'GEBUHR'], 'Kontoführung Gebühr 4,90'), 'missing KONTO');
  assert.equal(gateFailure(['KONTOFUHRUNG', 'GEBUHR'], 'Kontoführung Gebühr 4,90'), null);
  assert.equal(gateFailure(['KONTOFUHRUNG'], 'Kontoführung Gebühr 4,90'), 'carries GEBUHR which the template does not');
});
