import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSecrets, maskSecretsIn } from '#src/common/secrets/find-secrets.ts';
import { maskSecretsInBytes } from '#src/common/secrets/mask-bytes.ts';
import { IN_DEAD_LETTERS, IN_IDENTIFIERS } from '#src/common/secrets/policy.ts';

const secretShapeIn = (text: string) => findSecrets(text, IN_IDENTIFIERS)[0]?.kind ?? null;
const findSecretShapes = (text: string) => findSecrets(text, IN_IDENTIFIERS);
const maskSecretShapes = (text: string) => maskSecretsIn(text, IN_DEAD_LETTERS).masked;

test('a card number is found whatever separates its digits and whichever digits write it', () => {
  for (const text of [
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111.1111.1111.1111',
    '4111 - 1111 - 1111 - 1111',
    'txn_4111111111111111_2',
    '３７８２ ８２２４６３ １０００５',
    '٤١١١١١١١١١١١١١١١',
    '𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏',
  ]) {
    assert.equal(secretShapeIn(text), 'CARD', text);
    assert.equal(findSecretShapes(text).length, 1, text);
  }
});

test('digits that are not a card number are left: Luhn, scheme, length, or glued to letters', () => {
  for (const text of [
    '4111111111111112',
    '1733312345678',
    '9111111111111111',
    '411111111111',
    '41111111111111111111',
    'd41d8cd98f00b204e9800998ecf8427e',
    'TXN4111111111111111',
    '2024-01-15 12:30:00',
  ]) {
    assert.equal(secretShapeIn(text), null, text);
  }
});

test('IBANs compact or grouped, either case, with a valid check; e-mail addresses with a dotted domain', () => {
  assert.equal(secretShapeIn('DE89370400440532013000'), 'IBAN');
  assert.equal(secretShapeIn('acct gb82 west 1234 5698 7654 32'), 'IBAN');
  assert.equal(secretShapeIn('DE89370400440532013001'), null);
  assert.equal(secretShapeIn('DE98ZZZ09999999999'), null);
  assert.equal(secretShapeIn('jane.doe+bank@mail.example.co.uk'), 'EMAIL');
  assert.equal(secretShapeIn('priya@oksbi'), null);
});

test('masking replaces each secret by its marker and keeps the rest', () => {
  assert.equal(
    maskSecretShapes('{"record_id":"4111 1111 1111 1111","narrative":"SEPA DE89 3704 0044 0532 0130 00 to a@b.io ref 123"}'),
    '{"record_id":"[CARD]","narrative":"SEPA [IBAN] to [EMAIL] ref 123"}',
  );
  assert.equal(maskSecretShapes('nothing here 12345'), 'nothing here 12345');
});

test('bytes that are not text keep their length, their secrets overwritten in place', () => {
  // An Avro-like body: length bytes glued to the values ('0' before the card, 'B' before the e-mail).
  const bytes = Buffer.concat([
    Buffer.from([0, 0, 0, 0, 1]),
    Buffer.from('0411111111111111110', 'latin1'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('BDE89370400440532013000\u0002jane.doe@example.com', 'latin1'),
  ]);
  const masked = maskSecretsInBytes(bytes);
  assert.equal(masked.length, bytes.length);
  const text = masked.toString('latin1');
  assert.doesNotMatch(text, /4111|0532013000|jane\.doe|example/);
  assert.equal(text, `\u0000\u0000\u0000\u0000\u00010${'*'.repeat(16)}10\u00ff\u00feBDE${'*'.repeat(20)}\u0002j${'*'.repeat(19)}`);
});
