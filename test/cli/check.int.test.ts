/**
 * The CLI against real and wrong addresses: `check` passes on the servers npm test started and
 * fails fast, naming the server and the fix, on a wrong address.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { requireServers } from '#test/support/servers.ts';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
function parsimony(args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { ...result, elapsedMs: Date.now() - started };
}

test('check passes against the running servers', async () => {
  await requireServers('kafka', 'registry', 'elasticsearch');
  const result = parsimony(['check']);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /ok +kafka: 1 broker/);
  assert.match(result.stdout, /ok +elasticsearch: version 9\./);
});

test('wrong addresses fail fast, each naming its server and how to fix it', () => {
  const result = parsimony(['check'], {
    PARSIMONY_KAFKA_BROKERS: '127.0.0.1:1',
    PARSIMONY_SCHEMA_REGISTRY_URL: 'http://127.0.0.1:2',
    PARSIMONY_ELASTICSEARCH_URL: 'http://127.0.0.1:3',
  });
  assert.equal(result.status, 1);
  assert.match(result.stdout, /FAIL +kafka: Kafka is not reachable at 127\.0\.0\.1:1 .*PARSIMONY_KAFKA_BROKERS/);
  assert.match(
    result.stdout,
    /FAIL +schema registry: The schema registry is not reachable at http:\/\/127\.0\.0\.1:2 .*PARSIMONY_SCHEMA_REGISTRY_URL/,
  );
  assert.match(
    result.stdout,
    /FAIL +elasticsearch: Elasticsearch is not reachable at http:\/\/127\.0\.0\.1:3 .*PARSIMONY_ELASTICSEARCH_URL/,
  );
  assert.ok(result.elapsedMs < 30_000, `took ${result.elapsedMs} ms`);
});

test('an invalid setting stops the command at start, naming the key', () => {
  const result = parsimony(['check'], { PARSIMONY_METRICS_PORT: 'ninety' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /metrics\.port \(PARSIMONY_METRICS_PORT\): expected an integer from 0 to 65535, got "ninety"/);
});

test('topics apply refuses to start when Kafka is not there', () => {
  const result = parsimony(['topics', 'apply'], { PARSIMONY_KAFKA_BROKERS: '127.0.0.1:1' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Kafka is not reachable at 127\.0\.0\.1:1/);
});

test('usage errors exit 2 with the usage', () => {
  const result = parsimony(['topics', 'frobnicate']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /Usage: parsimony topics apply/);
});
