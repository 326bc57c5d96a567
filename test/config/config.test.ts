import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ParsimonyError } from '#src/common/errors.ts';
import { type Config, describeConfig, loadConfig, OTHER_VARIABLES } from '#src/config/config.ts';
import { optionList } from '#src/config/option-tree.ts';
import { OPTIONS } from '#src/config/options.ts';

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

/** Every key users' files, messages and `parsimony config` rely on; a renamed group would break them. */
const KEYS = [
  'kafka.brokers',
  'kafka.clientId',
  'kafka.groupId',
  'kafka.topicPrefix',
  'kafka.instanceId',
  'kafka.ssl',
  'kafka.sasl.mechanism',
  'kafka.sasl.username',
  'kafka.sasl.password',
  'kafka.connectionTimeoutMs',
  'kafka.sessionTimeoutMs',
  'kafka.heartbeatIntervalMs',
  'kafka.rebalanceTimeoutMs',
  'registry.url',
  'registry.username',
  'registry.password',
  'elasticsearch.url',
  'elasticsearch.apiKey',
  'elasticsearch.requestTimeoutMs',
  'providers.openai.apiKey',
  'providers.openai.baseUrl',
  'providers.anthropic.apiKey',
  'providers.anthropic.baseUrl',
  'batch.maxRecords',
  'batch.maxBytes',
  'batch.maxWaitMs',
  'budget.usdPerHour',
  'budget.usdPerDay',
  'budget.relaxFrom',
  'budget.relaxBy',
  'budget.ledgerIndex',
  'batchApi.latencyBudgets',
  'batchApi.minLatency',
  'batchApi.windowMaxAgeMs',
  'batchApi.rounds',
  'batchApi.journalIndex',
  'stream.inputFormat',
  'stream.outputFormat',
  'stream.transactional',
  'stream.rulesWorkers',
  'stream.heapLimitMib',
  'stream.memoryCeilingMib',
  'stream.maxInFlightRecords',
  'stream.maxInFlightBytes',
  'stream.partitionsConcurrently',
  'stream.windowsInFlight',
  'stream.stallTimeoutMs',
  'stream.drainTimeoutMs',
  'cache.enabled',
  'cache.index',
  'cache.fileTemplates',
  'cache.embeddings',
  'cache.dimensions',
  'cache.scope',
  'cache.minSimilarity',
  'cache.minScore',
  'cache.halfLifeDays',
  'cache.sourceHalfLifeDays',
  'cache.minConfirmations',
  'cache.maxErrorRate',
  'cache.k',
  'cache.numCandidates',
  'cache.vectorIndex',
  'cache.refreshIntervalMs',
  'cache.hotTemplates',
  'cache.hotTemplateMaxAgeMs',
  'cache.admitMinConfidence',
  'router.policy',
  'router.accuracyTarget',
  'router.minExamples',
  'router.retrainEvery',
  'router.explore',
  'router.modelName',
  'tiers',
  'metrics.host',
  'metrics.port',
  'log.level',
];

test('option keys are derived from the paths of the option tree', () => {
  assert.deepEqual(
    optionList(OPTIONS).map((o) => o.key),
    KEYS,
  );
  assert.deepEqual(
    loadConfig({ env: {} }).resolved.map((r) => r.key),
    KEYS,
  );
});

test('defaults give a working local configuration', () => {
  const { config } = loadConfig({ env: {} });
  // Checked by tsc: a defaulted option is never undefined in the derived type, an optional one may be.
  const defaultedIsDefined: undefined extends Config['kafka']['brokers'] ? false : true = true;
  const optionalMayBeUnset: undefined extends Config['kafka']['sasl']['mechanism'] ? true : false = true;
  assert.ok(defaultedIsDefined && optionalMayBeUnset);
  assert.deepEqual(config.kafka.brokers, ['127.0.0.1:9092']);
  assert.equal(config.registry.url, 'http://127.0.0.1:8081/apis/ccompat/v7');
  assert.equal(config.elasticsearch.url, 'http://127.0.0.1:9200');
  assert.equal(config.kafka.sasl.mechanism, undefined);
  assert.equal(config.log.level, 'info');
});

test('the instance id defaults to the host name, not the process, and is fit for a transactional id', () => {
  const { config } = loadConfig({ env: {} });
  assert.equal(config.kafka.instanceId, loadConfig({ env: {} }).config.kafka.instanceId);
  assert.equal(
    config.kafka.instanceId,
    hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 128) || 'parsimony',
  );
  assert.equal(loadConfig({ env: { PARSIMONY_INSTANCE_ID: 'extractor-2' } }).config.kafka.instanceId, 'extractor-2');
  for (const bad of ['two words', 'a/b', 'x'.repeat(129), 'naïve']) {
    assert.match(
      failure(() => loadConfig({ env: { PARSIMONY_INSTANCE_ID: bad } })).message,
      /kafka\.instanceId \(PARSIMONY_INSTANCE_ID\): expected 1 to 128 letters/,
    );
  }
});

test('rules workers: auto by default, a count, or 0 for none', () => {
  assert.equal(loadConfig({ env: {} }).config.stream.rulesWorkers, 'auto');
  assert.equal(loadConfig({ env: { PARSIMONY_RULES_WORKERS: '0' } }).config.stream.rulesWorkers, 0);
  assert.equal(loadConfig({ env: { PARSIMONY_RULES_WORKERS: '3' } }).config.stream.rulesWorkers, 3);
  assert.match(failure(() => loadConfig({ env: { PARSIMONY_RULES_WORKERS: 'many' } })).message, /stream\.rulesWorkers/);
});

test('the topic prefix is empty by default and takes only what a topic name may hold', () => {
  assert.equal(loadConfig({ env: {} }).config.kafka.topicPrefix, '');
  assert.equal(loadConfig({ env: { PARSIMONY_KAFKA_TOPIC_PREFIX: 'acme.prod.' } }).config.kafka.topicPrefix, 'acme.prod.');
  for (const bad of ['a b', 'a/b', 'x'.repeat(201)]) {
    assert.match(
      failure(() => loadConfig({ env: { PARSIMONY_KAFKA_TOPIC_PREFIX: bad } })).message,
      /kafka\.topicPrefix \(PARSIMONY_KAFKA_TOPIC_PREFIX\): expected up to 200 letters/,
    );
  }
});

test('a killed member is replaced within seconds by default: session 6 s, a heartbeat a second', () => {
  const { kafka } = loadConfig({ env: {} }).config;
  assert.equal(kafka.sessionTimeoutMs, 6_000);
  assert.equal(kafka.heartbeatIntervalMs, 1_000);
  assert.ok(kafka.heartbeatIntervalMs * 3 <= kafka.sessionTimeoutMs);
  const slow = failure(() => loadConfig({ env: { PARSIMONY_KAFKA_HEARTBEAT_INTERVAL_MS: '3000' } }));
  assert.match(slow.message, /kafka\.heartbeatIntervalMs \(3000\) must be at most a third of kafka\.sessionTimeoutMs \(6000\)/);
});

test('the environment overrides the file, the file overrides the default', () => {
  const file = configFile({ kafka: { brokers: ['k1:9092', 'k2:9092'], groupId: 'from-file' }, batch: { maxRecords: 10 } });
  const { config, resolved } = loadConfig({ env: { PARSIMONY_KAFKA_GROUP_ID: 'from-env' }, file });
  assert.deepEqual(config.kafka.brokers, ['k1:9092', 'k2:9092']);
  assert.equal(config.kafka.groupId, 'from-env');
  assert.equal(config.batch.maxRecords, 10);
  assert.equal(resolved.find((r) => r.key === 'kafka.groupId')?.origin, 'env');
  assert.equal(resolved.find((r) => r.key === 'batch.maxRecords')?.origin, 'file');
  assert.equal(resolved.find((r) => r.key === 'batch.maxWaitMs')?.origin, 'default');
  assert.equal(config.batch.maxWaitMs, 200);
});

test('the file nests like the option table; a leaf option may hold an object', () => {
  const file = configFile({
    kafka: { sasl: { mechanism: 'plain', username: 'u', password: 'p4ssword' } },
    registry: { username: 'r', password: 's3cret' },
    cache: { halfLifeDays: { default: 10, wire_advice: 5 } },
    log: { level: 'debug' },
  });
  const { config, secrets } = loadConfig({ env: {}, file });
  assert.deepEqual(config.kafka.sasl, { mechanism: 'plain', username: 'u', password: 'p4ssword' });
  assert.deepEqual([config.registry.username, config.registry.password], ['r', 's3cret']);
  assert.deepEqual(config.cache.halfLifeDays, { default: 10, wire_advice: 5 });
  assert.equal(config.log.level, 'debug');
  assert.deepEqual(secrets.sort(), ['p4ssword', 's3cret']);
});

test('every invalid value is reported at once, naming key, variable and expectation', () => {
  const error = failure(() =>
    loadConfig({
      env: { PARSIMONY_KAFKA_BROKERS: 'localhost', PARSIMONY_BATCH_MAX_WAIT_MS: 'soon', PARSIMONY_LOG_LEVEL: 'loud' },
    }),
  );
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
  const inUrl = failure(() => loadConfig({ env: { PARSIMONY_SCHEMA_REGISTRY_URL: 'http://u:s3cret@127.0.0.1:8081' } }));
  assert.match(inUrl.message, /registry\.url carries credentials: put them in registry\.username and registry\.password/);
  assert.doesNotMatch(inUrl.message, /s3cret/);
  const malformed = failure(() => loadConfig({ env: { PARSIMONY_ELASTICSEARCH_URL: 'http//u:s3cret@127.0.0.1:9200' } }));
  assert.doesNotMatch(malformed.message, /s3cret/);
  const ok = loadConfig({
    env: {
      PARSIMONY_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      PARSIMONY_KAFKA_SASL_USERNAME: 'u',
      PARSIMONY_KAFKA_SASL_PASSWORD: 'p4ssword',
    },
  });
  assert.deepEqual(ok.config.kafka.sasl, { mechanism: 'scram-sha-512', username: 'u', password: 'p4ssword' });
});

test('the file is checked: unknown keys, wrong JSON, wrong types name the file', () => {
  assert.match(
    failure(() => loadConfig({ env: {}, file: configFile({ kafka: { brokrs: 'x:1' } }) })).message,
    /kafka\.brokrs .*not a known option/,
  );
  const unknown = failure(() =>
    loadConfig({ env: {}, file: configFile({ kafka: { sasl: { user: 'u' } }, kafak: {}, log: 'debug' }) }),
  ).message;
  assert.match(unknown, /kafka\.sasl\.user \(in .*config\.json\): not a known option/);
  assert.match(unknown, /kafak \(in .*config\.json\): not a known option/);
  assert.match(unknown, /log \(in .*config\.json\): expected an object of options, got "debug"/);
  assert.match(failure(() => loadConfig({ env: {}, file: configFile('{not json') })).message, /is not valid JSON/);
  assert.match(
    failure(() => loadConfig({ env: {}, file: configFile({ metrics: { port: 70000 } }) })).message,
    /metrics\.port \(metrics\.port in .*config\.json\): expected an integer from 0 to 65535/,
  );
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

test('a tier model without a price refuses to start, named with how to fix it, beside the other problems', () => {
  const tiers = [
    {
      name: 'small',
      models: [
        { provider: 'openai', model: 'gpt-9-turbo' },
        { provider: 'anthropic', model: 'claude-haiku-4-5' },
      ],
    },
  ];
  const error = failure(() => loadConfig({ env: { PARSIMONY_TIERS: JSON.stringify(tiers), PARSIMONY_LOG_LEVEL: 'loud' } }));
  assert.equal(error.code, 'CONFIG_INVALID');
  assert.match(
    error.message,
    /tier small\): openai model gpt-9-turbo has no price: add it to src\/pricing\/prices\.json \(openai models are always paid\)/,
  );
  assert.match(error.message, /log\.level \(PARSIMONY_LOG_LEVEL\)/);
  assert.doesNotMatch(error.message, /claude-haiku-4-5/);
});

const compatible = (extra: object) => [
  { name: 'local', models: [{ provider: 'local-vllm', model: 'llama-3.1-8b', baseUrl: 'http://127.0.0.1:8000/v1', ...extra }] },
];

test('a self-hosted model of an OpenAI-compatible server needs no price', () => {
  const { config } = loadConfig({ env: {}, file: configFile({ tiers: compatible({ selfHosted: true }) }) });
  assert.equal(config.tiers[0]!.models[0]!.selfHosted, true);
});

test('an OpenAI-compatible model without a price and without selfHosted is refused', () => {
  const error = failure(() => loadConfig({ env: {}, file: configFile({ tiers: compatible({}) }) }));
  assert.match(error.message, /local-vllm model llama-3\.1-8b has no price: add it to src\/pricing\/prices\.json, or set selfHosted: true/);
});

test('selfHosted is for OpenAI-compatible servers only: openai and anthropic are always paid', () => {
  const tiers = [{ name: 'small', models: [{ provider: 'anthropic', model: 'claude-haiku-4-5', selfHosted: true }] }];
  assert.match(failure(() => loadConfig({ env: { PARSIMONY_TIERS: JSON.stringify(tiers) } })).message, /anthropic models are always paid/);
});

test("a tier's answer format: compact unless set, full when asked, anything else refused by name", () => {
  const tiers = (extra: object) => [{ name: 'small', models: [{ provider: 'openai', model: 'gpt-4o-mini' }], ...extra }];
  assert.equal(loadConfig({ env: { PARSIMONY_TIERS: JSON.stringify(tiers({})) } }).config.tiers[0]!.answerFormat, 'compact');
  assert.equal(
    loadConfig({ env: { PARSIMONY_TIERS: JSON.stringify(tiers({ answerFormat: 'full' })) } }).config.tiers[0]!.answerFormat,
    'full',
  );
  const error = failure(() => loadConfig({ env: { PARSIMONY_TIERS: JSON.stringify(tiers({ answerFormat: 'terse' })) } }));
  assert.match(error.message, /tier small: answerFormat must be one of full, compact/);
});

test('an unknown PARSIMONY_ variable is warned about, with the nearest known name', () => {
  const { warnings } = loadConfig({
    env: { PARSIMONY_KAFKA_BROKER: 'k:9092', PARSIMONY_SOMETHING_ELSE: '1', PARSIMONY_CACHE: '/c', HOME: '/root' },
  });
  assert.deepEqual(
    warnings.filter((w) => w.startsWith('PARSIMONY_')),
    [
      'PARSIMONY_KAFKA_BROKER is not a parsimony variable and is ignored (did you mean PARSIMONY_KAFKA_BROKERS?); `parsimony config --options` lists them',
      'PARSIMONY_SOMETHING_ELSE is not a parsimony variable and is ignored; `parsimony config --options` lists them',
    ],
  );
});

test('every PARSIMONY_ variable the scripts under ops/ read is known', () => {
  const ops = new URL('../../ops/', import.meta.url);
  const read = readdirSync(ops, { recursive: true })
    .filter((f) => String(f).endsWith('.sh'))
    .flatMap((f) => readFileSync(new URL(String(f), ops), 'utf8').match(/PARSIMONY_[A-Z0-9_]+/g) ?? []);
  const known = new Set([...loadConfig({ env: {} }).resolved.map((r) => r.env), ...OTHER_VARIABLES]);
  assert.deepEqual(
    [...new Set(read)].filter((v) => !known.has(v)),
    [],
  );
});
