import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findTypeMarker, isOwnAccountTransfer } from '#src/rules/type-markers.ts';

test('type words are found in five languages, by the contract precedence', () => {
  const cases: [string, string | null, string | null][] = [
    // text, type, check number
    ['REFUND AMAZON MKTPL', 'REFUND', null],
    ['FEE REVERSAL', 'REFUND', null],
    ['CHARGEBACK MERCHANT', 'REFUND', null],
    ['STEUERERSTATTUNG FINANZAMT', 'REFUND', null],
    ['REMBOURSEMENT SNCF', 'REFUND', null],
    ['ESTORNO COMPRA', 'REFUND', null],
    ['DEVOLUCIÓN ZARA', 'REFUND', null],
    ['PAYROLL ACME', 'PAYROLL', null],
    ['ACME DIR DEP', 'PAYROLL', null],
    ['GEHALT OKTOBER', 'PAYROLL', null],
    ['NÓMINA OCTUBRE', 'PAYROLL', null],
    ['SALÁRIO', 'PAYROLL', null],
    ['INTEREST PAID', 'INTEREST', null],
    ['HABENZINSEN', 'INTEREST', null],
    ['JUROS', 'INTEREST', null],
    ['INTÉRÊTS CREDITEURS', 'INTEREST', null],
    ['MONTHLY SERVICE FEE', 'FEE', null],
    ['KONTOFUEHRUNGSGEBUEHR', 'FEE', null],
    ['FRAIS TENUE DE COMPTE', 'FEE', null],
    ['TARIFA PACOTE', 'FEE', null],
    ['COMISIÓN MANTENIMIENTO', 'FEE', null],
    ['ATM WITHDRAWAL', 'ATM', null],
    ['RETRAIT DAB PARIS', 'ATM', null],
    ['SAQUE 24H', 'ATM', null],
    ['GELDAUTOMAT', 'ATM', null],
    ['CHECK # 1234', 'CHECK', '1234'],
    ['CHEQUE NO. 000567', 'CHECK', '000567'],
    ['CHQ 889', 'CHECK', '889'],
    ['PAYROLL FEE REFUND', 'REFUND', null],
    ['PAYROLL SERVICE FEE', 'PAYROLL', null],
    ['INTEREST FEE', 'INTEREST', null],
    ['ATM FEE', 'FEE', null],
    ['GELDAUTOMAAT UTRECHT', 'ATM', null],
    ['ABM WITHDRAWAL', 'ATM', null],
    ['KOSTEN BETAALPAS', 'FEE', null],
    ['NEFT CHARGES', 'FEE', null],
    ['RENTEBIJSCHRIJVING', 'INTEREST', null],
    ['RENDIMENTO POUPANCA', 'INTEREST', null],
    ['SB INT CREDIT', 'INTEREST', null],
    ['RUECKBUCHUNG LASTSCHRIFT', 'REFUND', null],
    ['DISPUTE CREDIT AMAZON', 'REFUND', null],
    ['CHECKCARD 1102 STARBUCKS', null, null],
    ['COFFEE SHOP', null, null],
    ['STARBUCKS', null, null],
    ['LOHNSTEUER', null, null],
  ];
  for (const [text, type, check] of cases) {
    const marker = findTypeMarker(text);
    assert.equal(marker?.type ?? null, type, text);
    assert.equal(marker?.checkNumber ?? null, check, `${text} check number`);
  }
  assert.ok(findTypeMarker('CHECK DEPOSIT')!.confidence < findTypeMarker('CHECK # 1234')!.confidence);
});

test('own-account moves are recognised', () => {
  const yes = [
    'ONLINE TRANSFER TO SAVINGS 1234',
    'TRANSFER FROM CHK 5678',
    'UMBUCHUNG',
    'VIREMENT INTERNE',
    'TRASPASO ENTRE CUENTAS',
    'TRANSF ENTRE CONTAS',
    'OWN ACCOUNT TRANSFER',
  ];
  const no = ['TRANSFER TO J SMITH', 'SEPA-UEBERWEISUNG', 'PAYMENT TO SAVINGS CLUB LTD'];
  for (const text of yes) assert.ok(isOwnAccountTransfer(text), text);
  for (const text of no) assert.ok(!isOwnAccountTransfer(text), text);
});
