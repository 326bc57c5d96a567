/**
 * Dead letters: a record the service could not process, kept whole with the reason. The sinks
 * write it with the secrets in its bytes masked (emit/mask-dead-letter.ts); the reason names a
 * field and a rule, never a value.
 */
import type { DeadLetter, DeadLetterCode } from './records.ts';

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
