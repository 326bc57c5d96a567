import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectRail } from '#src/rules/rails/detect-rail.ts';
import { applicableMarker, readType } from '#src/rules/transaction-type.ts';

const typeOf = (text: string) => {
  const rail = detectRail(text);
  const marker = applicableMarker(text, rail);
  return readType(marker, rail, false);
};

test('the contract precedence, read with the rail in mind', () => {
  const cases: [string, string | null, number][] = [
    // text, type, lowest confidence
    ['ACH CREDIT ACME PAYROLL PPD ID: 1234567890 TRACE 021000021234567', 'PAYROLL', 0.95],
    ['NON-CHASE ATM FEE REVERSAL 11/12 3.00', 'REFUND', 0.95],
    ['MONTHLY SERVICE FEE 12.00 DR', 'FEE', 0.95],
    ['NEFT CHARGES 21-11-2026 25.00 DR', 'FEE', 0.95], // no party named: the bank's own charge
    ['FPS PAYMENT TO KINGSWAY ESTATES LTD REF CONSULTING FEES NOV 948.15 GBP', 'FASTER_PAYMENT', 0.95],
    ['PRLV SEPA ORANGE SA COTISATION NOV 29,69', 'DIRECT_DEBIT', 0.95],
    ['VIR SEPA RECU /DE LUCAS MARTIN /MOTIF Remboursement resto /REF NOTPROVIDED 205,00', 'SEPA', 0.95],
    ['MT103 INCOMING :20:JKP3 :32A:261104EUR5980,58 :50K:BRIGHTWATER CONSULTING LTD :59:ORBIT GMBH :70:CONSULTING FEES NOV', 'WIRE', 0.95],
    ['LOHN/GEHALT ACME GMBH EREF+E1 SVWZ+Gehalt NOV 2026 2.500,00', 'PAYROLL', 0.95],
    ['VIR SEPA RECU /DE ACME /MOTIF SALAIRE NOV /REF E1 2.000,00', 'PAYROLL', 0.95], // a salary memo makes it payroll
    ['RUECKBUCHUNG LASTSCHRIFT Vodafone GmbH EREF: 0625 MREF: MDT2 25,37', 'REFUND', 0.95],
  ];
  for (const [text, type, min] of cases) {
    const reading = typeOf(text);
    assert.equal(reading.value, type, text);
    assert.ok(reading.confidence >= min, `${text}: ${reading.confidence}`);
  }
});

test("a fee word on a card line may be the merchant's, so it is never confident there", () => {
  for (const text of ['PF CLUB FEES HAMPTON NH 01/13 $10.00', 'POS PURCHASE PF CLUB FEES HAMPTON NH ON 11/10/26 USD 49.00']) {
    const reading = typeOf(text);
    assert.equal(reading.value, 'FEE', text);
    assert.ok(reading.confidence < 0.95, text);
  }
  assert.deepEqual(readType(null, null, true), { value: 'TRANSFER', confidence: 0.95, rule: 'type:own-account' });
  assert.deepEqual(readType(null, null, false), { value: null, confidence: 0.2, rule: 'type:unknown' });
});

test('a fee word that names a field, or comes after the words that say what the line is, is a hint, not the type', () => {
  const weak = [
    'gpi OUTGOING PAYMENT Beneficiary: PINECREST PROPERTY MANAGEMENT Charges: OUR Settled: GBP 7,320.52',
    'WT FED#04521 JPMORGAN CHASE /FTR/BNF=GLOBEX LLC SRF# 0987 WIRE FEE USD 25.00 USD 12,000.00',
  ];
  for (const text of weak) {
    const reading = typeOf(text);
    assert.ok(reading.confidence < 0.95, `${text}: ${reading.value} ${reading.confidence} (${reading.rule})`);
  }
  for (const text of ['MONTHLY SERVICE FEE 12.00 DR', 'FOREIGN TRANSACTION FEE 1.23', 'GROSS INTEREST 04NOV26 0.17']) {
    assert.ok(typeOf(text).confidence >= 0.95, text);
  }
});
