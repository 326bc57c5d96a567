/**
 * The secret scan finds a planted secret however it was reprinted on its way out (other
 * separators, other digits, invisible characters, JSON escapes, case), and nothing in a text that
 * only masks it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardNumber, grouped, type Secret } from './corpus.ts';
import { printedCards, scanForLeaks, secretsIn } from './scan.ts';

const card = cardNumber(1, 'scan test');
const secrets: Secret[] = [
  { kind: 'CARD', value: card },
  { kind: 'IBAN', value: 'DE89370400440532013000' },
  { kind: 'EMAIL', value: 'müller.jürgen@bücher.de' },
];
const fullWidth = (digits: string) => [...digits].map((d) => String.fromCodePoint(0xff10 + Number(d))).join('');

test('a card is found as its digits: any separators, full-width or Arabic-Indic digits, invisible characters between them', () => {
  for (const text of [
    `POS ${grouped(card, [4, 4, 4, 4], ' ')} COFFEE`,
    `"reference":"${grouped(card, [3, 5, 8], '-')}"`,
    `CARD ${fullWidth(card)}`,
    `CARD ${[...card].map((d) => String.fromCodePoint(0x0660 + Number(d))).join('')}`,
    `CARD ${[...card].join('\u200b')}`,
    JSON.stringify({ narrative: `x ${[...card].join('\u200d')} y` }),
    `{"msg":"id ${[...card].join('\\u202e')}"}`,
    `{"msg":"id ${[...card].join('\\x1b')}"}`,
  ]) {
    assert.deepEqual(secretsIn(text, secrets), [secrets[0]], text);
  }
});

test('an IBAN in any case and grouping, an e-mail address in any case and form', () => {
  assert.deepEqual(secretsIn('from de89 3704 0044 0532 0130 00', secrets), [secrets[1]]);
  assert.deepEqual(secretsIn('to MÜLLER.JÜRGEN@BÜCHER.DE', secrets), [secrets[2]]);
  assert.deepEqual(secretsIn('to müller.ju\u0308rgen@bücher.de', secrets), [secrets[2]], 'decomposed accents fold');
});

test('masked text, a card with one digit changed, and the last four digits alone hold no secret', () => {
  const changed = `${card.slice(0, 15)}${(Number(card[15]) + 1) % 10}`;
  for (const text of ['POS [CARD] COFFEE to [EMAIL] from [IBAN]', `CARD ${changed}`, `CARD **** **** **** ${card.slice(12)}`]) {
    assert.deepEqual(secretsIn(text, secrets), [], text);
  }
});

test('leaks are reported with where they were found; cards printed as the generator prints them are read, other numbers that pass the card checks are not', () => {
  const leaks = scanForLeaks(
    [
      { where: 'log line 1', text: 'nothing here' },
      { where: 'provider request req_1', text: `records: ${grouped(card, [4, 4, 4, 4], '-')}` },
    ],
    secrets,
  );
  assert.deepEqual(leaks, [{ where: 'provider request req_1', secret: secrets[0] }]);
  assert.deepEqual(printedCards(`POS ${grouped(card, [4, 4, 4, 4], ' ')} COFFEE ${grouped(card, [4, 4, 4, 4], '-')} ${card}`), [
    card,
    card,
    card,
  ]);
  assert.deepEqual(
    printedCards('NEFT CR INR 71,451.91 21/04/2027 ACME'),
    [],
    '4519121042027 passes the card checks, but is an amount and a date',
  );
  assert.deepEqual(printedCards('TRANSFER TO A/C 30-75-42 99286649 24/11/2027 121.00'), [], 'a sort code, an account number and a day');
  assert.deepEqual(printedCards('RTGS DR-YESB0338632-YESBR22028080778235264 07/08/2028'), [], 'digits glued to letters are an id');
});
