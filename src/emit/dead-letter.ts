/**
 * Dead letters: a record the service could not process, kept whole with the reason.
 */
import type { DeadLetter, DeadLetterCode } from '../contract/records.ts';

export function deadLetter(options: {
  key: Buffer | null;
  value: Buffer | null;
  origin: { topic: string; partition: number; offset: number };
  recordId: string | null;
  code: DeadLetterCode;
  reason: string;
  stage: DeadLetter['stage'];
  at: number;
}): DeadLetter {
  return {
    original_key: options.key,
    original_value: options.value,
    topic: options.origin.topic,
    partition: options.origin.partition,
    offset: options.origin.offset,
    record_id: options.recordId,
    error_code: options.code,
    reason: options.reason,
    stage: options.stage,
    failed_at: options.at,
  };
}

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
