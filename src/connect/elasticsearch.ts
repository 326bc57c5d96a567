/**
 * The Elasticsearch client, built from config, and a fail-fast check of server and version.
 */
import { Client, errors } from '@elastic/elasticsearch';
import { describeError, ParsimonyError } from '../common/errors.ts';
import { redactUrlCredentials } from '../common/printable.ts';
import type { Config } from '../config/config.ts';

/** The client speaks to servers of its own major version only. */
export const ELASTICSEARCH_MAJOR = 9;

export function createElasticsearch(config: Config['elasticsearch']): Client {
  return new Client({
    node: config.url,
    ...(config.apiKey ? { auth: { apiKey: config.apiKey } } : {}),
    requestTimeout: config.requestTimeoutMs,
    maxRetries: 1,
  });
}

/** Asks the node who it is; throws ELASTICSEARCH_UNREACHABLE with how to fix it. */
export async function checkElasticsearch(client: Client, config: Config['elasticsearch']): Promise<{ version: string }> {
  let version: string;
  try {
    const info = await client.info();
    version = info.version.number;
  } catch (error) {
    throw new ParsimonyError(
      'ELASTICSEARCH_UNREACHABLE',
      `Elasticsearch is not reachable at ${redactUrlCredentials(config.url)} (${redactUrlCredentials(describeError(error))}). Start the local node ` +
        'with `bash ops/up.sh`, or point PARSIMONY_ELASTICSEARCH_URL at your cluster.',
      { retryable: true, cause: error },
    );
  }
  if (Number(version.split('.')[0]) !== ELASTICSEARCH_MAJOR) {
    throw new ParsimonyError(
      'ELASTICSEARCH_UNREACHABLE',
      `Elasticsearch at ${redactUrlCredentials(config.url)} is version ${version}; this service needs ${ELASTICSEARCH_MAJOR}.x.`,
    );
  }
  return { version };
}

/**
 * Creates a small index of the service's own, stamped `_meta.parsimony.kind`, or checks that the
 * one of that name is of that kind (never writes into an index it did not make).
 */
export async function ensureKindIndex(
  client: Client,
  options: { index: string; kind: string; properties: Record<string, unknown>; option: string; requestTimeoutMs: number },
): Promise<void> {
  const transport = { requestTimeout: options.requestTimeoutMs };
  const { index, kind } = options;
  try {
    await client.indices.create(
      {
        index,
        mappings: { dynamic: 'strict', _meta: { parsimony: { kind } }, properties: options.properties as never },
        settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
      },
      transport,
    );
  } catch (error) {
    if (!(error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception')) throw error;
    const found = await client.indices.getMapping({ index }, transport);
    const kinds = Object.values(found).map((m) => (m.mappings._meta as { parsimony?: { kind?: string } } | undefined)?.parsimony?.kind);
    if (kinds.some((k) => k !== kind))
      throw new ParsimonyError(
        'CONFIG_INVALID',
        `index ${index} exists but is not a parsimony ${kind} index: set ${options.option} to another name, or delete it`,
      );
  }
}
