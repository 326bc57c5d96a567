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
import { type ExtractedFields, type Extraction, FIELD_NAMES } from '../contract/records.ts';
import type { RouteEntry, TierAttempt } from './route-entry.ts';

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

/**
 * All that labelling needs of the answers' fields, as one flag per attempt: whether it agrees
 * with the emitted answer, and, when a verdict corrected the fields, whether it matches the
 * correction. A log that keeps this beside an entry can read the entry for a training without the
 * fields, most of its size.
 */
export type LabelBasis = { agrees: readonly boolean[]; corrected: readonly boolean[] | null };

/** A route entry without its answers' fields: what labelling reads beside a LabelBasis. */
export type RouteOutline = {
  record_id: string;
  source_id: string;
  features: readonly number[];
  attempts: readonly Pick<TierAttempt, 'tier' | 'confidence' | 'clean' | 'nanoUsd'>[];
  final: { status: Extraction['status'] };
  verdict: { correct: boolean } | null;
};

export function labelBasisOf(entry: RouteEntry): LabelBasis {
  const { final, verdict } = entry;
  const corrected = verdict?.corrected_fields;
  return {
    agrees: entry.attempts.map((a) => sameFields(a.fields, final.fields)),
    corrected: corrected ? entry.attempts.map((a) => sameFields(a.fields, corrected)) : null,
  };
}

export function trainingEntryOf(entry: RouteEntry): TrainingEntry {
  return trainingEntryOfOutline(entry, labelBasisOf(entry));
}

export function trainingEntryOfOutline(outline: RouteOutline, basis: LabelBasis): TrainingEntry {
  return {
    record_id: outline.record_id,
    source_id: outline.source_id,
    features: Float64Array.from(outline.features),
    verdict: outline.verdict?.correct ?? null,
    attempts: outline.attempts.map((a, i) => ({
      tier: a.tier,
      confidence: a.confidence,
      clean: a.clean,
      nanoUsd: a.nanoUsd,
      label: labelOf(i, outline, basis),
    })),
  };
}

export function sameFields(a: ExtractedFields, b: ExtractedFields): boolean {
  return FIELD_NAMES.every((name) => fieldMatches(name, a[name], b[name]));
}

/** What the entry says about each tier that answered it (a tier is absent when it says nothing). */
export function tierLabels(entry: RouteEntry): Map<string, TierLabel> {
  const basis = labelBasisOf(entry);
  const labels = new Map<string, TierLabel>();
  entry.attempts.forEach((attempt, i) => {
    const label = labelOf(i, entry, basis);
    if (label) labels.set(attempt.tier, label);
  });
  return labels;
}

function labelOf(attempt: number, outline: RouteOutline, basis: LabelBasis): TierLabel | null {
  const { verdict, final } = outline;
  const agrees = basis.agrees[attempt];
  if (basis.corrected) return basis.corrected[attempt] ? RIGHT_BY_FEEDBACK : WRONG_BY_FEEDBACK;
  if (verdict) {
    if (verdict.correct) return agrees ? RIGHT_BY_FEEDBACK : WRONG_BY_FEEDBACK;
    return agrees ? WRONG_BY_FEEDBACK : null;
  }
  if (outline.attempts.length < 2 || final.status !== 'OK') return null;
  if (agrees) return basis.agrees.some((other, i) => i !== attempt && other) ? RIGHT_BY_AGREEMENT : null;
  return WRONG_BY_AGREEMENT;
}

/** The training examples an entry gives, one per labelled tier. */
export function examplesOf(entry: TrainingEntry): LabelledExample[] {
  return entry.attempts.flatMap((a) =>
    a.label ? [{ tier: a.tier, features: entry.features, confidence: a.confidence, clean: a.clean, ...a.label }] : [],
  );
}
