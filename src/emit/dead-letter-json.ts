/**
 * Dead letters in JSON (file mode and the JSON output format): bytes as base64, so any input
 * survives the round trip.
 */
import type { DeadLetter } from '../contract/records.ts';

/** JSON Lines form (file mode): bytes as base64, so any input survives the round trip. */
export function deadLetterToJson(letter: DeadLetter): Record<string, unknown> {
  return {
    ...letter,
    original_key: letter.original_key?.toString('base64') ?? null,
    original_value: letter.original_value?.toString('base64') ?? null,
    failed_at: new Date(letter.failed_at).toISOString(),
  };
}

/** Dead letters as a JSON Lines file's contents. */
export function deadLettersToJsonl(letters: readonly DeadLetter[]): string {
  return letters.map((letter) => `${JSON.stringify(deadLetterToJson(letter))}\n`).join('');
}
