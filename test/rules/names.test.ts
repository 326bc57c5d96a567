import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikePerson, nameRunAfter, titleCase, withoutLegalForm } from '#src/rules/names.ts';

test('names are cased as a person writes them, legal forms kept in their spelling', () => {
  const cases: [string, string][] = [
    ['PRIYA SHARMA', 'Priya Sharma'],
    ['J SMITH', 'J Smith'],
    ["O'NEIL-SMITH", "O'Neil-Smith"],
    ['GLOBEX LLC', 'Globex LLC'],
    ['TELEKOM DEUTSCHLAND GMBH', 'Telekom Deutschland GmbH'],
    ['joão silva', 'João Silva'],
  ];
  for (const [raw, cased] of cases) assert.equal(titleCase(raw), cased);
  assert.equal(withoutLegalForm('GLOBEX LLC'), 'GLOBEX');
  assert.equal(withoutLegalForm('ACME PVT LTD'), 'ACME');
  assert.equal(withoutLegalForm('LTD'), 'LTD');
});

test('a person is two to four plain words without a business word', () => {
  const cases: [string, boolean][] = [
    ['PRIYA SHARMA', true],
    ['J SMITH', true],
    ['MARIA DA SILVA SANTOS', true],
    ['PRIYA', false],
    ['ACME CORP', false],
    ['ZOMATO ONLINE SERVICES', false],
    ['MERCADO LIVRE LTDA', false],
    ['A B C D E', false],
    ['R2 D2', false],
    ['PAO DE ACUCAR', false],
    ['KINGSWAY ESTATES', false],
    ['IFOOD.COM AGENCIA', false],
    ['João da Silva', true],
    ['Marta Gómez', true],
  ];
  for (const [name, person] of cases) assert.equal(looksLikePerson(name), person, name);
});

test('a name run starts after skippable tokens and ends at a stop word or a non-word', () => {
  const stop = new Set(['REF', 'E2E', 'CONCEPTO', 'AMT']);
  const cases: [string, number, number | undefined, string | null][] = [
    ['PIX RECEBIDO 05/11/2026 R$ 1.250,00 JOAO SILVA E2E E1', 12, undefined, 'JOAO SILVA'],
    ['PAYMENT TO J SMITH REF FLAT 3', 10, undefined, 'J SMITH'],
    ['B/O: GLOBEX LLC AMT 15,000.00', 4, undefined, 'GLOBEX LLC'],
    ['X 12.00 EUR MARIA', 1, 0, null], // nothing may be skipped
    ['X', 1, undefined, null],
    ['X 1 2 3 4 5 6 7 NAME', 1, undefined, null], // too much to skip
  ];
  for (const [text, from, maxSkipped, name] of cases) {
    assert.equal(nameRunAfter(text, from, maxSkipped === undefined ? { stop } : { stop, maxSkipped }), name, text);
  }
});
