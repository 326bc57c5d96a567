import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCard } from '#src/rules/rails/card.ts';

test('card lines are recognised, and the merchant is only ever a hint', () => {
  const cases: [string, number, string | null][] = [
    // text, type confidence, merchant hint
    ['SQ *BLUE BOTTLE COFFE OAKLAND CA 11/02 $6.75', 0.9, 'Blue Bottle Coffe'], // city and state dropped
    ['CB CARREFOUR MARKET PARIS 15 04/11 45,80 EUR', 0.9, 'Carrefour Market Paris'],
    ['SHELL OIL 57442 HOUSTON TX 11/01 CARD [CARD] 48.12', 0.9, 'Shell Oil'],
    ['AMAZON WEB SERVICES AWS.AMAZON.CO WA 10/31 USD 412.07', 0.75, 'Amazon Web Services'],
    ['NETFLIX.COM 866-579-7172 CA 11/03 15.49', 0.75, 'Netflix.com'],
    ['KARTENZAHLUNG REWE 12,00', 0.9, 'Rewe'],
  ];
  for (const [text, confidence, hint] of cases) {
    const reading = parseCard(text);
    assert.ok(reading, text);
    assert.equal(reading.type.value, 'CARD');
    assert.equal(reading.type.confidence, confidence, text);
    assert.equal(reading.counterparty?.value ?? null, hint, text);
    assert.ok((reading.counterparty?.confidence ?? 0) < 0.5, text);
  }
  for (const text of ['MONTHLY SERVICE FEE 12.00 DR 30/10/2026', 'INTEREST PAID 3.17 CR 31/10/2026'])
    assert.equal(parseCard(text), null, text);
});
