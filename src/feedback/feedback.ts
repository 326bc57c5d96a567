/**
 * Feedback as every path takes it in — the Kafka consumer, `extract --feedback FILE`, and the
 * simulator acting as downstream validation: read one ExtractionFeedback value, then hand the
 * verdicts to the template cache (a wrong answer evicts its template) and to the router's learner
 * (a verdict labels the route that produced the answer). A value that cannot be read is counted
 * and skipped, never retried forever and never fatal.
 */
import { readFileSync } from 'node:fs';
import type { TemplateCache } from '../cache/template-cache.ts';
import { ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import { type ExtractedFields, FIELD_NAMES, VERDICTS } from '../contract/records.ts';
import type { FeedbackVerdict, RouterLearner } from '../routing/router-learner.ts';

export type { FeedbackVerdict };

/** A verdict from a decoded feedback value, or a reason it is unusable. */
export function readFeedback(value: unknown): FeedbackVerdict | { error: string } {
  const v = (value ?? {}) as { record_id?: unknown; verdict?: unknown; corrected_fields?: unknown; at?: unknown };
  if (typeof v.record_id !== 'string' || v.record_id === '') return { error: 'record_id is missing' };
  if (!VERDICTS.includes(v.verdict as (typeof VERDICTS)[number]))
    // The rule, never the value: a feedback file is anybody's text, and this goes to the log.
    return { error: `verdict is not one of ${VERDICTS.join(', ')}` };
  const corrected = readFields(v.corrected_fields);
  if (corrected === undefined) return { error: `corrected_fields must name the fields ${FIELD_NAMES.join(', ')} (each a string or null)` };
  const at = typeof v.at === 'number' ? v.at : v.at instanceof Date ? v.at.getTime() : Number.NaN;
  if (!Number.isFinite(at)) return { error: 'at must be a time in milliseconds' };
  return { recordId: v.record_id, correct: v.verdict === 'CORRECT', correctedFields: corrected, at };
}

/** Null when absent; undefined when present but not the fields' shape. */
function readFields(value: unknown): ExtractedFields | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return undefined;
  const fields = value as Record<string, unknown>;
  return FIELD_NAMES.every((name) => fields[name] === null || typeof fields[name] === 'string') ? (fields as ExtractedFields) : undefined;
}

/** A feedback record as read, and where from (topic/partition@offset, or file:line) for the log. */
export type FeedbackValue = { value: unknown; where: string } | { unreadable: string; where: string };

export type FeedbackTargets = { cache?: TemplateCache | undefined; learner?: RouterLearner | undefined; metrics: Metrics; logger: Logger };

/** Hands readable verdicts on; returns how many verdicts were used and how many skipped. */
export async function applyFeedback(
  values: readonly FeedbackValue[],
  targets: FeedbackTargets,
): Promise<{ used: number; skipped: number }> {
  const verdicts: FeedbackVerdict[] = [];
  for (const read of values) {
    const verdict = 'unreadable' in read ? { error: read.unreadable } : readFeedback(read.value);
    if ('error' in verdict) {
      targets.metrics.deadLetters.inc({ code: 'INVALID_FEEDBACK' });
      targets.logger.warn('unusable feedback record skipped', { where: read.where, reason: verdict.error });
    } else verdicts.push(verdict);
  }
  if (verdicts.length === 0) return { used: 0, skipped: values.length };
  await targets.cache?.feedback(verdicts);
  const routed = await targets.learner?.feedback(verdicts);
  const skipped = values.length - verdicts.length + (routed ? routed.duplicate : 0);
  return { used: verdicts.length - (routed?.duplicate ?? 0), skipped };
}

/** The feedback records of a JSON Lines file, each with its line for the log. */
export function readFeedbackFile(path: string): FeedbackValue[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ParsimonyError('INPUT_INVALID', `cannot read the feedback file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return text.split('\n').flatMap((line, i): FeedbackValue[] => {
    if (line.trim() === '') return [];
    const where = `${path}:${i + 1}`;
    try {
      return [{ value: JSON.parse(line) as unknown, where }];
    } catch {
      return [{ unreadable: 'not JSON', where }];
    }
  });
}
