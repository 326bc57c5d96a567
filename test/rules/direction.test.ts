import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineDirection, keywordEvidence, signEvidence } from '#src/rules/direction.ts';

const fromWords = (text: string) => combineDirection(keywordEvidence(text), null);

test('wording in five languages states the direction', () => {
  const cases: [string, 'DEBIT' | 'CREDIT'][] = [
    ['PIX RECEBIDO JOAO', 'CREDIT'],
    ['PIX ENVIADO MARIA', 'DEBIT'],
    ['BIZUM RECIBIDO DE JUAN', 'CREDIT'],
    ['SEPA GUTSCHRIFT ACME', 'CREDIT'],
    ['SEPA-LASTSCHRIFT TELEKOM', 'DEBIT'],
    ['SEPA-UEBERWEISUNG MIETE', 'DEBIT'],
    ['GUTSCHRIFT UEBERWEISUNG ACME', 'CREDIT'],
    ['VIR SEPA RECU DE X', 'CREDIT'],
    ['VIREMENT ÉMIS', 'DEBIT'],
    ['PRLV SEPA EDF', 'DEBIT'],
    ['ACHAT CB CARREFOUR', 'DEBIT'],
    ['RETRAIT DAB', 'DEBIT'],
    ['REMBOURSEMENT SNCF', 'CREDIT'],
    ['ABONO NOMINA', 'CREDIT'],
    ['COMPRA TARJETA', 'DEBIT'],
    ['SAQUE 24H', 'DEBIT'],
    ['ESTORNO COMPRA', 'CREDIT'],
    ['PAYROLL ACME', 'CREDIT'],
    ['DIR DEP ACME', 'CREDIT'],
    ['DEPOSIT BRANCH', 'CREDIT'],
    ['REFUND AMAZON', 'CREDIT'],
    ['PAYMENT TO J SMITH', 'DEBIT'],
    ['PAYMENT FROM ACME', 'CREDIT'],
    ['ATM WITHDRAWAL', 'DEBIT'],
    ['DEBIT CARD PURCHASE', 'DEBIT'],
    ['ACH DEBIT CONED', 'DEBIT'],
    ['ACH CREDIT ACME', 'CREDIT'],
    ['FEDWIRE CREDIT', 'CREDIT'],
    ['INTEREST PAID', 'CREDIT'],
    ['INTEREST CHARGED', 'DEBIT'],
    ['MONTHLY SERVICE FEE', 'DEBIT'],
    ['KONTOFUEHRUNGSGEBUEHR', 'DEBIT'],
    ['ERSTATTUNG', 'CREDIT'],
    ['CHECK # 1234', 'DEBIT'],
    ['RUECKLASTSCHRIFT', 'CREDIT'],
    ['BARGELDAUSZAHLUNG GA', 'DEBIT'],
    ['GELDAUTOMAAT UTRECHT', 'DEBIT'],
    ['UMBUCHUNG VON KONTO', 'CREDIT'],
    ['UMBUCHUNG AUF KONTO', 'DEBIT'],
    ['GROSS INTEREST', 'CREDIT'],
    ['SB INT CREDIT', 'CREDIT'],
    ['KOSTEN EXTRA BETAALPAS', 'DEBIT'],
    ['NEFT CHARGES', 'DEBIT'],
    ['ATM FEE REVERSAL', 'DEBIT'], // reversal handled by the composer
  ];
  for (const [text, direction] of cases) assert.equal(fromWords(text).value, direction, text);
});

test('agreeing evidence adds up; contradicting evidence is never confident', () => {
  const cases: [string, Parameters<typeof signEvidence>[0], 'DEBIT' | 'CREDIT' | null, number, number][] = [
    // text, amount sign, direction, confidence range
    ['INTEREST PAID', 'CR', 'CREDIT', 0.99, 0.99],
    ['MONTHLY SERVICE FEE', 'DR', 'DEBIT', 0.99, 0.99],
    ['ATM WITHDRAWAL', 'minus', 'DEBIT', 0.99, 0.99],
    ['REFUND AMAZON', 'parentheses', 'CREDIT', 0.98, 0.99],
    ['ADJUSTMENT', 'CR', 'CREDIT', 0.97, 0.97],
    ['ADJUSTMENT', 'minus', 'DEBIT', 0.75, 0.75], // a minus is a credit on some card feeds
    ['ADJUSTMENT', 'plus', 'CREDIT', 0.75, 0.75],
    ['ADJUSTMENT', 'trailing-minus', 'DEBIT', 0.9, 0.9],
    ['OVERDRAFT FEE', null, 'DEBIT', 0.95, 0.95],
    ['PAYMENT TO J SMITH', 'CR', 'CREDIT', 0.4, 0.7],
    ['ATM DEPOSIT', null, 'CREDIT', 0.9, 0.95], // not contradicted: "ATM" alone is skipped before DEPOSIT
    ['SOMETHING', null, null, 0.3, 0.3],
  ];
  for (const [text, sign, direction, min, max] of cases) {
    const reading = combineDirection([...keywordEvidence(text), ...signEvidence(sign)], null);
    assert.equal(reading.value, direction, text);
    assert.ok(reading.confidence >= min && reading.confidence <= max, `${text}: ${reading.confidence}`);
  }
});

test('the fallback speaks only when nothing else does', () => {
  const fallback = { value: 'DEBIT' as const, strength: 0.85, rule: 'direction:card-purchase-default' };
  assert.deepEqual(combineDirection([], fallback), { value: 'DEBIT', confidence: 0.85, rule: 'direction:card-purchase-default' });
  assert.equal(combineDirection(keywordEvidence('REFUND AMAZON'), fallback).value, 'CREDIT');
});
