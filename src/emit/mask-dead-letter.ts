/**
 * A dead letter as it may be written: no card number, IBAN or e-mail address left in its original
 * bytes, key, record id or reason. The dead-letter topic keeps records as long as the input topic
 * and is read by people fixing producers, so it must not become the place where the secrets the
 * rest of the service masks are kept in clear.
 *
 * The original bytes stop being byte-for-byte original, deliberately: a record that was dead-lettered
 * is fixed at its producer and sent again, not replayed from here, and what a person needs to fix
 * it (the shape, the field, where the JSON broke) survives the masking.
 */
import { maskSecretsIn } from '../common/secrets/find-secrets.ts';
import { maskSecretsInBytes } from '../common/secrets/mask-bytes.ts';
import { IN_DEAD_LETTERS } from '../common/secrets/policy.ts';
import type { DeadLetter } from '../contract/records.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function maskDeadLetter(letter: DeadLetter): DeadLetter {
  return {
    ...letter,
    original_key: letter.original_key && maskOriginalBytes(letter.original_key),
    original_value: letter.original_value && maskOriginalBytes(letter.original_value),
    record_id: letter.record_id && maskText(letter.record_id),
    reason: maskText(letter.reason),
  };
}

/**
 * Text (UTF-8 without control characters other than tab and line breaks: a JSON line, a string
 * key) has each secret replaced by its marker, [CARD], [IBAN], [EMAIL] (and [PHONE], as the
 * narratives are masked), inside JSON strings written with \u escapes too. Anything else (Avro in
 * the Confluent wire format starts with a zero byte; bytes that are not UTF-8) keeps its length
 * and layout, so it still decodes as far as it did, with the secrets' characters overwritten by
 * '*' where they are found as ASCII.
 */
export function maskOriginalBytes(bytes: Buffer): Buffer {
  const text = asText(bytes);
  if (text === null) return maskSecretsInBytes(bytes);
  const masked = maskText(maskEscapedJsonStrings(text));
  return masked === text ? bytes : Buffer.from(masked, 'utf8');
}

function maskText(text: string): string {
  return maskSecretsIn(text, IN_DEAD_LETTERS).masked;
}

function asText(bytes: Buffer): string | null {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return null;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return null;
  }
  return text;
}

const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * A producer that escapes non-ASCII (Python's json.dumps does by default) writes a full-width card
 * number as "\uff14\uff11…", which no pattern over the raw text sees: such strings are decoded,
 * masked, and written back when they held a secret. The rest of the line is left as it was.
 */
function maskEscapedJsonStrings(text: string): string {
  if (!text.includes('\\u')) return text;
  return text.replace(JSON_STRING, (literal) => {
    if (!literal.includes('\\u')) return literal;
    let value: string;
    try {
      value = JSON.parse(literal) as string;
    } catch {
      return literal;
    }
    const masked = maskText(value);
    return masked === value ? literal : JSON.stringify(masked);
  });
}
