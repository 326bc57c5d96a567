import assert from 'node:assert/strict';
import { test } from 'node:test';
import { achTrace, cardNumber, creditorId, iban, longNumericId, luhnValid, stableDigits, uuid } from '#src/dev/generator/ids.ts';
import { Random } from '#src/dev/generator/random.ts';

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
function mod97(text: string): number {
  return [...text].reduce((r, ch) => {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    return [...v].reduce((acc, d) => (acc * 10 + Number(d)) % 97, r);
  }, 0);
}

test('IBANs have their country length and a valid mod-97 check', () => {
  const rng = new Random(1);
  const lengths: Record<string, number> = { DE: 22, FR: 27, ES: 24, NL: 18, GB: 22 };
  for (const [country, length] of Object.entries(lengths)) {
    for (let i = 0; i < 50; i++) {
      const value = iban(rng, country);
      assert.equal(value.length, length, value);
      assert.equal(mod97(value.slice(4) + value.slice(0, 4)), 1, value);
    }
  }
});

test('SEPA creditor ids carry ZZZ and valid check digits over the national id', () => {
  const rng = new Random(2);
  for (let i = 0; i < 50; i++) {
    const id = creditorId(rng, 'DE');
    assert.match(id, /^DE\d{2}ZZZ\d{11}$/);
    assert.equal(mod97(id.slice(7) + id.slice(0, 4)), 1, id);
  }
});

test('card numbers are Luhn-valid with a scheme prefix; long numeric ids never look like cards', () => {
  const rng = new Random(3);
  for (let i = 0; i < 200; i++) {
    const card = cardNumber(rng);
    assert.ok(luhnValid(card), card);
    assert.match(card, /^(4\d{15}|5[15]\d{14}|2221\d{12}|3[47]\d{13})$/);
    assert.match(longNumericId(rng, 16), /^0\d{15}$/);
    assert.match(achTrace(rng, `originator-${i % 7}`), /^(0[1-9]|1[0-2])\d{13}$/);
  }
  assert.ok(luhnValid('4111 1111 1111 1111'));
  assert.ok(!luhnValid('4111 1111 1111 1112'));
});

test('UUIDs are version 4; stable digits are stable', () => {
  assert.match(uuid(new Random(4)), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(stableDigits('con-ed', 10), stableDigits('con-ed', 10));
  assert.match(stableDigits('con-ed', 23), /^\d{23}$/);
  assert.notEqual(stableDigits('con-ed', 10), stableDigits('geico', 10));
});
