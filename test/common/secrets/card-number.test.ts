import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasCardShape, isCardNumber, luhnValid } from '#src/common/secrets/card-number.ts';
import { maskSecretsIn } from '#src/common/secrets/find-secrets.ts';
import { IN_DEAD_LETTERS, IN_IDENTIFIERS, IN_NARRATIVES, type SecretPolicy } from '#src/common/secrets/policy.ts';

const masks = (policy: SecretPolicy, cases: [string, string][]) => {
  for (const [input, expected] of cases) assert.equal(maskSecretsIn(input, policy).masked, expected, input);
};
const keeps = (policy: SecretPolicy, inputs: string[]) => {
  for (const input of inputs) assert.deepEqual(maskSecretsIn(input, policy), { masked: input, secrets: [] }, input);
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
    assert.ok(isCardNumber(valid), valid);
  }
  assert.equal(luhnValid('4111111111111112'), false);
  // Luhn-valid, but no card scheme starts like this: an ACH trace number, zeros, a 15-digit 6x trace.
  for (const notCard of ['021000021234567', '0000000000000000', '1234567812345670', '611000021234563']) {
    assert.ok(luhnValid(notCard), notCard);
    assert.equal(hasCardShape(notCard), false, notCard);
  }
  // Luhn-valid with a scheme's prefix, but longer than any card: 5x Maestro has no upper bound of its own.
  assert.ok(luhnValid('50000000000000000009') && hasCardShape('50000000000000000009'));
  assert.equal(isCardNumber('50000000000000000009'), false);
});

test('read strictly: contiguous, or in the groups cards are printed in, by any separator, in any digits', () => {
  masks(IN_NARRATIVES, [
    ['SHELL OIL 57442 HOUSTON TX 11/01 CARD 4111 1111 1111 1111 48.12', 'SHELL OIL 57442 HOUSTON TX 11/01 CARD [CARD] 48.12'],
    ['KARTE 5555-5555-5555-4444 REWE', 'KARTE [CARD] REWE'],
    ['AMEX 3782 822463 10005 / DINERS 3056 930902 5904', 'AMEX [CARD] / DINERS [CARD]'],
    ['CARTAO 4000056655665556 COMPRA', 'CARTAO [CARD] COMPRA'],
    ['19 DIGITS 4111111111111111110.', '19 DIGITS [CARD].'],
    // The trailing 3-digit group is not the card's: the 16-digit prefix is.
    ['CARD 4111 1111 1111 1111 123 48.12', 'CARD [CARD] 123 48.12'],
    ['CARD 4111 1111 1111 1111 11/02 48.12', 'CARD [CARD] 11/02 48.12'],
    // No amount has 16 digits before its decimals: a card printed so is still a card.
    ['AMT 4111111111111111.00', 'AMT [CARD].00'],
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
      'CARD \u{1d7d2}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}',
      'CARD [CARD]',
    ],
  ]);
  assert.deepEqual(maskSecretsIn('A 4111111111111111 B 5555555555554444', IN_NARRATIVES).secrets, ['CARD', 'CARD']);
});

test('read strictly, a card copied out in groups of other sizes counts when one separator joins them all', () => {
  masks(IN_NARRATIVES, [
    ['CARD 4111 111111 111111 FOURSIXSIX', 'CARD [CARD] FOURSIXSIX'],
    ['CARD 41111111 11111111 EIGHTS', 'CARD [CARD] EIGHTS'],
    ['CARD 411-111-111-111-1111 THREES', 'CARD [CARD] THREES'],
    ['CARD 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 ONE BY ONE', 'CARD [CARD] ONE BY ONE'],
    ['CUST 4111111 111111111', 'CUST [CARD]'],
  ]);
  keeps(IN_NARRATIVES, [
    // Separators mixed: a date beside an amount, not a card copied out.
    'VENC 25.11.2026 1234.5678',
    'NR 4111 111111-111111',
    // An id glued to its prefix, then a date: glued digits count only as a card is printed.
    'YESBN46324574291 20/11/26 40,51,913.66 DR',
    'REF/E2E398768052010 09/05 -45,58',
    // Not a length cards are issued at (a 14-digit Visa, a 17-digit Mastercard-like run).
    'SORT 40-11-62 12345678',
  ]);
});

test('glued to letters, a card counts at the lengths cards are issued at; ids glued so keep theirs', () => {
  masks(IN_NARRATIVES, [
    ['CARD#4111111111111111 VISA13 4222222222222', 'CARD#[CARD] VISA13 [CARD]'],
    ['CARD4111111111111111', 'CARD[CARD]'],
    ['PAID WITH 4111111111111111EXP1228', 'PAID WITH [CARD]EXP1228'],
    ['CARD4111-1111-1111-1111EXP1228CVV123', 'CARD[CARD]EXP1228CVV123'],
    ['REF4111111111111111 glued to a word', 'REF[CARD] glued to a word'],
    ['MC5555555555554444/AMEX378282246310005', 'MC[CARD]/AMEX[CARD]'],
    ['Kartennr.:5555-5555-5555-4444,Betrag 12,00', 'Kartennr.:[CARD],Betrag 12,00'],
  ]);
  // Luhn-valid with a card scheme's prefix, at lengths no card is issued at: 17 and 14 digits after a 5.
  for (const digits of ['22027020157682098', '50874708663684']) assert.ok(luhnValid(digits) && hasCardShape(digits), digits);
  keeps(IN_NARRATIVES, [
    'RTGS CR-SBIN0347374-SHARMA TRADERS-SBINR22027020157682098 13/03/2027 2,03,891.14 CR',
    'WT FED#18912 SRF# GW50874708663684 TRN#270404483217',
    'NEFT UTR SBIN0012345678',
  ]);
});

test('read strictly, digits that are not a card keep their values: references, amounts, dates and ids', () => {
  keeps(IN_NARRATIVES, [
    // Luhn fails, or no card scheme starts so.
    'CARD 4111111111111112 BAD LUHN',
    'REF 4929123456781234 16 DIGITS, BAD LUHN',
    'KENMERK: 0551161646861044 02-11-2026',
    'ACH TRACE 021000021234567 PPD ID: 9876543210',
    'TRACE 611000021234563',
    'UPI/DR/631245789012/AMAZON',
    'IMAD: 20261105MMQFMP2L000123',
    'UETR 8a562c67-ca16-48ba-b074-65581be6f011 UETR 12345678-1234-4123-8123-123456789012',
    // Too long to be a card.
    'ID 41111111111111111111 (20 digits)',
    'PIX E2E E18236120202611051234abcdef0001 ARN 75021152864650180353519',
    // Luhn-valid digits, but grouped as a date and an amount, a CNPJ, or two ids.
    'VENC 30.11.2026 1.234.563',
    'PIX CNPJ 30.123.467/0001-90 R$ 1.250,00',
    'SORT 40-11-62 12345678',
    // A value after a SEPA id tag is the party's id.
    'EREF+4915112345678 MREF+M-88123',
    // Amounts and dates, bare or beside each other.
    'AMT 1,234,567.89 USD 2026-11-05 1.234.567,89 EUR 05.11.2026 11/05/26 14:32',
    'GUTSCHRIFT 1 234 567,89 EUR VALUTA 05.11.2026',
    // Already safe.
    'ALREADY SAFE 4111XXXXXXXX1111 ****1111 4111 **** **** 1111',
  ]);
  // Each look-alike above that needs it really is Luhn-valid with a card scheme's prefix, so it is
  // the grouping or the tag that keeps it.
  for (const digits of ['301120261234563', '30123467000190', '4915112345678']) {
    assert.ok(luhnValid(digits) && hasCardShape(digits), digits);
  }
});

test('read broadly: digit groups of any size, joined by up to three other characters, after any tag', () => {
  const broadly = [
    ['CUST 4111111 111111111', 'CUST [CARD]'],
    ['4111, 1111, 1111, 1111', '[CARD]'],
    ['4111--1111--1111--1111', '[CARD]'],
    ['4111+1111+1111+1111', '[CARD]'],
    ['txn_4111111111111111_2', 'txn_[CARD]_2'],
    ['EREF+4915112345678', 'EREF+[CARD]'],
    ['\uff13\uff17\uff18\uff12 \uff18\uff12\uff12\uff14\uff16\uff13 \uff11\uff10\uff10\uff10\uff15', '[CARD]'],
  ] as [string, string][];
  masks(IN_IDENTIFIERS, broadly);
  masks(IN_DEAD_LETTERS, broadly);
  keeps(IN_NARRATIVES, ['4111, 1111, 1111, 1111', '4111--1111--1111--1111', '4111+1111+1111+1111', 'EREF+4915112345678']);
  // Four characters, or a letter, between two groups part them.
  keeps(IN_IDENTIFIERS, ['4111 ,- 1111 1111 1111', '4111 1111a1111 1111', '2024-01-15 12:30:00', '1733312345678']);
});

test('unglued, as identifiers are read: digits glued to letters are never a card, though a dead letter masks them', () => {
  for (const glued of ['TXN4111111111111111', 'ref4111 1111 1111 1111', '4111111111111111EXP']) {
    assert.deepEqual(maskSecretsIn(glued, IN_IDENTIFIERS).secrets, [], glued);
    assert.deepEqual(maskSecretsIn(glued, IN_DEAD_LETTERS).secrets, ['CARD'], glued);
  }
  // A hex hash: its digit runs are a card's only by chance, and glued to its letters.
  keeps(IN_IDENTIFIERS, ['d41d8cd98f00b204e9800998ecf8427e', 'a4111111111111111b']);
});
