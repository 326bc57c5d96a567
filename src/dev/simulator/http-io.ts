/**
 * The small pieces of HTTP plumbing the simulator needs on top of node:http: reading a body,
 * writing a response, hiding credentials in the request log, and sleeping in a way close() and
 * a departed client can cut short.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { WireResponse } from './wire-errors.ts';

/** Larger than any real pack; protects the test process from a runaway client. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization']);

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The request headers with every credential's value replaced, so the log can be printed safely. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    redacted[name] = SECRET_HEADERS.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return redacted;
}

export function sendResponse(res: ServerResponse, response: WireResponse): void {
  const isText = typeof response.body === 'string';
  const payload = isText ? (response.body as string) : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    ...response.headers,
  });
  res.end(payload);
}

/** Sleeps that end early, returning false, when the simulator closes or their own signal aborts. */
export class Sleeps {
  readonly #closing = new AbortController();

  get closing(): AbortSignal {
    return this.#closing.signal;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    const stop = signal ? AbortSignal.any([this.#closing.signal, signal]) : this.#closing.signal;
    if (stop.aborted) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        stop.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      stop.addEventListener('abort', onAbort, { once: true });
    });
  }

  cancelAll(): void {
    this.#closing.abort();
  }
}
