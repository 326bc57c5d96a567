/**
 * Training labels from a route log entry: which tiers' answers to a record were right.
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
  features: number[];
  confidence: number;
  /** The answer passed every check (one that did not is sent on whatever its confidence). */
  clean: boolean;
  correct: boolean;
  weight: number;
  origin: TierLabel['origin'];
};

const AGREEMENT_WEIGHT = 0.5;

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
  if (verdict?.corrected_fields) return { correct: sameFields(attempt.fields, verdict.corrected_fields), weight: 1, origin: 'feedback' };
  if (verdict) {
    if (verdict.correct) return { correct: agrees, weight: 1, origin: 'feedback' };
    return agrees ? { correct: false, weight: 1, origin: 'feedback' } : null;
  }
  const others = entry.attempts.filter((a) => a !== attempt);
  if (others.length === 0 || final.status !== 'OK') return null;
  if (agrees)
    return others.some((a) => sameFields(a.fields, final.fields)) ? { correct: true, weight: AGREEMENT_WEIGHT, origin: 'agreement' } : null;
  return { correct: false, weight: AGREEMENT_WEIGHT, origin: 'agreement' };
}

/** The training examples an entry gives, one per labelled tier. */
export function examplesOf(entry: RouteEntry): LabelledExample[] {
  const labels = tierLabels(entry);
  return entry.attempts.flatMap((attempt) => {
    const label = labels.get(attempt.tier);
    return label ? [{ tier: attempt.tier, features: entry.features, confidence: attempt.confidence, clean: attempt.clean, ...label }] : [];
  });
}
