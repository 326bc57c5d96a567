import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectRail } from '#src/rules/rails/detect-rail.ts';

test('the most specific rail wins', () => {
  const cases: [string, string | null][] = [
    [':20:X :32A:261105USD1,00 POS', 'swift'],
    ['FEDWIRE CREDIT IMAD: 20261105MMQFMP2L000123 CARD', 'fedwire'],
    ['SEPA-LASTSCHRIFT EREF+X VISA', 'sepa'],
    ['UPI/CR/631245789012/PRIYA SHARMA/SBIN/x/y', 'upi'],
    ['PIX RECEBIDO JOAO', 'pix'],
    ['NEFT CR-SBIN0001234-ACME', 'neft'],
    ['BIZUM ENVIADO A MARIA', 'bizum'],
    ['ACH DEBIT PPD ID: 1 TRACE 021000021234567', 'ach'],
    ['FPS PAYMENT TO J SMITH', 'fps'],
    ['SQ *BLUE BOTTLE CA 11/02 $6.75', 'card'],
    ['INTEREST PAID 3.17 CR', null],
    ['', null],
  ];
  for (const [text, rail] of cases) assert.equal(detectRail(text)?.rail ?? null, rail, text);
});
