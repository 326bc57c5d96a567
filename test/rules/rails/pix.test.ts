import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePix } from '#src/rules/rails/pix.ts';

test('PIX: end-to-end id, the name after RECEBIDO/ENVIADO', () => {
  const cases: [string, string | null, string | null, boolean][] = [
    // text, reference, counterparty, person-to-person
    [
      'PIX RECEBIDO 05/11/2026 R$ 1.250,00 JOAO SILVA E2E E18236120202611051234abcdef0001',
      'E18236120202611051234abcdef0001',
      'Joao Silva',
      true,
    ],
    [
      'PIX ENVIADO - MERCADO LIVRE LTDA - ID E00000000202611051200XYZ123ABC45 R$ 89,90',
      'E00000000202611051200XYZ123ABC45',
      'Mercado Livre',
      false,
    ],
    ['TRANSF PIX RECEBIDA DE MARIA SOUZA CPF ***.123.456-**', null, 'Maria Souza', true],
    ['PIX ENVIADO PADARIA DO ZE CNPJ 12.345.678/0001-90', null, 'Padaria Do Ze', false],
  ];
  for (const [text, reference, counterparty, p2p] of cases) {
    const reading = parsePix(text);
    assert.ok(reading, text);
    assert.equal(reading.type.value, 'PIX');
    assert.equal(reading.reference?.value ?? null, reference, text);
    assert.equal(reading.counterparty?.value ?? null, counterparty, text);
    assert.equal(reading.personToPerson, p2p, text);
  }
  assert.equal(parsePix('PIXEL STORE 12,00'), null);
});
