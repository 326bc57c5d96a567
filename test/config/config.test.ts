import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeConfig, loadConfig } from '#src/config/config.ts';
import { ParsimonyError } from '#src/common/errors.ts';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'parsimony-config-')), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function failure(run: () => unknown): ParsimonyError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ParsimonyError);
    return error;
  }
  assert.fail('expected a configuration error');
}

test('defaults give a working local configuration', () => {
  const { config } = loadConfig({ env: {} });
  assert.deepEqual(config.kafka.brokers, ['127.0.0.1:9092']);
  assert.equal(config.registry.url, 'http://127.0.0.1:8081/apis/ccompat/v7');
  assert.equal(config.elasticsearch.url, 'http://127.0.0.1:9200');
  assert.equal(config.kafka.sasl, undefined);
  assert.equal(config.log.level, 'info');
});

test('the environment overrides the file, the file overrides the default', () => {
  const file = configFile({ kafka: { brokers: ['k1:9092', 'k2:9092'], groupId: 'from-file' }, batch: { maxRecords: 10 } });
  const { config, resolved } = loadConfig({ env: { PARSIMONY_KAFKA_GROUP_ID: 'from-env' }, file });
  assert.deepEqual(config.kafka.brokers, ['k1:9092', 'k2:9092']);
  assert.equal(config.kafka.groupId, 'from-env');
  assert.equal(config.batch.maxRecords, 10);
  assert.equal(resolved.find((r) => r.key === 'kafka.groupId')?.origin, 'env');
  assert.equal(resolved.find((r) => r.key === 'batch.maxRecords')?.origin, 'file');
});

test('every invalid value is reported at once, naming key, variable and expectation', () => {
  const error = failure(() => loadConfig({
    env: { PARSIMONY_KAFKA_BROKERS: 'localhost', PARSIMONY_BATCH_MAX_WAIT_MS: 'soon', PARSIMONY_LOG_LEVEL: 'loud' },
  }));
  assert.equal(error.code, 'CONFIG_INVALID');
  assert.match(error.message, /kafka\.brokers \(PARSIMONY_KAFKA_BROKERS\): expected host:port/);
  assert.match(error.message, /batch\.maxWaitMs \(PARSIMONY_BATCH_MAX_WAIT_MS\): expected an integer from 1 to 600000, got "soon"/);
  assert.match(error.message, /log\.level \(PARSIMONY_LOG_LEVEL\): expected one of debug, info, warn, error/);
});

test('cross-field checks: SASL needs user and password, registry auth goes in pairs', () => {
  const sasl = failure(() => loadConfig({ env: { PARSIMONY_KAFKA_SASL_MECHANISM: 'plain', PARSIMONY_KAFKA_SASL_USERNAME: 'u' } }));
  assert.match(sasl.message, /kafka\.sasl\.username .* and kafka\.sasl\.password .* are both needed/);
  const registry = failure(() => loadConfig({ env: { PARSIMONY_SCHEMA_REGISTRY_USERNAME: 'u' } }));
  assert.match(registry.message, /registry\.username and registry\.password go together/);
  const ok = loadConfig({ env: {
    PARSIMONY_KAFKA_SASL_MECHANISM: 'scram-sha-512', PARSIMONY_KAFKA_SASL_USERNAME: 'u', PARSIMONY_KAFKA_SASL_PASSWORD: 'p4ssword',
  } });
  assert.deepEqual(ok.config.kafka.sasl, { mechanism: 'scram-sha-512', username: 'u', password: 'p4ssword' });
});

test('the file is checked: unknown keys, wrong JSON, wrong types name the file', () => {
  assert.match(failure(() => loadConfig({ env: {}, file: configFile({ kafka: { brokrs: 'x:1' } }) })).message, /kafka\.brokrs .*not a known option/);
  assert.match(failure(() => loadConfig({ env: {}, file: configFile('{not json') })).message, /is not valid JSON/);
  assert.match(failure(() => loadConfig({ env: {}, file: configFile({ metrics: { port: 70000 } }) })).message,
    /metrics\.port \(metrics\.port in .*config\.json\): expected an integer from 0 to 65535/);
  assert.match(failure(() => loadConfig({ env: {}, file: '/nonexistent/parsimony.json' })).message, /cannot be read/);
});

test('secrets are collected for redaction and masked when the config is printed', () => {
  const { secrets, resolved } = loadConfig({ env: { OPENAI_API_KEY: 'sk-test-abcdef', PARSIMONY_ELASTICSEARCH_API_KEY: 'es-key-123' } });
  assert.deepEqual(secrets.sort(), ['es-key-123', 'sk-test-abcdef']);
  const printed = describeConfig(resolved).join('\n');
  assert.doesNotMatch(printed, /sk-test-abcdef|es-key-123/);
  assert.match(printed, /providers\.openai\.apiKey = \*+ \(set\)/);
});

test('URLs lose a trailing slash; non-http URLs are refused', () => {
  const { config } = loadConfig({ env: { PARSIMONY_ELASTICSEARCH_URL: 'http://es:9200/' } });
  assert.equal(config.elasticsearch.url, 'http://es:9200');
  assert.match(failure(() => loadConfig({ env: { PARSIMONY_SCHEMA_REGISTRY_URL: 'ftp://x' } })).message, /expected an http\(s\) URL/);
});
