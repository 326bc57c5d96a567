/**
 * The Confluent-compatible schema registry client, built from config, and a fail-fast check.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describeError, ParsimonyError } from '../common/errors.ts';
import { redactUrlCredentials } from '../common/printable.ts';
import type { Config } from '../config/config.ts';

export function createSchemaRegistry(config: Config['registry']): SchemaRegistry {
  const auth = basicAuth(config);
  return new SchemaRegistry({
    host: config.url,
    ...(auth ? { auth } : {}),
    retry: { retries: 2, initialRetryTimeInSecs: 0.1, maxRetryTimeInSecs: 1 },
  });
}

/** A schema as the registry client gives it by id: it encodes (toBuffer) and decodes (fromBuffer). */
export type RegistrySchema = Awaited<ReturnType<SchemaRegistry['getSchema']>>;

/** Confluent's wire format: magic byte 0, the schema id (4 bytes, big-endian), then the encoded body. */
export function framed(schemaId: number, body: Buffer): Buffer {
  const bytes = Buffer.allocUnsafe(5 + body.length);
  bytes[0] = 0;
  bytes.writeUInt32BE(schemaId, 1);
  body.copy(bytes, 5);
  return bytes;
}

/** Basic-auth credentials when both are configured (the config checked they come in pairs). */
function basicAuth({ username, password }: Config['registry']): { username: string; password: string } | undefined {
  return username && password ? { username, password } : undefined;
}

/** A plain call to the registry's REST API, for the parts the client does not cover. */
export async function registryRequest(
  config: Config['registry'],
  request: { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; path: string; body?: unknown; timeoutMs?: number },
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
  const auth = basicAuth(config);
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const response = await fetch(`${config.url}${request.path}`, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: AbortSignal.timeout(request.timeoutMs ?? 5_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text, it is the most useful thing to show.
  }
  return { status: response.status, body };
}

/** Lists subjects; throws REGISTRY_UNREACHABLE with how to fix it. */
export async function checkSchemaRegistry(config: Config['registry']): Promise<{ subjects: number }> {
  let result: { status: number; body: unknown };
  try {
    result = await registryRequest(config, { method: 'GET', path: '/subjects', timeoutMs: 3_000 });
  } catch (error) {
    throw unreachable(config, describeError(error), error);
  }
  if (result.status !== 200 || !Array.isArray(result.body)) {
    throw unreachable(config, `GET /subjects answered ${result.status}: ${JSON.stringify(result.body).slice(0, 200)}`);
  }
  return { subjects: result.body.length };
}

function unreachable(config: Config['registry'], detail: string, cause?: unknown): ParsimonyError {
  return new ParsimonyError(
    'REGISTRY_UNREACHABLE',
    `The schema registry is not reachable at ${redactUrlCredentials(config.url)} (${redactUrlCredentials(detail)}). Start the local one with ` +
      '`bash ops/up.sh`, or point PARSIMONY_SCHEMA_REGISTRY_URL at a Confluent-compatible API root ' +
      '(Apicurio: http://host:port/apis/ccompat/v7).',
    { retryable: true, cause },
  );
}
