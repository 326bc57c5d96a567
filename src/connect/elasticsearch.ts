/**
 * The Elasticsearch client, built from config, and a fail-fast check of server and version.
 */
import { Client } from '@elastic/elasticsearch';
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
