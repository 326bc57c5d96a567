import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AMOUNT_STYLES,
  caps,
  contractAmount,
  fill,
  MONTHS,
  money,
  printDate,
  printsDate,
  signed,
  titleCase,
} from '#src/dev/generator/printing.ts';

test('amounts print in each market style; the contract form is plain', () => {
  assert.equal(money(123_450, AMOUNT_STYLES.us), '1,234.50');
  assert.equal(money(123_450, AMOUNT_STYLES.eu), '1.234,50');
  assert.equal(money(123_450, AMOUNT_STYLES.fr), '1 234,50');
  assert.equal(money(123_450, AMOUNT_STYLES.euPlain), '1234,50');
  assert.equal(money(1_850_000, AMOUNT_STYLES.lakh), '18,500.00');
  assert.equal(money(11_850_000, AMOUNT_STYLES.lakh), '1,18,500.00');
  assert.equal(money(1_234_567_801, AMOUNT_STYLES.us), '12,345,678.01');
  assert.equal(money(5, AMOUNT_STYLES.us), '0.05');
  assert.equal(contractAmount(123_450), '1234.50');
  assert.equal(contractAmount(-675), '6.75');
});

test('sign notations mark money out and money in', () => {
  assert.equal(signed('23.99', 'CREDIT', 'parensCredit'), '(23.99)');
  assert.equal(signed('23.99', 'DEBIT', 'parensCredit'), '23.99');
  assert.equal(signed('12.00', 'DEBIT', 'crdr'), '12.00 DR');
  assert.equal(signed('3.17', 'CREDIT', 'crdr'), '3.17 CR');
  assert.equal(signed('39,95', 'DEBIT', 'trailingMinus'), '39,95-');
  assert.equal(signed('5.00', 'CREDIT', 'plusMinus'), '+5.00');
  assert.equal(signed('5.00', 'DEBIT', 'minus'), '-5.00');
});

test('dates print day-first, month-first, compact and with month names', () => {
  assert.equal(printDate('2026-11-02', 'MM/DD'), '11/02');
  assert.equal(printDate('2026-11-02', 'DD.MM.YYYY'), '02.11.2026');
  assert.equal(printDate('2026-11-05', 'YYMMDD'), '261105');
  assert.equal(printDate('2026-11-05', 'MMDDYY'), '110526');
  assert.equal(printDate('2026-11-02', 'DDMONYY'), '02NOV26');
  assert.equal(printDate('2026-12-06', 'DD MON YYYY', MONTHS.es), '06 DIC 2026');
});

test('templates fill slots and date patterns, and say whether they print a date', () => {
  assert.equal(
    fill('CB {desc} {DD/MM} {amt} EUR', { vars: { desc: 'FNAC', amt: '45,80' }, date: '2026-11-04' }),
    'CB FNAC 04/11 45,80 EUR',
  );
  assert.throws(() => fill('{nope}', { date: '2026-11-04' }), /nope/);
  assert.equal(printsDate('CHECK #{no} {amt}'), false);
  assert.equal(printsDate('ATM {place} {MM/DD} {amt}'), true);
  assert.equal(printsDate('PAY {MON} {DD}'), true);
});

test('names print in capitals without accents and read back title-cased', () => {
  assert.equal(caps('Léa Müller-Straße'), 'LEA MULLER-STRASSE');
  assert.equal(titleCase("PRIYA SHARMA O'NEIL"), "Priya Sharma O'Neil");
});
