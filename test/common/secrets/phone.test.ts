import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretsIn } from '#src/common/secrets/find-secrets.ts';
import { IN_NARRATIVES } from '#src/common/secrets/policy.ts';

const masked = (text: string) => maskSecretsIn(text, IN_NARRATIVES).masked;

test('phone numbers: + country code, North American shape, or labelled national form', () => {
  const cases: [string, string][] = [
    ['NETFLIX.COM 866-579-7172 CA 11/03 15.49', 'NETFLIX.COM [PHONE] CA 11/03 15.49'],
    ['HELP (866) 579-7172', 'HELP [PHONE]'],
    ['CALL 1-800-555-0199 OR 866.579.7172', 'CALL [PHONE] OR [PHONE]'],
    ['SUPPORT +1 (866) 579-7172 OAKLAND', 'SUPPORT [PHONE] OAKLAND'],
    ['UK +44 20 7946 0958 25.00 GBP', 'UK [PHONE] 25.00 GBP'],
    ['DE +4915112345678 MOBIL', 'DE [PHONE] MOBIL'],
    ['FR +33 1 23 45 67 89', 'FR [PHONE]'],
    ['ES +34 612 34 56 78 BIZUM', 'ES [PHONE] BIZUM'],
    ['PT +351 912 345 678', 'PT [PHONE]'],
    ['IN +91 98765 43210 UPI', 'IN [PHONE] UPI'],
    ['BR +55 11 91234-5678 PIX', 'BR [PHONE] PIX'],
    ['TEL 0171 1234567 BERLIN', 'TEL [PHONE] BERLIN'],
    ['Tél. 01 23 45 67 89', 'Tél. [PHONE]'],
    ['PH: 020 7946 0958', 'PH: [PHONE]'],
    ['TELEFONE (11) 91234-5678', 'TELEFONE [PHONE]'],
    ['MOB 98765 43210 RECHARGE', 'MOB [PHONE] RECHARGE'],
    ['PHONE NO. 0171/1234567', 'PHONE NO. [PHONE]'],
  ];
  for (const [input, expected] of cases) assert.equal(masked(input), expected, input);
  assert.deepEqual(maskSecretsIn('TEL 0171 1234567 +44 20 7946 0958', IN_NARRATIVES).secrets, ['PHONE', 'PHONE']);
});

test('amounts, dates, references and ids are never phone numbers', () => {
  for (const input of [
    'CREDIT +200.00 +1,234.56 +1234567.89 +12 345 678,90',
    'DATES 2026-11-05 11-05-2026 03.11.2026 02NOV26 14:32:05',
    'ACH PPD ID: 9876543210 TRACE 021000021234567',
    'ACH PPD ID: 9876543210 CUSTOMER 98765 43210',
    'UPI RRN 631245789012',
    'IMAD: 20261105MMQFMP2L000123 OMAD 20261105QMGFT015000456',
    'SORT CODE 20-00-00 SSN 123-45-6789 INV-2026-10-4471',
    'EREF+4915112345678 MREF+M-88123',
    'AREA CODE 021-555-0199 NOT NANP',
    'WALMART.COM 8009256278 AR',
    'UETR 12345678-1234-4123-8123-123456789012',
    'TEL NONE GIVEN',
    'TEL 11/02/2026 PHONE 2026-11-05 PH 1.234.567,89',
  ]) {
    assert.equal(masked(input), input);
  }
});
