/**
 * What the CLI prints and writes holds no secret and no raw control character: URL passwords in
 * `config` and `check`, input values in `validate`'s reasons, paths in error messages. Run as a
 * child process, as a person runs it; no server is needed (the addresses are closed ports).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parsimony-printed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function parsimony(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

/** Characters a terminal would act on rather than show. */
function rawControls(text: string): string[] {
  return [...text].filter((c) => {
    const code = c.charCodeAt(0);
    return (code < 0x20 && c !== '\n') || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e);
  });
}

const credentials = {
  PARSIMONY_KAFKA_BROKERS: '127.0.0.1:1',
  PARSIMONY_SCHEMA_REGISTRY_URL: 'http://127.0.0.1:2/apis/ccompat/v7',
  PARSIMONY_SCHEMA_REGISTRY_USERNAME: 'registry-user',
  PARSIMONY_SCHEMA_REGISTRY_PASSWORD: 'registry-s3cret',
  PARSIMONY_ELASTICSEARCH_URL: 'http://elastic:elastic-s3cret@127.0.0.1:3',
  OPENAI_BASE_URL: 'https://sk-in-the-url-s3cret@127.0.0.1:4/v1',
};

test('config shows every URL with its password replaced, and no password option', () => {
  const result = parsimony(['config'], credentials);
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stdout + result.stderr, /s3cret/);
  assert.match(result.stdout, /elasticsearch\.url = "http:\/\/elastic:\*\*\*@127\.0\.0\.1:3"/);
  assert.match(result.stdout, /providers\.openai\.baseUrl = "https:\/\/\*\*\*@127\.0\.0\.1:4\/v1"/);
});

test('check names the addresses it could not reach without their passwords', () => {
  const result = parsimony(['check'], credentials);
  assert.equal(result.status, 1);
  assert.doesNotMatch(result.stdout + result.stderr, /s3cret/);
  assert.match(result.stdout, /FAIL +schema registry: The schema registry is not reachable at http:\/\/127\.0\.0\.1:2/);
  assert.match(result.stdout, /FAIL +elasticsearch: Elasticsearch is not reachable at http:\/\/elastic:\*\*\*@127\.0\.0\.1:3/);
});

test('validate prints reasons without the values, escaped, and writes its files for their owner only', () => {
  const card = '4111111111111111';
  const input = join(dir, 'in.jsonl');
  const good = { narrative: 'POS 12,50 EUR REWE', source_id: 'bank-de', document_type: 'card_feed' };
  writeFileSync(
    input,
    [
      { ...good, record_id: 'ok-1' },
      { ...good, record_id: card },
      { ...good, record_id: 'r2\u001b[2J\nINFO all records valid' },
      { ...good, record_id: 'x'.repeat(200_000) },
      { ...good, record_id: 'ok-2', source_id: `bank ${card}` },
      { ...good, record_id: 'ok-3', statement_date: card },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  const output = join(dir, 'valid.jsonl');
  const deadLetters = join(dir, 'dlq.jsonl');
  const result = parsimony(['validate', '--input', input, '--output', output, '--dead-letters', deadLetters]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(rawControls(result.stdout), []);
  assert.doesNotMatch(result.stdout, new RegExp(`${card}|INFO all|xxxx`));
  assert.deepEqual(result.stdout.trim().split('\n').slice(1), [
    '  line 2: INVALID_FIELD — record_id: holds a card number',
    '  line 3: INVALID_FIELD — record_id: holds a control character (U+001B)',
    '  line 4: INVALID_FIELD — record_id: longer than 256 characters',
    '  line 5: INVALID_FIELD — source_id: holds a card number',
    '  line 6: INVALID_FIELD — statement_date: not an ISO date YYYY-MM-DD',
  ]);
  assert.equal(statSync(output).mode & 0o777, 0o600);
  assert.equal(statSync(deadLetters).mode & 0o777, 0o600);
  const letters = readFileSync(deadLetters, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  for (const letter of letters) {
    assert.doesNotMatch(`${JSON.stringify(letter)} ${Buffer.from(letter.original_value, 'base64')}`, new RegExp(card));
  }
});

test('an error message quoting input is printed escaped', () => {
  const result = parsimony(['validate', '--input', join(dir, 'no-such\u001b[31m-file.jsonl')]);
  assert.equal(result.status, 1);
  assert.deepEqual(rawControls(result.stderr), []);
  assert.match(result.stderr, /no-such\\x1b\[31m-file\.jsonl/);
});
