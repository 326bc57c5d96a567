/**
 * A failed provider call, classified once at the edge: a code from a fixed list, whether a retry
 * can help, how long the provider asked to wait, and the usage of a call that was billed anyway
 * (a malformed answer still costs its tokens).
 */
import type { Usage } from '../pricing/usage.ts';

export const PROVIDER_ERROR_CODES = [
  'RATE_LIMITED',
  'OVERLOADED',
  'SERVER_ERROR',
  'TIMEOUT',
  'CONNECTION',
  'AUTH',
  'BAD_REQUEST',
  'MALFORMED_ANSWER',
  'CIRCUIT_OPEN',
  'ABORTED',
] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set(['RATE_LIMITED', 'OVERLOADED', 'SERVER_ERROR', 'TIMEOUT', 'CONNECTION']);

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly usage: Usage | undefined;
  /** The provider's id of a call it billed anyway (usage set), so the cost can be traced to it. */
  readonly requestId: string | undefined;

  constructor(options: {
    code: ProviderErrorCode;
    provider: string;
    message: string;
    status?: number;
    retryAfterMs?: number;
    usage?: Usage;
    requestId?: string;
    cause?: unknown;
  }) {
    super(`${options.provider}: ${options.message}`, { cause: options.cause });
    this.name = 'ProviderError';
    this.code = options.code;
    this.retryable = RETRYABLE.has(options.code);
    this.provider = options.provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.usage = options.usage;
    this.requestId = options.requestId;
  }
}

/** Seconds or an HTTP date, as Retry-After allows; `retry-after-ms` (OpenAI) wins when present. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now: number): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies an HTTP status the way both SDKs report it. */
export function codeForStatus(status: number | undefined): ProviderErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 529 || status === 503) return 'OVERLOADED';
  if (status === 408) return 'TIMEOUT';
  if (status === 401 || status === 403) return 'AUTH';
  if (status !== undefined && status >= 500) return 'SERVER_ERROR';
  if (status !== undefined && status >= 400) return 'BAD_REQUEST';
  return 'CONNECTION';
}
