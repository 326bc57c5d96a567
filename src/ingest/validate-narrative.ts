/**
 * Turns a decoded value (from JSON or Avro) into a TransactionNarrative, or says precisely why it
 * cannot be one. Pure: the same input gives the same answer.
 */
import { type DeadLetterCode, MAX_NARRATIVE_CHARS, type TransactionNarrative } from '../contract/records.ts';

export type Rejection = { code: DeadLetterCode; reason: string; recordId: string | null };
export type Validated = { ok: true; record: TransactionNarrative } | { ok: false; rejection: Rejection };

const REQUIRED_STRINGS = ['record_id', 'narrative', 'source_id', 'document_type'] as const;
const OPTIONAL_STRINGS = ['template_version', 'account_id', 'statement_date', 'locale', 'currency_hint'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * `receivedAt` stands in for a missing received_at: the moment the source read the record (a
 * Kafka record's timestamp, the time a file line was read).
 */
export function validateNarrative(value: unknown, options: { receivedAt: number }): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('INVALID_FIELD', `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`, null);
  }
  const input = value as Record<string, unknown>;
  const recordId = typeof input.record_id === 'string' && input.record_id !== '' ? input.record_id : null;
  for (const name of REQUIRED_STRINGS) {
    if (input[name] === undefined || input[name] === null) return reject('MISSING_FIELD', `${name} is missing`, recordId);
    if (typeof input[name] !== 'string') return reject('INVALID_FIELD', `${name} must be a string, got ${typeof input[name]}`, recordId);
    if ((input[name] as string).trim() === '') return reject('INVALID_FIELD', `${name} is empty`, recordId);
  }
  const narrative = input.narrative as string;
  if ([...narrative].length > MAX_NARRATIVE_CHARS) {
    return reject('NARRATIVE_TOO_LONG', `narrative has ${[...narrative].length} characters; the limit is ${MAX_NARRATIVE_CHARS}`, recordId);
  }
  if (narrative.includes('\uFFFD')) {
    return reject('INVALID_UTF8', 'narrative holds U+FFFD replacement characters: the source bytes were not valid UTF-8', recordId);
  }
  for (const name of OPTIONAL_STRINGS) {
    if (input[name] !== undefined && input[name] !== null && typeof input[name] !== 'string') {
      return reject('INVALID_FIELD', `${name} must be a string or null, got ${typeof input[name]}`, recordId);
    }
  }
  if (typeof input.statement_date === 'string' && !isIsoDate(input.statement_date)) {
    return reject('INVALID_FIELD', `statement_date must be an ISO date YYYY-MM-DD, got ${JSON.stringify(input.statement_date)}`, recordId);
  }
  if (typeof input.currency_hint === 'string' && !CURRENCY.test(input.currency_hint)) {
    return reject(
      'INVALID_FIELD',
      `currency_hint must be an ISO 4217 code such as EUR, got ${JSON.stringify(input.currency_hint)}`,
      recordId,
    );
  }
  const givenReceivedAt = toMillis(input.received_at);
  if (givenReceivedAt === undefined) {
    return reject(
      'INVALID_FIELD',
      `received_at must be epoch milliseconds or an ISO timestamp, got ${JSON.stringify(input.received_at)}`,
      recordId,
    );
  }
  const sourceUpdatedAt = toMillis(input.source_updated_at);
  if (sourceUpdatedAt === undefined) {
    return reject('INVALID_FIELD', 'source_updated_at must be epoch milliseconds, an ISO timestamp or null', recordId);
  }
  return {
    ok: true,
    record: {
      record_id: input.record_id as string,
      narrative,
      source_id: input.source_id as string,
      document_type: input.document_type as string,
      template_version: (input.template_version as string | undefined) ?? null,
      account_id: (input.account_id as string | undefined) ?? null,
      statement_date: (input.statement_date as string | undefined) ?? null,
      locale: (input.locale as string | undefined) ?? null,
      currency_hint: (input.currency_hint as string | undefined) ?? null,
      source_updated_at: sourceUpdatedAt,
      received_at: givenReceivedAt ?? options.receivedAt,
    },
  };
}

function reject(code: DeadLetterCode, reason: string, recordId: string | null): Validated {
  return { ok: false, rejection: { code, reason, recordId } };
}

function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Epoch milliseconds from a number or an ISO string; null for null/absent; undefined when invalid. */
function toMillis(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const millis = Date.parse(value);
    return Number.isNaN(millis) ? undefined : millis;
  }
  return undefined;
}
