import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAmount } from '#src/rules/amount.ts';
import { readCurrency } from '#src/rules/currency.ts';
import { allMarks, markEndingAt, markStartingAt, minorUnits } from '#src/rules/currency-codes.ts';

const read = (text: string, locale: string | null, currencyHint: string | null) => {
  const input = { text, locale, statementDate: null, currencyHint };
  return readCurrency(input, readAmount(input).posted);
};

test('the currency comes from the posted amount, then the account, then the locale', () => {
  const cases: [string, string | null, string | null, string | null, number, string][] = [
    // text, locale, hint, currency, confidence, rule
    ['AWS USD 412.07', 'en-US', 'USD', 'USD', 0.98, 'currency:printed'],
    ['CB CARREFOUR 45,80 EUR', 'fr-FR', null, 'EUR', 0.98, 'currency:printed'],
    ['PIX R$ 1.250,00', 'pt-BR', 'BRL', 'BRL', 0.98, 'currency:printed'],
    ['AMAZON £12.00', 'en-GB', 'GBP', 'GBP', 0.98, 'currency:printed'],
    ['HOTEL CHF 120.00', 'de-DE', 'EUR', 'CHF', 0.85, 'currency:printed-not-account'],
    ['SQ *BLUE BOTTLE $6.75', 'en-US', 'USD', 'USD', 0.97, 'currency:symbol+account'],
    ['TIM HORTONS $4.50', 'en-CA', 'CAD', 'CAD', 0.97, 'currency:symbol+account'],
    ['STARBUCKS $4.50', 'en-US', null, 'USD', 0.85, 'currency:symbol+locale'],
    ['STARBUCKS $4.50', null, 'EUR', 'USD', 0.6, 'currency:symbol-default'],
    ['RAKUTEN ¥1,200', 'ja-JP', 'JPY', 'JPY', 0.97, 'currency:symbol+account'],
    ['ATM WITHDRAWAL -200.00', 'en-US', 'USD', 'USD', 0.95, 'currency:account'],
    ['USD 50.00 @ 0.92 = 46.00', 'de-DE', 'EUR', 'EUR', 0.7, 'currency:account-but-other-printed'],
    ['FEE 12.00 USD 3.00', 'en-US', null, 'USD', 0.98, 'currency:printed'],
    ['STORE 12.00 ORIG EUR 3.00', null, null, 'EUR', 0.8, 'currency:printed-elsewhere'],
    ['FEE 12.00', 'en-GB', null, 'GBP', 0.5, 'currency:locale-guess'],
    ['FEE 12.00', null, null, null, 0.3, 'currency:unknown'],
    ['CAD SOFTWARE 12.00', null, 'USD', 'USD', 0.95, 'currency:account'], // "CAD" is not beside a number
  ];
  for (const [text, locale, hint, currency, confidence, rule] of cases) {
    assert.deepEqual(read(text, locale, hint), { value: currency, confidence, rule }, text);
  }
});

test('marks are found beside numbers only, longest symbol first', () => {
  assert.deepEqual(markEndingAt('R$ 5', 2)?.codes, ['BRL']);
  assert.deepEqual(markEndingAt('US$5', 3)?.codes, ['USD']);
  assert.equal(markEndingAt('WORKS5', 5), null); // "kr" inside a word
  assert.deepEqual(markStartingAt('5 EUR', 2)?.codes, ['EUR']);
  assert.equal(markStartingAt('5 EURO', 2), null);
  assert.equal(markStartingAt('5 try', 2), null); // word-like codes only in upper case
  assert.deepEqual(
    allMarks('USD 50.00 @ 0.92 = EUR 46.00 FOR CAD SOFTWARE').map((m) => m.codes[0]),
    ['USD', 'EUR'],
  );
  assert.deepEqual([minorUnits('JPY'), minorUnits('KWD'), minorUnits('EUR'), minorUnits('XYZ'), minorUnits(null)], [0, 3, 2, 2, 2]);
});
