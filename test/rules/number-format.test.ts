import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAmount, parseNumber } from '#src/rules/number-format.ts';

test('every grouping and decimal convention reads to the same digits', () => {
  const cases: [string, '.' | ',' | null, string | null, boolean][] = [
    // token, locale decimal mark, contract digits at 2 minor units (null: not money), ambiguous
    ['1,234.56', '.', '1234.56', false],
    ['1.234,56', ',', '1234.56', false],
    ['1.234,56', '.', '1234.56', false], // both marks present: the last is the decimal, whatever the locale
    ['1 234,56', ',', '1234.56', false],
    ["1'234.56", '.', '1234.56', false],
    ['1’234.56', null, '1234.56', false],
    ['1,00,000.00', '.', '100000.00', false], // Indian lakh grouping
    ['18,500.00', '.', '18500.00', false],
    ['39,95', ',', '39.95', false],
    ['39,95', '.', '39.95', false], // two digits after a lone comma: only a decimal
    ['6.75', null, '6.75', false],
    ['200', null, '200.00', false],
    ['0.92', null, '0.92', false],
    ['0,123', null, '0.123', false],
    ['1.234.567', ',', '1234567.00', false],
    ['1,234,567.8', '.', '1234567.80', false],
    ['1,234', '.', '1234.00', true],
    ['1,234', ',', '1.234', true],
    ['1.234', ',', '1234.00', true],
    ['1.234', null, '1234.00', true], // no locale: grouping, the likelier reading for money
    ['03.11', null, null, false], // a leading zero: a date or an id, not money
    ['03.11.2026', null, null, false],
    ['12.34.56', null, null, false],
    ['1,2345,678', null, null, false],
    ['1.234,56.78', null, null, false],
    ['1234567890123456', null, null, false], // 16 digits: an id
  ];
  for (const [token, mark, expected, ambiguous] of cases) {
    const parsed = parseNumber(token, mark);
    assert.equal(parsed ? formatAmount(parsed, 2) : null, expected, `${token} with ${mark}`);
    if (parsed) assert.equal(parsed.ambiguous, ambiguous, `${token} ambiguity`);
  }
});

test('the fraction is padded to the minor units and printed decimals are kept', () => {
  const cases: [string, number, string][] = [
    ['1200', 0, '1200'],
    ['1200', 2, '1200.00'],
    ['12.5', 2, '12.50'],
    ['1.250', 3, '1.250'],
    ['12.345', 2, '12.345'],
    ['0.5', 3, '0.500'],
  ];
  for (const [token, minor, expected] of cases) assert.equal(formatAmount(parseNumber(token, '.')!, minor), expected, token);
});
