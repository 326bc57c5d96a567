import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseP2pApp } from '#src/rules/rails/p2p-apps.ts';

test('Zelle and Bizum: TRANSFER, the name after TO/FROM (A/DE), Zelle confirmation as reference', () => {
  const cases: [string, string, string | null, string | null, string | null][] = [
    // text, rail, counterparty, reference, memo
    ['BIZUM ENVIADO A MARIA LOPEZ CONCEPTO cena 25,00 EUR 06 NOV 2026', 'bizum', 'Maria Lopez', null, 'cena 25,00 EUR 06 NOV 2026'],
    ['BIZUM RECIBIDO DE JUAN PEREZ', 'bizum', 'Juan Perez', null, null],
    ['ZELLE PAYMENT TO JOHN DOE CONF# 8XK2P1ZZ', 'zelle', 'John Doe', '8XK2P1ZZ', null],
    ['Zelle payment from JANE DOE on 11/02 Ref # abc12345', 'zelle', 'Jane Doe', 'abc12345', null],
    ['ZELLE TO ACME PLUMBING LLC', 'zelle', 'Acme Plumbing', null, null],
    ['Zelle payment to John Smith JPMUXRFRX0MF Thanks -45.43', 'zelle', 'John Smith', 'JPMUXRFRX0MF', null],
    ['E-TRANSFER FROM WILLIAM BOUCHARD REF# CALNVVW6CAQY Dinner NOV 07 +46.38', 'interac', 'William Bouchard', 'CALNVVW6CAQY', null],
    ['INTERAC E-TRANSFER TO EMMA ROY CA8XK2P1ZZ 2026-11-02 -20.00', 'interac', 'Emma Roy', 'CA8XK2P1ZZ', null],
    ['TRANSFERENCIA BIZUM ENVIADO A JUAN PEREZ 20,00', 'bizum', 'Juan Perez', null, null],
  ];
  for (const [text, rail, counterparty, reference, memo] of cases) {
    const reading = parseP2pApp(text);
    assert.ok(reading, text);
    assert.equal(reading.rail, rail);
    assert.equal(reading.type.value, 'TRANSFER');
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
    assert.equal(reading.reference?.value ?? null, reference, text);
    assert.equal(reading.memo, memo, text);
  }
  assert.equal(parseP2pApp('ZELLE TO ACME PLUMBING LLC')!.personToPerson, false);
  assert.equal(parseP2pApp('ZELLE TO JOHN DOE')!.personToPerson, true);
  assert.equal(parseP2pApp('AMAZON'), null);
  assert.equal(parseP2pApp('SERVICE CHARGE INTERAC E-TRANSFER FEE -1.50')!.counterparty, null);
});
