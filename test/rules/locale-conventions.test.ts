import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateOrder, decimalMark, localeRegion } from '#src/rules/locale-conventions.ts';

test('the decimal mark follows the language, with regional exceptions', () => {
  const cases: [string | null, '.' | ',' | null][] = [
    ['en-US', '.'],
    ['en-GB', '.'],
    ['en-IN', '.'],
    ['de-DE', ','],
    ['fr-FR', ','],
    ['pt-BR', ','],
    ['es-ES', ','],
    ['de-CH', '.'],
    ['fr-CH', '.'],
    ['es-MX', '.'],
    ['fr-CA', ','],
    ['ja-JP', '.'],
    ['de_AT', ','],
    [null, null],
    ['', null],
    ['xx-YY', null],
    ['123', null],
  ];
  for (const [locale, mark] of cases) assert.equal(decimalMark(locale), mark, String(locale));
});

test('numeric dates are month first only where the region writes them so', () => {
  const cases: [string | null, 'month-first' | 'day-first' | null][] = [
    ['en-US', 'month-first'],
    ['es-US', 'month-first'],
    ['en-PH', 'month-first'],
    ['ja-JP', 'month-first'],
    ['en-GB', 'day-first'],
    ['en-IN', 'day-first'],
    ['de-DE', 'day-first'],
    ['pt-BR', 'day-first'],
    ['fr-FR', 'day-first'],
    ['en-CA', null],
    ['en', null],
    [null, null],
    ['zz', null],
  ];
  for (const [locale, order] of cases) assert.equal(dateOrder(locale), order, String(locale));
});

test('the region is read from any BCP-47 shape', () => {
  assert.equal(localeRegion('en-US'), 'US');
  assert.equal(localeRegion('zh-Hant-TW'), 'TW');
  assert.equal(localeRegion('pt_br'), 'BR');
  assert.equal(localeRegion('de'), null);
  assert.equal(localeRegion(null), null);
});
