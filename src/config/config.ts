/**
 * The one typed, validated configuration. Read once at start from the environment and an
 * optional JSON file; every invalid value is reported together, each naming its key, its
 * environment variable and what is expected.
 */
import { readFileSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import { ValueError } from './parsers.ts';
import { OPTIONS, type Option } from './options.ts';
import type { TierSpec } from './tier-specs.ts';

export type Config = {
  kafka: {
    brokers: string[];
    clientId: string;
    groupId: string;
    ssl: boolean;
    sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
    connectionTimeoutMs: number;
  };
  registry: { url: string; auth?: { username: string; password: string } };
  elasticsearch: { url: string; apiKey?: string; requestTimeoutMs: number };
  providers: {
    openai: { apiKey?: string; baseUrl?: string };
    anthropic: { apiKey?: string; baseUrl?: string };
  };
  batch: { maxRecords: number; maxBytes: number; maxWaitMs: number };
  stream: {
    inputFormat: 'avro' | 'json';
    outputFormat: 'avro' | 'json';
    transactional: boolean;
    maxInFlightRecords: number;
    partitionsConcurrently: number;
    windowsInFlight: number;
    drainTimeoutMs: number;
  };
  cache: {
    enabled: boolean;
    index: string;
    embeddings: 'local' | 'openai';
    dimensions: number;
    scope: 'source' | 'document_type' | 'global';
    minSimilarity: number;
    minScore: number;
    halfLifeDays: Record<string, number>;
    sourceHalfLifeDays: Record<string, number>;
    k: number;
    numCandidates: number;
    admitMinConfidence: number;
  };
  tiers: TierSpec[];
  metrics: { host: string; port: number };
  log: { level: 'debug' | 'info' | 'warn' | 'error' };
};

export type ConfigSource = {
  env: Record<string, string | undefined>;
  /** Path of an optional JSON config file. */
  file?: string;
};

type Origin = 'env' | 'file' | 'default';

/** One resolved option, for `parsimony config` and for redaction. */
export type ResolvedOption = { key: string; env: string; value: unknown; origin: Origin; secret: boolean; doc: string };

export type LoadedConfig = { config: Config; resolved: ResolvedOption[]; secrets: string[] };

export function loadConfig(source: ConfigSource): LoadedConfig {
  const fileValues = source.file ? readConfigFile(source.file) : {};
  const problems: string[] = [];
  const resolved: ResolvedOption[] = [];
  const known = new Set(Object.values(OPTIONS).map((o) => o.key));
  for (const key of Object.keys(fileValues)) {
    if (!known.has(key)) problems.push(`${key} (in ${source.file}): not a known option`);
  }

  function read<T>(option: Option<T>): T | undefined {
    const fromEnv = source.env[option.env];
    const [raw, origin]: [unknown, Origin] =
      fromEnv !== undefined && fromEnv !== '' ? [fromEnv, 'env']
      : option.key in fileValues ? [fileValues[option.key], 'file']
      : [undefined, 'default'];
    let value: T | undefined = option.default;
    if (origin !== 'default') {
      try {
        value = option.parse(raw);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        const where = origin === 'env' ? option.env : `${option.key} in ${source.file}`;
        problems.push(`${option.key} (${where}): ${error.message}`);
      }
    }
    resolved.push({ key: option.key, env: option.env, value, origin, secret: option.secret ?? false, doc: option.doc });
    return value;
  }
  const required = <T>(option: Option<T>): T => read(option) as T;

  const saslMechanism = read(OPTIONS.kafkaSaslMechanism);
  const saslUsername = read(OPTIONS.kafkaSaslUsername);
  const saslPassword = read(OPTIONS.kafkaSaslPassword);
  if (saslMechanism && (!saslUsername || !saslPassword)) {
    problems.push(`kafka.sasl.mechanism is ${saslMechanism}: kafka.sasl.username (${OPTIONS.kafkaSaslUsername.env}) and kafka.sasl.password (${OPTIONS.kafkaSaslPassword.env}) are both needed`);
  }
  const registryUsername = read(OPTIONS.registryUsername);
  const registryPassword = read(OPTIONS.registryPassword);
  if (Boolean(registryUsername) !== Boolean(registryPassword)) {
    problems.push('registry.username and registry.password go together: set both or neither');
  }

  const config: Config = {
    kafka: {
      brokers: required(OPTIONS.kafkaBrokers),
      clientId: required(OPTIONS.kafkaClientId),
      groupId: required(OPTIONS.kafkaGroupId),
      ssl: required(OPTIONS.kafkaSsl),
      ...(saslMechanism && saslUsername && saslPassword
        ? { sasl: { mechanism: saslMechanism, username: saslUsername, password: saslPassword } }
        : {}),
      connectionTimeoutMs: required(OPTIONS.kafkaConnectionTimeoutMs),
    },
    registry: {
      url: required(OPTIONS.registryUrl),
      ...(registryUsername && registryPassword ? { auth: { username: registryUsername, password: registryPassword } } : {}),
    },
    elasticsearch: {
      url: required(OPTIONS.elasticsearchUrl),
      apiKey: read(OPTIONS.elasticsearchApiKey),
      requestTimeoutMs: required(OPTIONS.elasticsearchRequestTimeoutMs),
    },
    providers: {
      openai: { apiKey: read(OPTIONS.openaiApiKey), baseUrl: read(OPTIONS.openaiBaseUrl) },
      anthropic: { apiKey: read(OPTIONS.anthropicApiKey), baseUrl: read(OPTIONS.anthropicBaseUrl) },
    },
    batch: {
      maxRecords: required(OPTIONS.batchMaxRecords),
      maxBytes: required(OPTIONS.batchMaxBytes),
      maxWaitMs: required(OPTIONS.batchMaxWaitMs),
    },
    stream: {
      inputFormat: required(OPTIONS.inputFormat),
      outputFormat: required(OPTIONS.outputFormat),
      transactional: required(OPTIONS.transactional),
      maxInFlightRecords: required(OPTIONS.maxInFlight),
      partitionsConcurrently: required(OPTIONS.partitionsConcurrently),
      windowsInFlight: required(OPTIONS.windowsInFlight),
      drainTimeoutMs: required(OPTIONS.drainTimeoutMs),
    },
    cache: {
      enabled: required(OPTIONS.cacheEnabled),
      index: required(OPTIONS.cacheIndex),
      embeddings: required(OPTIONS.embeddings),
      dimensions: required(OPTIONS.embeddingDimensions),
      scope: required(OPTIONS.cacheScope),
      minSimilarity: required(OPTIONS.cacheMinSimilarity),
      minScore: required(OPTIONS.cacheMinScore),
      halfLifeDays: required(OPTIONS.cacheHalfLifeDays),
      sourceHalfLifeDays: required(OPTIONS.cacheSourceHalfLifeDays),
      k: required(OPTIONS.cacheK),
      numCandidates: required(OPTIONS.cacheNumCandidates),
      admitMinConfidence: required(OPTIONS.cacheAdmitMinConfidence),
    },
    tiers: required(OPTIONS.tiers),
    metrics: { host: required(OPTIONS.metricsHost), port: required(OPTIONS.metricsPort) },
    log: { level: required(OPTIONS.logLevel) },
  };

  if (config.cache.embeddings === 'openai' && !config.providers.openai.apiKey) {
    problems.push('cache.embeddings is openai (PARSIMONY_EMBEDDINGS): OPENAI_API_KEY is needed, or use local');
  }
  if (config.cache.numCandidates < config.cache.k) {
    problems.push(`cache.numCandidates (${config.cache.numCandidates}) must be at least cache.k (${config.cache.k})`);
  }
  if (config.stream.maxInFlightRecords < config.batch.maxRecords) {
    problems.push(`stream.maxInFlightRecords (${config.stream.maxInFlightRecords}) must be at least batch.maxRecords (${config.batch.maxRecords}), or no window could ever fill`);
  }
  if (problems.length > 0) {
    throw new ParsimonyError('CONFIG_INVALID', `Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const secrets = resolved.filter((r) => r.secret && typeof r.value === 'string').map((r) => r.value as string);
  return { config, resolved, secrets };
}

/** Reads the JSON config file into dotted keys: {"kafka": {"brokers": [..]}} → {"kafka.brokers": [..]}. */
function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ParsimonyError('CONFIG_INVALID', `Config file ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ParsimonyError('CONFIG_INVALID', `Config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) {
    throw new ParsimonyError('CONFIG_INVALID', `Config file ${path} must hold a JSON object`);
  }
  return flatten(parsed, '');
}

function flatten(object: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const optionKeys = new Set(Object.values(OPTIONS).map((o) => o.key));
  for (const [name, value] of Object.entries(object)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (isPlainObject(value) && !optionKeys.has(key)) Object.assign(out, flatten(value, key));
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The resolved options as printable lines, secrets masked. */
export function describeConfig(resolved: ResolvedOption[]): string[] {
  const order = Object.values(OPTIONS).map((o) => o.key);
  const sorted = [...resolved].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  return sorted.map((r) => {
    const shown = r.value === undefined ? '(unset)' : r.secret ? '******** (set)' : JSON.stringify(r.value);
    return `${r.key} = ${shown}    [${r.origin}; ${r.env}]`;
  });
}
