import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadLetter } from '#src/contract/dead-letter.ts';
import { deadLettersToJsonl } from '#src/emit/dead-letter-json.ts';
import { maskDeadLetter, maskOriginalBytes } from '#src/emit/mask-dead-letter.ts';
import { decodeJsonNarrative } from '#src/ingest/decode-json.ts';
import type { Intake } from '#src/ingest/source.ts';
import { admitIntakes } from '#src/pipeline/pipeline.ts';

const CARD = '4111111111111111';

function intakeOf(key: string | null, value: string): Intake {
  const bytes = Buffer.from(value);
  return {
    position: { topic: 'narratives.raw.v1', partition: 0, offset: 1 },
    key: key === null ? null : Buffer.from(key),
    value: bytes,
    intakeAt: 0,
    decoded: decodeJsonNarrative(bytes, { receivedAt: 0 }),
  };
}

/** Every string a dead letter's JSON line holds, base64 fields decoded, digits alone too. */
function everything(line: string): string {
  const json = JSON.parse(line) as Record<string, unknown>;
  const decoded = ['original_key', 'original_value'].map((k) =>
    json[k] ? Buffer.from(json[k] as string, 'base64').toString('latin1') : '',
  );
  const all = [line, ...decoded].join('\n');
  return `${all}\n${all.replace(/\D/g, '')}`;
}

test('a record whose record_id is a card number leaves a dead letter that holds the card nowhere', () => {
  const record = { record_id: '4111 1111 1111 1111', narrative: 'POS 12,50 EUR REWE', source_id: 'bank-de', document_type: 'card_feed' };
  const { deadLetters } = admitIntakes([intakeOf(record.record_id, JSON.stringify(record))], { now: () => 0 });
  assert.equal(deadLetters.length, 1);
  const [line] = deadLettersToJsonl(deadLetters).split('\n');
  const json = JSON.parse(line!);
  assert.equal(json.reason, 'record_id: holds a card number');
  assert.equal(json.record_id, null);
  assert.equal(json.error_code, 'INVALID_FIELD');
  assert.doesNotMatch(everything(line!), new RegExp(CARD));
  assert.equal(Buffer.from(json.original_key, 'base64').toString(), '[CARD]');
  assert.match(Buffer.from(json.original_value, 'base64').toString(), /"record_id":"\[CARD\]"/);
});

test('text keeps its layout, each secret replaced by its marker, in \\u-escaped JSON strings too', () => {
  const line = '{"record_id": "r1", "narrative": "SEPA DE89 3704 0044 0532 0130 00 jane@example.com +49 30 1234567", "x": 5';
  assert.equal(maskOriginalBytes(Buffer.from(line)).toString(), '{"record_id": "r1", "narrative": "SEPA [IBAN] [EMAIL] [PHONE]", "x": 5');
  const escaped = Buffer.from(
    '{"record_id":"\\uff14\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11\\uff11","n":"ok \\u00e9"}',
  );
  assert.equal(maskOriginalBytes(escaped).toString(), '{"record_id":"[CARD]","n":"ok \\u00e9"}');
  const clean = Buffer.from('{"record_id":"r1","narrative":"REWE 12,50"}');
  assert.equal(maskOriginalBytes(clean), clean, 'bytes without a secret are kept as they are');
});

test('bytes that are not UTF-8 text are kept, length and all, with card digits overwritten', () => {
  const avro = Buffer.concat([Buffer.from([0, 0, 0, 0, 3, 0x20]), Buffer.from(CARD), Buffer.from([0x0e]), Buffer.from('bank-de')]);
  const masked = maskOriginalBytes(avro);
  assert.equal(masked.length, avro.length);
  assert.deepEqual(masked.subarray(0, 6), avro.subarray(0, 6));
  assert.equal(masked.subarray(6, 22).toString(), '*'.repeat(16));
  assert.equal(masked.subarray(22).toString('latin1'), '\u000ebank-de');
  const notUtf8 = Buffer.concat([Buffer.from(`{"record_id":"${CARD}","narrative":"caf`), Buffer.from([0xe9]), Buffer.from('"}')]);
  assert.doesNotMatch(maskOriginalBytes(notUtf8).toString('latin1'), /4111/);
});

test('the record id and the reason are masked too, whoever built the dead letter', () => {
  const letter = deadLetter({
    key: null,
    value: null,
    origin: { topic: 't', partition: 0, offset: 0 },
    recordId: `id-${CARD}`,
    code: 'MALFORMED_AVRO',
    reason: `decoder said: ${CARD} jane@example.com`,
    stage: 'decode',
    at: 0,
  });
  const masked = maskDeadLetter(letter);
  assert.equal(masked.record_id, 'id-[CARD]');
  assert.equal(masked.reason, 'decoder said: [CARD] [EMAIL]');
  assert.equal(masked.original_value, null);
});
