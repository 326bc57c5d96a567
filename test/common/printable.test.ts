import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeControlCharacters, firstControlCharacter, printable, printableLines, redactUrlCredentials } from '#src/common/printable.ts';

test('control characters become visible escapes; the text stays on one line', () => {
  assert.equal(escapeControlCharacters('r1\u001b[31m\nINFO forged\r\t'), 'r1\\x1b[31m\\nINFO forged\\r\\t');
  assert.equal(escapeControlCharacters('a\u0000b\u007fc\u009bd'), 'a\\x00b\\x7fc\\x9bd');
  assert.equal(escapeControlCharacters('pay\u202eusd\u2066x\u2069\u2028'), 'pay\\u202eusd\\u2066x\\u2069\\u2028');
  assert.equal(escapeControlCharacters('PAIEMENT CB 12,50 € à Zürich \\n'), 'PAIEMENT CB 12,50 € à Zürich \\n');
});

test('the first control character is named by its code point', () => {
  assert.equal(firstControlCharacter('ok'), null);
  assert.equal(firstControlCharacter('a\nb\u001b'), 'U+000A');
  assert.equal(firstControlCharacter('x\u202e'), 'U+202E');
});

test("a URL's password is replaced wherever the URL sits; user info without a colon is replaced whole", () => {
  assert.equal(redactUrlCredentials('http://user:secret@host:9200'), 'http://user:***@host:9200');
  assert.equal(redactUrlCredentials('https://TOKEN123@registry.example/apis'), 'https://***@registry.example/apis');
  assert.equal(
    redactUrlCredentials('elasticsearch.url = "http://elastic:p@ss@10.0.0.1:9200/x"  [file]'),
    'elasticsearch.url = "http://elastic:***@10.0.0.1:9200/x"  [file]',
  );
  assert.equal(redactUrlCredentials('http://127.0.0.1:9200/path@x and mail a@b.com'), 'http://127.0.0.1:9200/path@x and mail a@b.com');
  assert.equal(
    redactUrlCredentials('[{"baseUrl":"https://k:v@llm.local/v1"},{"baseUrl":"https://h/v1"}]'),
    '[{"baseUrl":"https://k:***@llm.local/v1"},{"baseUrl":"https://h/v1"}]',
  );
});

test('printable does both; printableLines keeps the line breaks a message has', () => {
  assert.equal(printable('at http://u:pw@h:1\n\u001b'), 'at http://u:***@h:1\\n\\x1b');
  assert.equal(printableLines('problems:\n  a \u001b[2J\n  http://u:pw@h'), 'problems:\n  a \\x1b[2J\n  http://u:***@h');
});
