/**
 * Error responses exactly as each API writes them, so the official SDKs raise their own error
 * classes (RateLimitError, InternalServerError, ...) with the right status, type and message.
 * OpenAI: `{"error": {"message", "type", "param", "code"}}`; Anthropic:
 * `{"type": "error", "error": {"type", "message"}}`.
 */
import type { ActiveFault } from './faults.ts';

export type Flavour = 'openai' | 'anthropic';

export type WireResponse = {
  status: number;
  headers: Record<string, string>;
  /** An object is sent as JSON; a string as-is with the content type in `headers`. */
  body: unknown;
};

export function openaiError(
  status: number,
  error: { message: string; type: string; param?: string | null; code?: string | null },
  headers: Record<string, string> = {},
): WireResponse {
  return {
    status,
    headers,
    body: { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null } },
  };
}

export function anthropicError(
  status: number,
  error: { type: string; message: string },
  headers: Record<string, string> = {},
): WireResponse {
  return { status, headers, body: { type: 'error', error: { type: error.type, message: error.message } } };
}

/** A request the API would reject before running the model (missing field, bad value). */
export function invalidRequest(flavour: Flavour, message: string, param?: string): WireResponse {
  return flavour === 'openai'
    ? openaiError(400, { message, type: 'invalid_request_error', param: param ?? null })
    : anthropicError(400, { type: 'invalid_request_error', message });
}

export function notFound(flavour: Flavour, method: string, path: string): WireResponse {
  const message = `Invalid URL (${method} ${path})`;
  return flavour === 'openai'
    ? openaiError(404, { message, type: 'invalid_request_error' })
    : anthropicError(404, { type: 'not_found_error', message });
}

export function unauthenticated(flavour: Flavour): WireResponse {
  return flavour === 'openai'
    ? openaiError(401, { message: "You didn't provide an API key.", type: 'invalid_request_error' })
    : anthropicError(401, { type: 'authentication_error', message: 'x-api-key header is required' });
}

/** The response of an injected '401', '429', '500' or '529' fault. */
export function faultResponse(flavour: Flavour, fault: ActiveFault, model: string): WireResponse {
  if (fault.kind === '401') {
    // A key that is present but refused; the real message echoes part of the key, this one does not.
    return flavour === 'openai'
      ? openaiError(401, {
          message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        })
      : anthropicError(401, { type: 'authentication_error', message: 'invalid x-api-key' });
  }
  if (fault.kind === '429') {
    const headers = { 'retry-after': String(fault.retryAfterSeconds) };
    return flavour === 'openai'
      ? openaiError(
          429,
          {
            message: `Rate limit reached for ${model} on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${fault.retryAfterSeconds}s.`,
            type: 'requests',
            code: 'rate_limit_exceeded',
          },
          headers,
        )
      : anthropicError(
          429,
          { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
          headers,
        );
  }
  if (fault.kind === '529') {
    // OpenAI has no 529; its overload answer is a 503.
    return flavour === 'openai'
      ? openaiError(503, { message: 'The engine is currently overloaded, please try again later.', type: 'server_error' })
      : anthropicError(529, { type: 'overloaded_error', message: 'Overloaded' });
  }
  return flavour === 'openai'
    ? openaiError(500, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' })
    : anthropicError(500, { type: 'api_error', message: 'Internal server error' });
}
