/**
 * /metrics (Prometheus), /healthz (liveness: would a restart help?) and /readyz (readiness: a
 * working member now). Both answer 200 or 503 with a JSON body that says why.
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export type StatusServer = { url: string; close(): Promise<void> };

/** A check's answer: whether it passes, and in words why. */
export type Verdict = { ok: boolean; reason: string };

/** One verdict for several parts: each must pass; the reasons of those that do not are joined. */
export function allOf(verdicts: readonly Verdict[]): Verdict {
  const failing = verdicts.filter((v) => !v.ok);
  return failing.length === 0
    ? { ok: true, reason: verdicts.map((v) => v.reason).join('; ') }
    : { ok: false, reason: failing.map((v) => v.reason).join('; ') };
}

export async function startStatusServer(options: {
  host: string;
  port: number;
  registry: Registry;
  liveness: () => Verdict;
  readiness: () => Verdict;
}): Promise<StatusServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      options.registry.metrics().then(
        (body) => {
          response.writeHead(200, { 'content-type': options.registry.contentType });
          response.end(body);
        },
        (error: Error) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(error.message);
        },
      );
      return;
    }
    const verdict = path === '/healthz' ? options.liveness() : path === '/readyz' ? options.readiness() : undefined;
    if (verdict) {
      response.writeHead(verdict.ok ? 200 : 503, { 'content-type': 'application/json' });
      return void response.end(`${JSON.stringify(verdict)}\n`);
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}
