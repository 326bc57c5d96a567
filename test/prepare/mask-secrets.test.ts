import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasCardShape, luhnValid } from '#src/common/secrets/card-number.ts';
import { asciiDigits } from '#src/common/secrets/digits.ts';
import { ibanChecksumValid } from '#src/common/secrets/iban.ts';
import { maskSecrets } from '#src/prepare/mask-secrets.ts';
import { normalise } from '#src/prepare/normalise.ts';

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
    // No amount has 16 digits before its decimals: a card printed so is still a card.
    ['AMT 4111111111111111.00', 'AMT [CARD].00'],
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
    'ALREADY SAFE 4111XXXXXXXX1111 ****1111 4111 **** **** 1111',
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

/** What prepare() does before masking: invisible characters out, NFKC, white space collapsed. */
const maskedAfterNormalising = (text: string) => maskSecrets(normalise(text)).masked;

test('the shapes a card, an IBAN or an e-mail slipped through before are all masked', () => {
  const cases: [string, string][] = [
    // Cards: any separator, mixed, any grouping a card is printed in, glued to words, any digits.
    ['PAID 4111 1111-1111 1111 THANKS', 'PAID [CARD] THANKS'],
    ['CARD 4111.1111.1111.1111 OK', 'CARD [CARD] OK'],
    ['CARD 4111/1111/1111/1111 OK', 'CARD [CARD] OK'],
    ['CARD 4111 - 1111 - 1111 - 1111 OK', 'CARD [CARD] OK'],
    ['CARD 4111_1111_1111_1111 OK', 'CARD [CARD] OK'],
    ['CARD 4111\u20131111\u20131111\u20131111 EN DASHES', 'CARD [CARD] EN DASHES'],
    ['CARD 41 11 11 11 11 11 11 11 PAIRS', 'CARD [CARD] PAIRS'],
    ['CARD 422 222 222 222 2 TRIPLES', 'CARD [CARD] TRIPLES'],
    ['CARD 411111 111111 1111 SIXES', 'CARD [CARD] SIXES'],
    ['AMEX 3782.822463.10005 DINERS 3056-930902-5904', 'AMEX [CARD] DINERS [CARD]'],
    ['VISA13 4222 2222 2222 2 VISA19 4111 1111 1111 1111 110', 'VISA13 [CARD] VISA19 [CARD]'],
    ['CARD 4111\u200b1111\u200b1111\u200b1111 ZERO WIDTH', 'CARD [CARD] ZERO WIDTH'],
    ['CARD 41\u200c11 11\u200d11 1111 \u2060111\ufeff1 JOINERS', 'CARD [CARD] JOINERS'],
    ['CARD \u202e4111 1111 1111 1111\u202c BIDI', 'CARD [CARD] BIDI'],
    ['CARD 4111\u00ad1111\u00ad1111\u00ad1111 SOFT HYPHENS', 'CARD [CARD] SOFT HYPHENS'],
    [
      'CARD \uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 FULL WIDTH',
      'CARD [CARD] FULL WIDTH',
    ],
    [
      'CARD \uff14\uff11\uff11\uff11\uff0d\uff11\uff11\uff11\uff11\uff0d\uff11\uff11\uff11\uff11\uff0d\uff11\uff11\uff11\uff11',
      'CARD [CARD]',
    ],
    [
      'CARD \u0664\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 ARABIC-INDIC',
      'CARD [CARD] ARABIC-INDIC',
    ],
    [
      'CARD \u096a\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967 DEVANAGARI',
      'CARD [CARD] DEVANAGARI',
    ],
    ['CARD 4111 \u0967\u0967\u0967\u0967 1111 \uff11\uff11\uff11\uff11 MIXED SCRIPTS', 'CARD [CARD] MIXED SCRIPTS'],
    [
      'CARD\u{1d7d2}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}',
      'CARD[CARD]',
    ],
    ['CARD4111111111111111', 'CARD[CARD]'],
    ['PAID WITH 4111111111111111EXP1228', 'PAID WITH [CARD]EXP1228'],
    ['CARD4111-1111-1111-1111EXP1228CVV123', 'CARD[CARD]EXP1228CVV123'],
    ['REF4111111111111111 glued to a word', 'REF[CARD] glued to a word'],
    ['MC5555555555554444/AMEX378282246310005', 'MC[CARD]/AMEX[CARD]'],
    ['Kartennr.:5555-5555-5555-4444,Betrag 12,00', 'Kartennr.:[CARD],Betrag 12,00'],
    ['CARD 4111 1111 1111 1111 11/02 48.12', 'CARD [CARD] 11/02 48.12'],
    // IBANs: any case, spaces or dashes, glued to their label, full-width, a word glued after.
    ['iban de89 3704 0044 0532 0130 00 miete', 'iban [IBAN] miete'],
    ['IBAN De89370400440532013000 BIC', 'IBAN [IBAN] BIC'],
    ['IBAN dE89 3704 0044 0532 0130 00', 'IBAN [IBAN]'],
    ['TO DE89-3704-0044-0532-0130-00 RENT', 'TO [IBAN] RENT'],
    ['IBANDE89370400440532013000 BIC COBADEFFXXX', 'IBAN[IBAN] BIC COBADEFFXXX'],
    ['ibanGB29NWBK60161331926819', 'iban[IBAN]'],
    ['IBAN: DE89370400440532013000BIC: COBADEFFXXX', 'IBAN: [IBAN]BIC: COBADEFFXXX'],
    [
      'IBAN \uff24\uff25\uff18\uff19\uff13\uff17\uff10\uff14\uff10\uff10\uff14\uff14\uff10\uff15\uff13\uff12\uff10\uff11\uff13\uff10\uff10\uff10',
      'IBAN [IBAN]',
    ],
    ['IBAN DE89\u200b3704\u200b0044\u200b0532\u200b0130\u200b00', 'IBAN [IBAN]'],
    ['VIREMENT fr14 2004 1010 0505 0001 3m02 606 LOYER', 'VIREMENT [IBAN] LOYER'],
    // E-mail addresses in any script.
    ['PAID \u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a 12.00', 'PAID [EMAIL] 12.00'],
    ['INVOICE jos\u00e9@ex\u00e4mple.de', 'INVOICE [EMAIL]'],
    ['REFUND m\u00fcller@b\u00fccher.example.com 5,00', 'REFUND [EMAIL] 5,00'],
    ['TO \u043f\u0440\u0438\u043c\u0435\u0440@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444', 'TO [EMAIL]'],
    [
      'TO \u0909\u092a\u092f\u094b\u0917\u0915\u0930\u094d\u0924\u093e@\u0909\u0926\u093e\u0939\u0930\u0923.\u092d\u093e\u0930\u0924',
      'TO [EMAIL]',
    ],
    ['TO \u7528\u6237@\u4f8b\u5b50\u3002\u5e7f\u544a', 'TO [EMAIL]'],
    ['TO user@xn--bcher-kva.xn--p1ai', 'TO [EMAIL]'],
    ['TO JOHN\uff20EXAMPLE\uff0eCOM', 'TO [EMAIL]'],
    ['TO john\u200b@\u200bexample.com', 'TO [EMAIL]'],
  ];
  for (const [input, expected] of cases) assert.equal(maskedAfterNormalising(input), expected, JSON.stringify(input));
});

test('look-alikes keep their values: references, UTRs, amounts, dates and ids the rules tier reads', () => {
  const lines = [
    // Luhn fails, or no card scheme starts so.
    'REF 4929123456781234 16 DIGITS, BAD LUHN',
    'KENMERK: 0551161646861044 02-11-2026',
    'ACH TRACE 021000021234567',
    // Ids glued to letters at lengths no card is issued at, though scheme prefix and Luhn fit.
    'NEFT UTR SBIN0012345678',
    'RTGS CR-SBIN0347374-SHARMA TRADERS-SBINR22027020157682098 13/03/2027 2,03,891.14 CR',
    'WT FED#18912 SRF# GW50874708663684 TRN#270404483217',
    // Luhn-valid digits, but grouped as a date and an amount, a CNPJ, or two ids.
    'VENC 30.11.2026 1.234.563',
    'PIX CNPJ 30.123.467/0001-90 R$ 1.250,00',
    'CUST 4111111 111111111',
    'SORT 40-11-62 12345678',
    // A value after a SEPA id tag is the party's id.
    'EREF+4915112345678 MREF+M-88123',
    // Amounts and dates, bare or beside each other.
    'AMT 1,234,567.89 USD 2026-11-05 1.234.567,89 EUR 05.11.2026 11/05/26 14:32',
    'GUTSCHRIFT 1 234 567,89 EUR VALUTA 05.11.2026',
    // Phone-like ids without a label, and ids too long to be a card.
    'ACH PPD ID: 9876543210 CUSTOMER 98765 43210',
    'PIX E2E E18236120202611051234abcdef0001 ARN 75021152864650180353519',
    // IBAN-like: a creditor id running on into a word passes mod-97 but is not grouped like an IBAN;
    // a longer number; wrong check digits; unknown country.
    'CRED+DE44ZZZ07487052914 SVWZ+Telekom Deutschland GmbH',
    'IBAN DE89 3704 0044 0532 0130 0012',
    'iban de89 3704 0044 0532 0130 01',
    'xx89370400440532013000',
    // Payment handles without a dotted domain.
    'UPI/CR/631245789012/PRIYA SHARMA/SBIN/priya@oksbi/Rent Nov',
  ];
  for (const line of lines) assert.deepEqual(maskSecrets(normalise(line)), { masked: normalise(line), secrets: [] }, line);
  // Each look-alike above that needs it really is Luhn-valid with a card scheme's prefix, so it is
  // the grouping, the glue or the tag that keeps it.
  for (const digits of ['22027020157682098', '50874708663684', '301120261234563', '30123467000190', '4111111111111111', '4915112345678']) {
    assert.ok(luhnValid(digits) && hasCardShape(digits), digits);
  }
  assert.ok(ibanChecksumValid('DE44ZZZ07487052914SVWZ'));
});

test('digits of any script read as their values', () => {
  // The numbering systems Intl knows print 0..9 in each script; each must read back as 0..9.
  for (const system of [
    'arab',
    'arabext',
    'beng',
    'deva',
    'fullwide',
    'gujr',
    'guru',
    'khmr',
    'knda',
    'laoo',
    'mlym',
    'mymr',
    'orya',
    'tamldec',
    'telu',
    'thai',
    'tibt',
    'mathbold',
    'mathmono',
    'adlm',
    'osma',
  ]) {
    const digits = new Intl.NumberFormat('en', { numberingSystem: system, useGrouping: false }).format(1234567890);
    assert.notEqual(digits, '1234567890', `${system} prints its own digits`);
    assert.equal(asciiDigits(digits), '1234567890', system);
  }
});
