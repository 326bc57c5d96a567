/**
 * The one place secrets are found: card numbers, IBANs, e-mail addresses and phone numbers, each
 * in its own file, read as eagerly as the use's policy says (policy.ts). The narrative masker,
 * the identifier check and the dead-letter masking all call these.
 */
import { findCards } from './card-number.ts';
import { findEmails } from './email.ts';
import { findIbans } from './iban.ts';
import { findPhones } from './phone.ts';
import type { SecretKind, SecretPolicy, SecretSpan } from './policy.ts';

export type MaskResult = {
  /** The text with each secret replaced by its [KIND] marker. */
  masked: string;
  /** One entry per secret masked, left to right. */
  secrets: SecretKind[];
};

const MARKERS: Record<SecretKind, string> = { CARD: '[CARD]', IBAN: '[IBAN]', EMAIL: '[EMAIL]', PHONE: '[PHONE]' };

/** The secrets of `text`, left to right: the earliest first, the longer on a tie, none overlapping a kept one. */
export function findSecrets(text: string, policy: SecretPolicy): SecretSpan[] {
  const spans = collect(text, policy);
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretSpan[] = [];
  for (const span of spans) if (kept.length === 0 || span.start >= kept[kept.length - 1]!.end) kept.push(span);
  return kept;
}

/** `text` with each secret replaced by its marker: [CARD], [IBAN], [EMAIL], [PHONE]. */
export function maskSecretsIn(text: string, policy: SecretPolicy): MaskResult {
  const spans = findSecrets(text, policy);
  if (spans.length === 0) return { masked: text, secrets: [] };
  let masked = '';
  let cursor = 0;
  for (const span of spans) {
    masked += text.slice(cursor, span.start) + MARKERS[span.kind];
    cursor = span.end;
  }
  return { masked: masked + text.slice(cursor), secrets: spans.map((span) => span.kind) };
}

function collect(text: string, policy: SecretPolicy): SecretSpan[] {
  const spans: SecretSpan[] = [];
  findEmails(text, spans);
  findIbans(text, policy, spans);
  findCards(text, policy, spans);
  if (policy.phones) findPhones(text, spans);
  return spans;
}
