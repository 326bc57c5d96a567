/**
 * Turns a decoded value (from JSON or Avro) into a TransactionNarrative, or says precisely why it
 * cannot be one. Pure: the same input gives the same answer.
 *
 * A reason names the field and the rule it breaks, never the value: reasons are printed and kept
 * in the dead-letter topic, and a bad value is as likely to be a card number as a typo.
 */
import { isIsoDate } from '../common/calendar.ts';
import { firstControlCharacter } from '../common/printable.ts';
import { findSecrets } from '../common/secrets/find-secrets.ts';
import { IN_IDENTIFIERS, type SecretKind } from '../common/secrets/policy.ts';
import { type DeadLetterCode, IDENTIFIER_MAX_CHARS, MAX_NARRATIVE_CHARS, type TransactionNarrative } from '../contract/records.ts';

export type Rejection = { code: DeadLetterCode; reason: string; recordId: string | null };
export type Validated = { ok: true; record: TransactionNarrative } | { ok: false; rejection: Rejection };

type Identifier = keyof typeof IDENTIFIER_MAX_CHARS;

const REQUIRED_STRINGS = ['record_id', 'narrative', 'source_id', 'document_type'] as const;
const OPTIONAL_STRINGS = ['template_version', 'account_id', 'statement_date', 'locale', 'currency_hint'] as const;
const IDENTIFIERS = Object.keys(IDENTIFIER_MAX_CHARS) as Identifier[];
/**
 * account_id is the one identifier that never leaves the service (no extraction, template, metric
 * or log carries it), and an account's id is often its IBAN or, on a card feed, its card number:
 * refusing those would dead-letter whole feeds to protect nothing. Its length and characters are
 * still checked.
 */
const MAY_HOLD_ACCOUNT_NUMBERS: ReadonlySet<Identifier> = new Set(['account_id']);
const CURRENCY = /^[A-Z]{3}$/;
const SECRET_NAMES: Record<SecretKind, string> = {
  CARD: 'a card number',
  IBAN: 'an IBAN',
  EMAIL: 'an e-mail address',
  PHONE: 'a phone number',
};

/**
 * `receivedAt` stands in for a missing received_at: the moment the source read the record (a
 * Kafka record's timestamp, the time a file line was read).
 */
export function validateNarrative(value: unknown, options: { receivedAt: number }): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('INVALID_FIELD', `expected a JSON object, got ${typeOf(value)}`, null);
  }
  const input = value as Record<string, unknown>;
  const recordIdProblem = typeof input.record_id === 'string' ? identifierProblem('record_id', input.record_id) : null;
  // The dead letter names its record only by an id that is fit to be copied there.
  const recordId =
    typeof input.record_id === 'string' && input.record_id.trim() !== '' && recordIdProblem === null ? input.record_id : null;
  for (const name of REQUIRED_STRINGS) {
    if (input[name] === undefined || input[name] === null) return reject('MISSING_FIELD', `${name}: missing`, recordId);
    if (typeof input[name] !== 'string') return reject('INVALID_FIELD', `${name}: not a string (${typeOf(input[name])})`, recordId);
    if ((input[name] as string).trim() === '') return reject('INVALID_FIELD', `${name}: empty`, recordId);
  }
  for (const name of OPTIONAL_STRINGS) {
    if (input[name] !== undefined && input[name] !== null && typeof input[name] !== 'string') {
      return reject('INVALID_FIELD', `${name}: neither a string nor null (${typeOf(input[name])})`, recordId);
    }
  }
  for (const name of IDENTIFIERS) {
    const value = input[name];
    const problem = name === 'record_id' ? recordIdProblem : typeof value === 'string' ? identifierProblem(name, value) : null;
    if (problem) return reject('INVALID_FIELD', `${name}: ${problem}`, recordId);
  }
  const narrative = input.narrative as string;
  const narrativeChars = narrative.length > MAX_NARRATIVE_CHARS ? [...narrative].length : narrative.length;
  if (narrativeChars > MAX_NARRATIVE_CHARS) {
    return reject('NARRATIVE_TOO_LONG', `narrative: longer than ${MAX_NARRATIVE_CHARS} characters (${narrativeChars})`, recordId);
  }
  if (narrative.includes('\uFFFD')) {
    return reject('INVALID_UTF8', 'narrative: holds U+FFFD replacement characters (the source bytes were not valid UTF-8)', recordId);
  }
  if (typeof input.statement_date === 'string' && !isIsoDate(input.statement_date)) {
    return reject('INVALID_FIELD', 'statement_date: not an ISO date YYYY-MM-DD', recordId);
  }
  if (typeof input.currency_hint === 'string' && !CURRENCY.test(input.currency_hint)) {
    return reject('INVALID_FIELD', 'currency_hint: not an ISO 4217 code such as EUR', recordId);
  }
  const givenReceivedAt = toMillis(input.received_at);
  if (givenReceivedAt === undefined) {
    return reject('INVALID_FIELD', 'received_at: neither epoch milliseconds nor an ISO timestamp', recordId);
  }
  const sourceUpdatedAt = toMillis(input.source_updated_at);
  if (sourceUpdatedAt === undefined) {
    return reject('INVALID_FIELD', 'source_updated_at: neither epoch milliseconds, an ISO timestamp nor null', recordId);
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

/** What makes an identifier's value unfit to be copied out of the service, or null when it is fit. */
export function identifierProblem(name: Identifier, value: string): string | null {
  const limit = IDENTIFIER_MAX_CHARS[name];
  if (value.length > limit && [...value].length > limit) return `longer than ${limit} characters`;
  const control = firstControlCharacter(value);
  if (control) return `holds a control character (${control})`;
  const secret = MAY_HOLD_ACCOUNT_NUMBERS.has(name) ? undefined : findSecrets(value, IN_IDENTIFIERS)[0];
  return secret ? `holds ${SECRET_NAMES[secret.kind]}` : null;
}

function reject(code: DeadLetterCode, reason: string, recordId: string | null): Validated {
  return { ok: false, rejection: { code, reason, recordId } };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
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
