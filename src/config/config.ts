/**
 * The one typed, validated configuration. Read once at start from the environment and an
 * optional JSON file; every invalid value is reported together, each naming its key, its
 * environment variable and what is expected. The `Config` type is derived from the option
 * table (options.ts), so an option is written in one place only.
 */
import { readFileSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import { loadPriceTable } from '../pricing/price-table.ts';
import { legacyModels, unpricedModels } from './model-prices.ts';
import { type ConfigOf, isOption, type Option, type OptionTree } from './option-tree.ts';
import { OPTIONS } from './options.ts';
import { ValueError } from './parsers.ts';

export type Config = ConfigOf<typeof OPTIONS>;

export type ConfigSource = {
  env: Record<string, string | undefined>;
  /** Path of an optional JSON config file. */
  file?: string;
};

type Origin = 'env' | 'file' | 'default';

/** One resolved option, for `parsimony config` and for redaction. */
export type ResolvedOption = { key: string; env: string; value: unknown; origin: Origin; secret: boolean; doc: string };

/** `warnings`: what the configuration allows but should change (a legacy model), one line each, for the caller to log. */
export type LoadedConfig = { config: Config; resolved: ResolvedOption[]; secrets: string[]; warnings: string[] };

/** What one walk of the option tree reads from and writes to. */
type Walk = {
  env: Record<string, string | undefined>;
  filePath: string | undefined;
  problems: string[];
  resolved: ResolvedOption[];
};

export function loadConfig(source: ConfigSource): LoadedConfig {
  const walk: Walk = { env: source.env, filePath: source.file, problems: [], resolved: [] };
  const fileValues = source.file ? readConfigFile(source.file) : {};
  // The walk builds exactly the shape ConfigOf derives from the same tree.
  const config = resolveTree(OPTIONS, fileValues, '', walk) as Config;
  const prices = loadPriceTable();
  const modelUses = { tiers: config.tiers, openaiEmbeddings: config.cache.embeddings === 'openai' };
  const problems = [...walk.problems, ...crossFieldProblems(config), ...unpricedModels(modelUses, prices)];
  if (problems.length > 0) {
    throw new ParsimonyError('CONFIG_INVALID', `Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const secrets = walk.resolved.filter((r) => r.secret && typeof r.value === 'string').map((r) => r.value as string);
  const variables = [...walk.resolved.map((r) => r.env), ...OTHER_VARIABLES];
  return {
    config,
    resolved: walk.resolved,
    secrets,
    warnings: [...unknownVariables(source.env, variables), ...legacyModels(modelUses, prices)],
  };
}

/**
 * PARSIMONY_ variables that are not options: the config file's path, what the scripts under
 * ops/ read (where the downloads and the servers' data go, which Java, Node and Elasticsearch),
 * and the Chromium the HTML report's test opens.
 */
export const OTHER_VARIABLES = [
  'PARSIMONY_CONFIG',
  'PARSIMONY_CACHE',
  'PARSIMONY_ROOT',
  'PARSIMONY_RUN',
  'PARSIMONY_FRESH',
  'PARSIMONY_KEEP_INFRA',
  'PARSIMONY_NODE_VERSION',
  'PARSIMONY_JAVA_HOME',
  'PARSIMONY_JAVA21_DIR',
  'PARSIMONY_KAFKA_JAVA_HOME',
  'PARSIMONY_ES_HEAP',
  'PARSIMONY_ES_USER',
  'PARSIMONY_ES_VERSION',
  'PARSIMONY_CHROMIUM',
];

/** A misspelt variable would silently leave its option at the default: each unknown one is named, with the nearest known. */
export function unknownVariables(env: Record<string, string | undefined>, known: readonly string[]): string[] {
  const knownSet = new Set(known);
  return Object.keys(env)
    .filter((name) => name.startsWith('PARSIMONY_') && !knownSet.has(name))
    .sort()
    .map((name) => {
      let nearest = { name: known[0]!, distance: Number.POSITIVE_INFINITY };
      for (const k of known) {
        const distance = editDistance(name, k);
        if (distance < nearest.distance) nearest = { name: k, distance };
      }
      const hint = nearest.distance <= 3 ? ` (did you mean ${nearest.name}?)` : '';
      return `${name} is not a parsimony variable and is ignored${hint}; \`parsimony config --options\` lists them`;
    });
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Resolves every option under `tree`, reading the file's section of the same path beside it. */
function resolveTree(tree: OptionTree, section: Record<string, unknown>, prefix: string, walk: Walk): Record<string, unknown> {
  for (const name of Object.keys(section)) {
    if (!Object.hasOwn(tree, name)) walk.problems.push(`${keyOf(prefix, name)} (in ${walk.filePath}): not a known option`);
  }
  return Object.fromEntries(
    Object.entries(tree).map(([name, node]) => {
      const key = keyOf(prefix, name);
      const fromFile = Object.hasOwn(section, name) ? section[name] : undefined;
      const value = isOption(node)
        ? resolveOption(node, key, fromFile, walk)
        : resolveTree(node, groupSection(fromFile, key, walk), key, walk);
      return [name, value];
    }),
  );
}

/** The environment wins over the file, the file over the default. */
function resolveOption(option: Option<unknown>, key: string, fromFile: unknown, walk: Walk): unknown {
  const fromEnv = walk.env[option.env];
  const [raw, origin]: [unknown, Origin] =
    fromEnv !== undefined && fromEnv !== '' ? [fromEnv, 'env'] : fromFile !== undefined ? [fromFile, 'file'] : [undefined, 'default'];
  let value = option.kind === 'defaulted' ? option.default : undefined;
  if (origin !== 'default') {
    try {
      value = option.parse(raw);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      const where = origin === 'env' ? option.env : `${key} in ${walk.filePath}`;
      walk.problems.push(`${key} (${where}): ${error.message}`);
    }
  }
  walk.resolved.push({ key, env: option.env, value, origin, secret: option.secret ?? false, doc: option.doc });
  return value;
}

/** The file's object for a group of options; anything else there is a problem. */
function groupSection(value: unknown, key: string, walk: Walk): Record<string, unknown> {
  if (value === undefined) return {};
  if (isPlainObject(value)) return value;
  walk.problems.push(`${key} (in ${walk.filePath}): expected an object of options, got ${JSON.stringify(value)}`);
  return {};
}

const keyOf = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

/** Checks that span options: each names every option involved. */
function crossFieldProblems(config: Config): string[] {
  const problems: string[] = [];
  const { sasl } = config.kafka;
  if (sasl.mechanism && (!sasl.username || !sasl.password)) {
    const { username, password } = OPTIONS.kafka.sasl;
    problems.push(
      `kafka.sasl.mechanism is ${sasl.mechanism}: kafka.sasl.username (${username.env}) and kafka.sasl.password (${password.env}) are both needed`,
    );
  }
  const { sessionTimeoutMs, heartbeatIntervalMs } = config.kafka;
  if (heartbeatIntervalMs * 3 > sessionTimeoutMs) {
    // kafkajs only refuses a heartbeat at or past the session; a member needs a few per session to survive one lost.
    problems.push(
      `kafka.heartbeatIntervalMs (${heartbeatIntervalMs}) must be at most a third of kafka.sessionTimeoutMs (${sessionTimeoutMs}), or a member can miss its session between heartbeats`,
    );
  }
  if (new URL(config.registry.url).username) {
    // The registry client's HTTP stack refuses credentials inside a URL; they have options of their own.
    problems.push(
      `registry.url carries credentials: put them in registry.username and registry.password (${OPTIONS.registry.username.env}, ${OPTIONS.registry.password.env}) instead`,
    );
  }
  if (Boolean(config.registry.username) !== Boolean(config.registry.password)) {
    problems.push('registry.username and registry.password go together: set both or neither');
  }
  if (config.cache.embeddings === 'openai' && !config.providers.openai.apiKey) {
    problems.push('cache.embeddings is openai (PARSIMONY_EMBEDDINGS): OPENAI_API_KEY is needed, or use local');
  }
  if (config.cache.numCandidates < config.cache.k) {
    problems.push(`cache.numCandidates (${config.cache.numCandidates}) must be at least cache.k (${config.cache.k})`);
  }
  if (config.stream.maxInFlightRecords < config.batch.maxRecords) {
    problems.push(
      `stream.maxInFlightRecords (${config.stream.maxInFlightRecords}) must be at least batch.maxRecords (${config.batch.maxRecords}), or no window could ever fill`,
    );
  }
  return problems;
}

/** Reads the JSON config file, nested like the option table: {"kafka": {"brokers": [..]}}. */
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
  return parsed;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The resolved options as printable lines, in table order, secrets masked. */
export function describeConfig(resolved: ResolvedOption[]): string[] {
  return resolved.map((r) => {
    const shown = r.value === undefined ? '(unset)' : r.secret ? '******** (set)' : JSON.stringify(r.value);
    return `${r.key} = ${shown}    [${r.origin}; ${r.env}]`;
  });
}
