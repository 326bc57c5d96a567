import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasCardShape, ibanChecksumValid, luhnValid, maskSecrets } from '#src/prepare/mask-secrets.ts';

const masks = (cases: [string, string][]) => {
  for (const [input, expected] of cases) assert.equal(maskSecrets(input).masked, expected, input);
};
const untouched = (inputs: string[]) => {
  for (const input of inputs) assert.deepEqual(maskSecrets(input), { masked: input, secrets: [] }, input);
};

test('Luhn and card-scheme shape', () => {
  for (const valid of [
    '4111111111111111',
    '5555555555554444',
    '378282246310005',
    '6011111111111117',
    '30569309025904',
    '4222222222222',
    '3530111333300000',
    '2223003122003222',
    '6200000000000005',
    '4111111111111111110',
  ]) {
    assert.ok(luhnValid(valid) && hasCardShape(valid), valid);
  }
  assert.equal(luhnValid('4111111111111112'), false);
  // Luhn-valid, but no card scheme starts like this: an ACH trace number, zeros, a 15-digit 6x trace.
  for (const notCard of ['021000021234567', '0000000000000000', '1234567812345670', '611000021234563']) {
    assert.ok(luhnValid(notCard), notCard);
    assert.equal(hasCardShape(notCard), false, notCard);
  }
});

test('card numbers: contiguous or grouped, Luhn-valid, scheme-shaped', () => {
  masks([
    ['SHELL OIL 57442 HOUSTON TX 11/01 CARD 4111 1111 1111 1111 48.12', 'SHELL OIL 57442 HOUSTON TX 11/01 CARD [CARD] 48.12'],
    ['KARTE 5555-5555-5555-4444 REWE', 'KARTE [CARD] REWE'],
    ['AMEX 3782 822463 10005 / DINERS 3056 930902 5904', 'AMEX [CARD] / DINERS [CARD]'],
    ['CARD#4111111111111111 VISA13 4222222222222', 'CARD#[CARD] VISA13 [CARD]'],
    ['CARTAO 4000056655665556 COMPRA', 'CARTAO [CARD] COMPRA'],
    ['19 DIGITS 4111111111111111110.', '19 DIGITS [CARD].'],
    // The trailing 3-digit group is not the card's: the 16-digit prefix is.
    ['CARD 4111 1111 1111 1111 123 48.12', 'CARD [CARD] 123 48.12'],
  ]);
  assert.deepEqual(maskSecrets('A 4111111111111111 B 5555555555554444').secrets, ['CARD', 'CARD']);
});

test('digit runs that are not cards are kept', () => {
  untouched([
    'CARD 4111111111111112 BAD LUHN',
    'ACH TRACE 021000021234567 PPD ID: 9876543210',
    'TRACE 611000021234563',
    'UPI/DR/631245789012/AMAZON',
    'IMAD: 20261105MMQFMP2L000123',
    'PIX E2E E18236120202611051234abcdef0001',
    'UETR 8a562c67-ca16-48ba-b074-65581be6f011 UETR 12345678-1234-4123-8123-123456789012',
    'ID 41111111111111111111 (20 digits)',
    'AMT 4111111111111111.00',
    'ALREADY SAFE 4111XXXXXXXX1111 ****1111 4111 **** **** 1111',
    'REF4111111111111111 glued to a word',
    'MIXED 4111 1111-1111 1111 separators',
  ]);
});

test('IBANs: known country, its exact length, mod-97 check; spaced or compact', () => {
  assert.ok(ibanChecksumValid('DE89370400440532013000'));
  assert.equal(ibanChecksumValid('DE89370400440532013001'), false);
  masks([
    ['UEBERWEISUNG IBAN DE89370400440532013000 BIC COBADEFFXXX', 'UEBERWEISUNG IBAN [IBAN] BIC COBADEFFXXX'],
    ['IBAN: DE89 3704 0044 0532 0130 00 BETRAG 12,00 EUR', 'IBAN: [IBAN] BETRAG 12,00 EUR'],
    ['VIREMENT FR14 2004 1010 0505 0001 3M02 606 LOYER', 'VIREMENT [IBAN] LOYER'],
    ['TRANSFERENCIA ES9121000418450200051332 ALQUILER', 'TRANSFERENCIA [IBAN] ALQUILER'],
    ['TRF PT50000201231234567890154', 'TRF [IBAN]'],
    ['PIX BR1800360305000010009795493C1', 'PIX [IBAN]'],
    ['GIRO NL91ABNA0417164300/GB29 NWBK 6016 1331 9268 19', 'GIRO [IBAN]/[IBAN]'],
    // The spaced candidate runs into "SEPA"; the country length cuts it at the group boundary.
    ['BE68 5390 0754 7034 SEPA', '[IBAN] SEPA'],
    ['IBAN+CH9300762011623852957 SVWZ+x', 'IBAN+[IBAN] SVWZ+x'],
  ]);
  assert.deepEqual(maskSecrets('IBAN DE89370400440532013000').secrets, ['IBAN']);
  untouched([
    'IBAN DE89370400440532013001 WRONG CHECK DIGITS',
    'IBAN DE89 3704 0044 0532 0130 01',
    'CRED+DE98ZZZ09999999999 SEPA CREDITOR ID',
    'XX89370400440532013000 UNKNOWN COUNTRY',
    'DE8937040044053201300 TOO SHORT FOR DE',
    'de89370400440532013000 lower case',
  ]);
});

test('e-mail addresses need a dotted domain; UPI VPAs are payment handles and stay', () => {
  masks([
    ['PAYPAL *JOHN.DOE@GMAIL.COM 11/02 12.00', 'PAYPAL *[EMAIL] 11/02 12.00'],
    ['ZELLE TO maria.lopez@empresa.es CONF 123', 'ZELLE TO [EMAIL] CONF 123'],
    ['INVOICE a+b_c@mail.example.co.uk.', 'INVOICE [EMAIL].'],
  ]);
  assert.deepEqual(maskSecrets('x@y.io').secrets, ['EMAIL']);
  untouched([
    'UPI/CR/631245789012/PRIYA SHARMA/SBIN/priya@oksbi/Rent Nov',
    'UPI-9876543210@ybl-PAYMENT',
    'UPI merchant.name@okhdfcbank 250.00',
    'AWS.AMAZON.CO WA @ HOME',
  ]);
});

test('phone numbers: + country code, North American shape, or labelled national form', () => {
  masks([
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
  ]);
  assert.deepEqual(maskSecrets('TEL 0171 1234567 +44 20 7946 0958').secrets, ['PHONE', 'PHONE']);
});

test('amounts, dates, references and ids are never phone numbers', () => {
  untouched([
    'CREDIT +200.00 +1,234.56 +1234567.89 +12 345 678,90',
    'DATES 2026-11-05 11-05-2026 03.11.2026 02NOV26 14:32:05',
    'ACH PPD ID: 9876543210 TRACE 021000021234567',
    'UPI RRN 631245789012',
    'IMAD: 20261105MMQFMP2L000123 OMAD 20261105QMGFT015000456',
    'SORT CODE 20-00-00 SSN 123-45-6789 INV-2026-10-4471',
    'EREF+4915112345678 MREF+M-88123',
    'AREA CODE 021-555-0199 NOT NANP',
    'WALMART.COM 8009256278 AR',
    'UETR 12345678-1234-4123-8123-123456789012',
    'TEL NONE GIVEN',
    'TEL 11/02/2026 PHONE 2026-11-05 PH 1.234.567,89',
  ]);
});

test('several kinds in one line, reported left to right, values never kept', () => {
  const { masked, secrets } = maskSecrets('REFUND john@x.com CARD 4111111111111111 TEL +44 20 7946 0958 TO DE89370400440532013000');
  assert.equal(masked, 'REFUND [EMAIL] CARD [CARD] TEL [PHONE] TO [IBAN]');
  assert.deepEqual(secrets, ['EMAIL', 'CARD', 'PHONE', 'IBAN']);
});
