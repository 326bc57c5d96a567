import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretsInBytes } from '#src/common/secrets/mask-bytes.ts';

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

test('an IBAN in bytes may end on a digit: the next length byte', () => {
  const bytes = Buffer.concat([Buffer.from([0x02]), Buffer.from('DE89 3704 0044 0532 0130 000', 'latin1'), Buffer.from([0xff])]);
  assert.equal(maskSecretsInBytes(bytes).toString('latin1'), `\u0002DE${'*'.repeat(25)}0\u00ff`);
});

test('bytes without a secret are copied unchanged', () => {
  const bytes = Buffer.from([0, 0, 0, 0, 1, 0x0e, ...Buffer.from('bank-de 12345 REWE')]);
  assert.deepEqual(maskSecretsInBytes(bytes), bytes);
});

test('a card in digits of another script is overwritten byte for byte: full-width and Arabic-Indic, as an Avro string holds them', () => {
  const script = (zero: number) => [...'4111111111111111'].map((d) => String.fromCodePoint(zero + Number(d))).join('');
  for (const card of [script(0xff10), script(0x0660), `${script(0xff10).slice(0, 8)} ${script(0xff10).slice(8)}`]) {
    const encoded = Buffer.from(card, 'utf8');
    const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0, 1, encoded.length * 2]), encoded, Buffer.from('\u0012card_feed', 'latin1')]);
    const masked = maskSecretsInBytes(bytes);
    assert.equal(masked.length, bytes.length);
    assert.deepEqual(masked.subarray(0, 6), bytes.subarray(0, 6));
    assert.doesNotMatch(masked.toString('utf8').normalize('NFKC'), /\d{4}/, card);
    assert.equal(masked.subarray(6 + encoded.length).toString('latin1'), '\u0012card_feed');
  }
  const notACard = Buffer.concat([Buffer.from([0, 2]), Buffer.from(script(0xff10).slice(0, 15), 'utf8')]);
  assert.deepEqual(maskSecretsInBytes(notACard), notACard, 'fifteen digits of a Visa are no card');
});
