/**
 * Every error the service raises carries a code from this fixed list and says whether a retry
 * can help. Callers branch on `code` and `retryable`, never on messages.
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'KAFKA_UNREACHABLE',
  'REGISTRY_UNREACHABLE',
  'ELASTICSEARCH_UNREACHABLE',
  'CATALOGUE_INVALID',
  'SCHEMA_INVALID',
  'SCHEMA_INCOMPATIBLE',
  'TOPIC_CONFLICT',
  'INPUT_INVALID',
  'OUTPUT_UNWRITABLE',
  'RECORDS_HANDED_BACK',
  'USAGE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class ParsimonyError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ParsimonyError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export function isParsimonyError(error: unknown): error is ParsimonyError {
  return error instanceof ParsimonyError;
}

/** The message of anything thrown, for logs and error reasons. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
