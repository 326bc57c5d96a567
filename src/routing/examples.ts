/**
 * Training labels from a route log entry: which tiers' answers to a record were right; and the
 * compact form a training reads an entry in (TrainingEntry), labelled as it is read.
 *
 * A verdict with corrected fields labels every tier that answered (each answer is compared with
 * the correction). A bare verdict labels the emitted answer, and the other answers by whether
 * they agree with it when it was right (or agree with it when it was wrong). Without a verdict,
 * two tiers answering one record still teach something, at half weight, when the emitted answer
 * passed validation: answers agreeing with it and with one another were probably right, those it
 * overruled probably wrong; an answer no other one agrees with teaches nothing.
 */
import { fieldMatches } from '../contract/field-match.ts';
import { type ExtractedFields, FIELD_NAMES } from '../contract/records.ts';
import type { RouteEntry, TierAttempt } from './route-log.ts';

export type TierLabel = { correct: boolean; weight: number; origin: 'feedback' | 'agreement' };

export type LabelledExample = {
  tier: string;
  features: Float64Array;
  confidence: number;
  /** The answer passed every check (one that did not is sent on whatever its confidence). */
  clean: boolean;
  correct: boolean;
  weight: number;
  origin: TierLabel['origin'];
};

const AGREEMENT_WEIGHT = 0.5;

// Every label is one of four: entries share them rather than each holding its own.
const RIGHT_BY_FEEDBACK: TierLabel = Object.freeze({ correct: true, weight: 1, origin: 'feedback' });
const WRONG_BY_FEEDBACK: TierLabel = Object.freeze({ correct: false, weight: 1, origin: 'feedback' });
const RIGHT_BY_AGREEMENT: TierLabel = Object.freeze({ correct: true, weight: AGREEMENT_WEIGHT, origin: 'agreement' });
const WRONG_BY_AGREEMENT: TierLabel = Object.freeze({ correct: false, weight: AGREEMENT_WEIGHT, origin: 'agreement' });

/** One tier's answer as a training weighs it: what a policy decides by, what it cost, and its label. */
export type TrainingAttempt = Pick<TierAttempt, 'tier' | 'confidence' | 'clean' | 'nanoUsd'> & { label: TierLabel | null };

/**
 * What a training needs of a route entry. The answers' fields are read once, to label them, and
 * dropped: a training reads up to TRAINING_WINDOW entries at once, and at ~1.9 KB an entry as
 * read, the fields were most of what it held.
 */
export type TrainingEntry = {
  record_id: string;
  source_id: string;
  features: Float64Array;
  /** What feedback said of the emitted answer; null before any came. */
  verdict: boolean | null;
  attempts: TrainingAttempt[];
};

export function trainingEntryOf(entry: RouteEntry): TrainingEntry {
  const labels = tierLabels(entry);
  return {
    record_id: entry.record_id,
    source_id: entry.source_id,
    features: Float64Array.from(entry.features),
    verdict: entry.verdict?.correct ?? null,
    attempts: entry.attempts.map((a) => ({
      tier: a.tier,
      confidence: a.confidence,
      clean: a.clean,
      nanoUsd: a.nanoUsd,
      label: labels.get(a.tier) ?? null,
    })),
  };
}

export function sameFields(a: ExtractedFields, b: ExtractedFields): boolean {
  return FIELD_NAMES.every((name) => fieldMatches(name, a[name], b[name]));
}

/** What the entry says about each tier that answered it (a tier is absent when it says nothing). */
export function tierLabels(entry: RouteEntry): Map<string, TierLabel> {
  const labels = new Map<string, TierLabel>();
  for (const attempt of entry.attempts) {
    const label = labelOf(attempt, entry);
    if (label) labels.set(attempt.tier, label);
  }
  return labels;
}

function labelOf(attempt: TierAttempt, entry: RouteEntry): TierLabel | null {
  const { verdict, final } = entry;
  const agrees = sameFields(attempt.fields, final.fields);
  if (verdict?.corrected_fields) return sameFields(attempt.fields, verdict.corrected_fields) ? RIGHT_BY_FEEDBACK : WRONG_BY_FEEDBACK;
  if (verdict) {
    if (verdict.correct) return agrees ? RIGHT_BY_FEEDBACK : WRONG_BY_FEEDBACK;
    return agrees ? WRONG_BY_FEEDBACK : null;
  }
  const others = entry.attempts.filter((a) => a !== attempt);
  if (others.length === 0 || final.status !== 'OK') return null;
  if (agrees) return others.some((a) => sameFields(a.fields, final.fields)) ? RIGHT_BY_AGREEMENT : null;
  return WRONG_BY_AGREEMENT;
}

/** The training examples an entry gives, one per labelled tier. */
export function examplesOf(entry: TrainingEntry): LabelledExample[] {
  return entry.attempts.flatMap((a) =>
    a.label ? [{ tier: a.tier, features: entry.features, confidence: a.confidence, clean: a.clean, ...a.label }] : [],
  );
}
