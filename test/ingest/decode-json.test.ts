import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { decodeJsonNarrative, firstInvalidUtf8 } from '#src/ingest/decode-json.ts';
import { splitLines, streamLines } from '#src/ingest/read-lines.ts';

const base = { record_id: 'r1', narrative: 'POS 4,50 EUR REWE SAGT DANKE', source_id: 'bank-de', document_type: 'card_feed' };
const decode = (value: unknown) =>
  decodeJsonNarrative(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), { receivedAt: 42 });
const code = (value: unknown) => {
  const d = decode(value);
  return d.ok ? 'OK' : d.rejection.code;
};

test('a good record decodes; optional fields become null; received_at defaults to read time', () => {
  const decoded = decode(base);
  assert.ok(decoded.ok);
  assert.equal(decoded.record.locale, null);
  assert.equal(decoded.record.received_at, 42);
  const withTimes = decode({ ...base, received_at: '2026-01-02T03:04:05Z', source_updated_at: 5 });
  assert.ok(withTimes.ok);
  assert.equal(withTimes.record.received_at, Date.parse('2026-01-02T03:04:05Z'));
  assert.equal(withTimes.record.source_updated_at, 5);
});

test('each kind of bad input has its own code and a precise reason', () => {
  assert.equal(code('{"record_id": '), 'MALFORMED_JSON');
  assert.equal(code('[1,2]'), 'INVALID_FIELD');
  assert.equal(code({ ...base, narrative: undefined }), 'MISSING_FIELD');
  assert.equal(code({ ...base, source_id: 7 }), 'INVALID_FIELD');
  assert.equal(code({ ...base, narrative: '   ' }), 'INVALID_FIELD');
  assert.equal(code({ ...base, narrative: 'x'.repeat(4097) }), 'NARRATIVE_TOO_LONG');
  assert.equal(code({ ...base, narrative: '€'.repeat(4096) }), 'OK');
  assert.equal(code({ ...base, statement_date: '2026-02-30' }), 'INVALID_FIELD');
  assert.equal(code({ ...base, currency_hint: 'euro' }), 'INVALID_FIELD');
  assert.equal(code({ ...base, received_at: 'yesterday' }), 'INVALID_FIELD');
  const missing = decode({ ...base, record_id: undefined });
  assert.ok(!missing.ok);
  assert.equal(missing.rejection.reason, 'record_id: missing');
  const tooLong = decode({ ...base, narrative: 'x'.repeat(5000) });
  assert.ok(!tooLong.ok);
  assert.equal(tooLong.rejection.recordId, 'r1');
  assert.equal(tooLong.rejection.reason, 'narrative: longer than 4096 characters (5000)');
});

test('a reason names the field and the rule, never the value', () => {
  const card = '4111 1111 1111 1111';
  const reasons = [
    decode(`{"record_id": "r1", "narrative": ${card}}`),
    decode(card),
    decode(`{"record_id": "${card}"`),
    decode({ ...base, statement_date: card }),
    decode({ ...base, currency_hint: card }),
    decode({ ...base, received_at: card }),
    decode({ ...base, source_updated_at: card }),
  ].map((d) => (d.ok ? 'OK' : d.rejection.reason));
  assert.deepEqual(reasons, [
    'not valid JSON: syntax error at character 39',
    'not valid JSON: syntax error at character 6',
    'not valid JSON: syntax error at character 36',
    'statement_date: not an ISO date YYYY-MM-DD',
    'currency_hint: not an ISO 4217 code such as EUR',
    'received_at: neither epoch milliseconds nor an ISO timestamp',
    'source_updated_at: neither epoch milliseconds, an ISO timestamp nor null',
  ]);
  const [unquoted, cut] = [decode('john.doe@example.com'), decode('{"record_id": ')];
  assert.ok(!unquoted.ok && !cut.ok);
  assert.equal(unquoted.rejection.reason, 'not valid JSON');
  assert.equal(cut.rejection.reason, 'not valid JSON: it ends too early');
});

test('invalid UTF-8 is caught on the bytes, with the offset of the bad byte', () => {
  const good = Buffer.from(JSON.stringify(base));
  const bad = Buffer.concat([good.subarray(0, 20), Buffer.from([0xc3, 0x28]), good.subarray(20)]);
  const decoded = decodeJsonNarrative(bad, { receivedAt: 0 });
  assert.ok(!decoded.ok);
  assert.equal(decoded.rejection.code, 'INVALID_UTF8');
  assert.match(decoded.rejection.reason, /byte 20/);
  assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0x42, 0xff])), 2);
});

test('lines split on bytes, CRLF tolerated, blank lines skipped, numbers kept', () => {
  const lines = [...splitLines(Buffer.from('a\r\n\n  \nb\nc'))];
  assert.deepEqual(
    lines.map((l) => [l.lineNumber, l.bytes.toString()]),
    [
      [1, 'a'],
      [4, 'b'],
      [5, 'c'],
    ],
  );
  assert.deepEqual([...splitLines(Buffer.alloc(0))], []);
});

test('lines read from a stream are the same lines, wherever the chunks happen to cut them', async () => {
  const text = Buffer.from('a\r\n\n  \nbéta\n{"x": 1}\r\nlast');
  const whole = [...splitLines(text)].map((l) => [l.lineNumber, l.bytes.toString()]);
  for (const size of [1, 2, 3, 7, 64]) {
    const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.subarray(i * size, (i + 1) * size));
    const streamed: (string | number)[][] = [];
    for await (const line of streamLines(Readable.from(chunks))) streamed.push([line.lineNumber, line.bytes.toString()]);
    assert.deepEqual(streamed, whole, `chunks of ${size} bytes`);
  }
  const none: unknown[] = [];
  for await (const line of streamLines(Readable.from([]))) none.push(line);
  assert.deepEqual(none, []);
});
