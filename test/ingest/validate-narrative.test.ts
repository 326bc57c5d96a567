import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDENTIFIER_MAX_CHARS } from '#src/contract/records.ts';
import { validateNarrative } from '#src/ingest/validate-narrative.ts';

const base = { record_id: 'r1', narrative: 'POS 4,50 EUR REWE SAGT DANKE', source_id: 'bank-de', document_type: 'card_feed' };
const rejection = (value: Record<string, unknown>) => {
  const validated = validateNarrative({ ...base, ...value }, { receivedAt: 0 });
  return validated.ok ? null : validated.rejection;
};

test('each identifier has a length limit, counted in characters', () => {
  for (const [name, limit] of Object.entries(IDENTIFIER_MAX_CHARS)) {
    assert.equal(rejection({ [name]: 'é'.repeat(limit) }), null, name);
    assert.deepEqual(rejection({ [name]: 'x'.repeat(limit + 1) }), {
      code: 'INVALID_FIELD',
      reason: `${name}: longer than ${limit} characters`,
      recordId: name === 'record_id' ? null : 'r1',
    });
  }
  assert.equal(rejection({ record_id: 'x'.repeat(200_000) })?.reason, 'record_id: longer than 256 characters');
});

test('an identifier with a control character is refused, naming the character, not the value', () => {
  const cases: [string, string, string][] = [
    ['record_id', 'r1\u001b[2J\nINFO forged line', 'U+001B'],
    ['source_id', 'bank\nde', 'U+000A'],
    ['document_type', 'card\u009bfeed', 'U+009B'],
    ['template_version', 'v1\u202e2v', 'U+202E'],
    ['account_id', 'acct\u0000', 'U+0000'],
    ['locale', 'en-US\u007f', 'U+007F'],
  ];
  for (const [name, value, shown] of cases) {
    assert.deepEqual(rejection({ [name]: value }), {
      code: 'INVALID_FIELD',
      reason: `${name}: holds a control character (${shown})`,
      recordId: name === 'record_id' ? null : 'r1',
    });
  }
});

test('an identifier holding a card number, an IBAN or an e-mail address is refused without its value', () => {
  const cases: [Record<string, string>, string][] = [
    [{ record_id: '4111111111111111' }, 'record_id: holds a card number'],
    [{ record_id: 'txn-5555 5555 5555 4444-2' }, 'record_id: holds a card number'],
    [{ record_id: '４１１１・１１１１・１１１１・１１１１' }, 'record_id: holds a card number'],
    [{ source_id: 'feed/4111.1111.1111.1111' }, 'source_id: holds a card number'],
    [{ source_id: 'DE89 3704 0044 0532 0130 00' }, 'source_id: holds an IBAN'],
    [{ document_type: 'statement-for-jane.doe@example.com' }, 'document_type: holds an e-mail address'],
    [{ template_version: 'gb82west12345698765432' }, 'template_version: holds an IBAN'],
  ];
  for (const [value, reason] of cases) {
    const got = rejection(value);
    assert.equal(got?.reason, reason, JSON.stringify(value));
    assert.equal(got?.recordId, value.record_id ? null : 'r1', 'a record_id holding a secret is not copied to the dead letter');
  }
});

test('ids that only look long or numeric pass: timestamps, UUIDs, digit runs failing Luhn, hashes', () => {
  for (const id of [
    '1733312345678',
    'rec-1733312345678-000042',
    '550e8400-e29b-41d4-a716-446655440000',
    '4111111111111112',
    'd41d8cd98f00b204e9800998ecf8427e',
    'DE89370400440532013001',
    'upi:priya@oksbi',
  ]) {
    assert.equal(rejection({ record_id: id }), null, id);
  }
});

test("an account's own IBAN or card number is its id: account_id is checked for length and characters only", () => {
  assert.equal(rejection({ account_id: 'DE89370400440532013000' }), null);
  assert.equal(rejection({ account_id: '4111111111111111' }), null);
});
