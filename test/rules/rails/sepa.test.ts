import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSepa } from '#src/rules/rails/sepa.ts';

test('SEPA lines: type, reference by precedence, counterparty by field', () => {
  const cases: [string, string, string | null, string | null, string | null][] = [
    // text, type, reference rule, reference, counterparty
    ['SEPA-LASTSCHRIFT EREF+INV-2026-10-4471 MREF+M-88123 CRED+DE98ZZZ09999999999 SVWZ+Telekom Deutschland GmbH Rechnung 10/2026 BETRAG 39,95 EUR', 'DIRECT_DEBIT', 'sepa:EREF', 'INV-2026-10-4471', 'Telekom Deutschland'],
    ['SEPA-UEBERWEISUNG EREF+NOTPROVIDED KREF+K-77 SVWZ+Miete November ABWE+Hans Meier 850,00', 'SEPA', 'sepa:KREF', 'K-77', 'Hans Meier'],
    ['SEPA-LASTSCHRIFT EREF+NOTPROVIDED MREF+M-88123 CRED+DE98ZZZ09999999999', 'DIRECT_DEBIT', 'sepa:MREF', 'M-88123', null],
    ['SEPA GUTSCHRIFT EREF+E2E-99 ABWA+ACME GMBH ABWE+OTHER SVWZ+RE 4471', 'SEPA', 'sepa:EREF', 'E2E-99', 'Acme'],
    ['SEPA-LASTSCHRIFT TELEKOM DEUTSCHLAND GMBH EREF+X1', 'DIRECT_DEBIT', 'sepa:EREF', 'X1', 'Telekom Deutschland'],
    ['PRLV SEPA EDF CLIENTS PARTICULIERS', 'DIRECT_DEBIT', null, null, 'Edf Clients Particuliers'],
    ['VIR SEPA RECU DE JEAN DUPONT', 'SEPA', null, null, 'Jean Dupont'],
    ['SEPA-LASTSCHRIFT AUFTRAGGEBER: STADTWERKE MUENCHEN EREF+A1', 'DIRECT_DEBIT', 'sepa:EREF', 'A1', 'Stadtwerke Muenchen'],
  ];
  for (const [text, type, rule, reference, counterparty] of cases) {
    const reading = parseSepa(text);
    assert.ok(reading, text);
    assert.equal(reading.type.value, type, text);
    assert.equal(reading.reference?.rule ?? null, rule, text);
    assert.equal(reading.reference?.value ?? null, reference, text);
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
  }
});

test('EREF is confident, KREF less, MREF (a mandate number) never; CRED is a party id', () => {
  const eref = parseSepa('SEPA EREF+A1 KREF+B2 MREF+C3 CRED+DE98ZZZ09999999999')!;
  assert.equal(eref.reference!.confidence, 0.97);
  assert.ok(parseSepa('SEPA KREF+B2')!.reference!.confidence < 0.95);
  assert.ok(parseSepa('SEPA MREF+C3')!.reference!.confidence < 0.95);
  assert.ok(eref.explainedIds.includes('DE98ZZZ09999999999'));
  const svwz = parseSepa('SEPA-LASTSCHRIFT SVWZ+Telekom Deutschland GmbH Rechnung')!;
  assert.ok(svwz.counterparty!.confidence < 0.95); // free text, a hint
  assert.equal(svwz.memo, 'Telekom Deutschland GmbH Rechnung');
  assert.equal(parseSepa('REWE SAGT DANKE 12,00'), null);
});
