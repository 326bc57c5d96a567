/**
 * Dead letters in JSON (file mode and the JSON output format): bytes as base64, so any input
 * survives the round trip, after its secrets are masked (mask-dead-letter.ts).
 */
import type { DeadLetter } from '../contract/records.ts';
import { maskDeadLetter } from './mask-dead-letter.ts';

/** JSON Lines form (file mode): bytes as base64, so any input survives the round trip. */
export function deadLetterToJson(letter: DeadLetter): Record<string, unknown> {
  const masked = maskDeadLetter(letter);
  return {
    ...masked,
    original_key: masked.original_key?.toString('base64') ?? null,
    original_value: masked.original_value?.toString('base64') ?? null,
    failed_at: new Date(masked.failed_at).toISOString(),
  };
}

/** Dead letters as a JSON Lines file's contents. */
export function deadLettersToJsonl(letters: readonly DeadLetter[]): string {
  return letters.map((letter) => `${JSON.stringify(deadLetterToJson(letter))}\n`).join('');
}
