/**
 * Decodes one JSON-encoded narrative from raw bytes (a Kafka value or a file line).
 */
import type { TransactionNarrative } from '../contract/records.ts';
import { type Rejection, validateNarrative } from './validate-narrative.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export type Decoded = { ok: true; record: TransactionNarrative } | { ok: false; rejection: Rejection & { stage: 'decode' | 'validate' } };

export function decodeJsonNarrative(bytes: Uint8Array, options: { receivedAt: number }): Decoded {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return {
      ok: false,
      rejection: {
        code: 'INVALID_UTF8',
        reason: `the bytes are not valid UTF-8 (byte ${firstInvalidUtf8(bytes)})`,
        recordId: null,
        stage: 'decode',
      },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      rejection: { code: 'MALFORMED_JSON', reason: jsonSyntaxReason(error as Error), recordId: null, stage: 'decode' },
    };
  }
  const validated = validateNarrative(value, options);
  return validated.ok ? validated : { ok: false, rejection: { ...validated.rejection, stage: 'validate' } };
}

/**
 * Where the JSON broke, without the parser's own message: V8 quotes the text around the error
 * ("Unexpected token 'a', "4111 1111 …" is not valid JSON"), and that text may be a secret.
 */
export function jsonSyntaxReason(error: Error): string {
  const at = /at position (\d+)/.exec(error.message);
  if (at) return `not valid JSON: syntax error at character ${Number(at[1]) + 1}`;
  if (/end of JSON input/.test(error.message)) return 'not valid JSON: it ends too early';
  return 'not valid JSON';
}

/** Offset of the first byte where strict UTF-8 decoding fails, for a reason a person can act on. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // The shortest failing prefix ends at the first bad sequence; truncated sequences at a prefix's
  // end also fail, so search on "decodes in streaming mode" which tolerates a truncated tail.
  while (low < high) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle + 1), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  // `low` is where decoding broke; the bad sequence starts at its lead byte, if one precedes.
  let start = low;
  while (start > 0 && low - start < 3 && (bytes[start - 1]! & 0xc0) === 0x80) start -= 1;
  return start > 0 && bytes[start - 1]! >= 0xc0 ? start - 1 : low;
}
