import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSepa } from '#src/rules/rails/sepa.ts';

test('SEPA lines: type, reference by precedence, counterparty by field', () => {
  const cases: [string, string, string | null, string | null, string | null][] = [
    // text, type, reference rule, reference, counterparty
    [
      'SEPA-LASTSCHRIFT EREF+INV-2026-10-4471 MREF+M-88123 CRED+DE98ZZZ09999999999 SVWZ+Telekom Deutschland GmbH Rechnung 10/2026 BETRAG 39,95 EUR',
      'DIRECT_DEBIT',
      'sepa:EREF',
      'INV-2026-10-4471',
      'Telekom Deutschland',
    ],
    ['SEPA-UEBERWEISUNG EREF+NOTPROVIDED KREF+K-77 SVWZ+Miete November ABWE+Hans Meier 850,00', 'SEPA', 'sepa:KREF', 'K-77', 'Hans Meier'],
    ['SEPA-LASTSCHRIFT EREF+NOTPROVIDED MREF+M-88123 CRED+DE98ZZZ09999999999', 'DIRECT_DEBIT', 'sepa:MREF', 'M-88123', null],
    ['SEPA GUTSCHRIFT EREF+E2E-99 ABWA+ACME GMBH ABWE+OTHER SVWZ+RE 4471', 'SEPA', 'sepa:EREF', 'E2E-99', 'Acme'],
    ['SEPA-LASTSCHRIFT TELEKOM DEUTSCHLAND GMBH EREF+X1', 'DIRECT_DEBIT', 'sepa:EREF', 'X1', 'Telekom Deutschland'],
    ['PRLV SEPA EDF CLIENTS PARTICULIERS', 'DIRECT_DEBIT', null, null, 'Edf Clients Particuliers'],
    ['VIR SEPA RECU DE JEAN DUPONT', 'SEPA', null, null, 'Jean Dupont'],
    ['SEPA-LASTSCHRIFT AUFTRAGGEBER: STADTWERKE MUENCHEN EREF+A1', 'DIRECT_DEBIT', 'sepa:EREF', 'A1', 'Stadtwerke Muenchen'],
    [
      'SEPA-GUTSCHRIFT VON Anna Schmidt EREF+RG1 IBAN+[IBAN] BIC+X SVWZ+Danke 01.11.2026 50,00 EUR',
      'SEPA',
      'sepa:EREF',
      'RG1',
      'Anna Schmidt',
    ],
    [
      'GUTSCHRIFT ACME GMBH Rechnung 4711 IBAN: [IBAN] BIC: X END-TO-END-REF.: E2E-1 KUNDENREFERENZ: K-2 01.11. 10,00',
      'SEPA',
      'sepa:EREF',
      'E2E-1',
      null,
    ],
    [
      '/TRTP/SEPA OVERBOEKING/IBAN/[IBAN]/BIC/RABONL2U/NAME/DAAN DE VRIES/REMI/boodschappen/EREF/RGCDBP2XBK 10-11-2026 +197,00',
      'SEPA',
      'sepa:EREF',
      'RGCDBP2XBK',
      'Daan De Vries',
    ],
    [
      'SEPA OVERBOEKING IBAN: [IBAN] BIC: X NAAM: EMMA JANSEN OMSCHRIJVING: huur KENMERK: K1 07-11-2026 350,00 Bij',
      'SEPA',
      'sepa:EREF',
      'K1',
      'Emma Jansen',
    ],
    [
      '03/11 VIR SEPA EMIS /A LUCAS MARTIN /MOTIF Remboursement resto /REF RGC2HWMW2Y -24,59',
      'SEPA',
      'sepa:EREF',
      'RGC2HWMW2Y',
      'Lucas Martin',
    ],
    ['03/11 VIR SEPA RECU /DE LUCAS MARTIN /MOTIF Merci /REF NOTPROVIDED 205,00', 'SEPA', null, null, 'Lucas Martin'],
    [
      'TRANSFERENCIA EMITIDA A Marta Gómez CONCEPTO cumple REF RGJVLAXNZL 03/11/2026 114,66 EUR',
      'SEPA',
      'sepa:EREF',
      'RGJVLAXNZL',
      'Marta Gómez',
    ],
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
  assert.equal(parseSepa('VIR SEPA RECU /DE X /MOTIF Remboursement resto /REF R1 5,00')!.memo, 'Remboursement resto');
  assert.equal(parseSepa('/TRTP/SEPA OVERBOEKING/NAME/A B/REMI/boodschappen/EREF/R1 1,00')!.memo, 'boodschappen');
});
