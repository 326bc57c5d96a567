import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSecrets, maskSecretsIn } from '#src/common/secrets/find-secrets.ts';
import { IN_DEAD_LETTERS, IN_IDENTIFIERS, IN_NARRATIVES } from '#src/common/secrets/policy.ts';

test('several kinds in one line, reported left to right, values never kept', () => {
  const line = 'REFUND john@x.com CARD 4111111111111111 TEL +44 20 7946 0958 TO DE89370400440532013000';
  for (const policy of [IN_NARRATIVES, IN_DEAD_LETTERS]) {
    const { masked, secrets } = maskSecretsIn(line, policy);
    assert.equal(masked, 'REFUND [EMAIL] CARD [CARD] TEL [PHONE] TO [IBAN]');
    assert.deepEqual(secrets, ['EMAIL', 'CARD', 'PHONE', 'IBAN']);
  }
  assert.deepEqual(
    findSecrets(line, IN_DEAD_LETTERS).map(({ start, end }) => line.slice(start, end)),
    ['john@x.com', '4111111111111111', '+44 20 7946 0958', 'DE89370400440532013000'],
  );
});

test('where two finds overlap, the earlier one is kept', () => {
  // Read broadly, the phone's digits are a Visa-13 card too; the phone starts first, at its "+".
  assert.equal(maskSecretsIn('DE +4915112345678 MOBIL', IN_DEAD_LETTERS).masked, 'DE [PHONE] MOBIL');
});

test('identifiers are not searched for phone numbers', () => {
  assert.deepEqual(findSecrets('+44 20 7946 0958', IN_IDENTIFIERS), []);
  assert.deepEqual(findSecrets('ticket 866-579-7172', IN_IDENTIFIERS), []);
  assert.deepEqual(maskSecretsIn('ticket 866-579-7172', IN_DEAD_LETTERS).secrets, ['PHONE']);
});

test('a text without secrets comes back as it was', () => {
  const text = 'nothing here 12345 REWE 12,50 EUR';
  for (const policy of [IN_NARRATIVES, IN_IDENTIFIERS, IN_DEAD_LETTERS]) {
    assert.deepEqual(maskSecretsIn(text, policy), { masked: text, secrets: [] });
  }
});
