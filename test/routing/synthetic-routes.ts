/**
 * Route log entries of a made-up stream where the small tier is mostly right when the rules read
 * four fields or more confidently and mostly wrong when they read fewer (a logistic curve in that
 * count), and the large tier is right nineteen times in twenty: a router that learns anything
 * should send the second kind straight to the large tier.
 */
import { EMPTY_FIELDS, type ExtractedFields } from '#src/contract/records.ts';
import { FEATURE_NAMES } from '#src/routing/features.ts';
import type { RouteEntry } from '#src/routing/route-entry.ts';
import { NO_VERDICTS } from '#src/routing/stream-accuracy.ts';

const CONFIDENT = FEATURE_NAMES.indexOf('rules_confident_fields');
const RIGHT: ExtractedFields = { ...EMPTY_FIELDS, amount: '10.00', counterparty: 'SHELL' };
const WRONG: ExtractedFields = { ...RIGHT, amount: '1.00' };

/** A deterministic uniform draw in [0, 1) for the i-th entry and a purpose. */
function draw(i: number, purpose: number): number {
  const x = Math.sin(i * 12.9898 + purpose * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

export function confidentFieldsOf(entry: RouteEntry): number {
  return entry.features[CONFIDENT]!;
}

/**
 * The i-th entry as the cascade leaves it: the small tier answered; its answer was sent on to the
 * large tier when doubted (four wrong answers in five, one right one in ten); a verdict carrying
 * the right fields.
 */
export function syntheticEntry(i: number, options: { verdict?: boolean } = {}): RouteEntry {
  const confident = Math.floor(draw(i, 1) * 9);
  const features = FEATURE_NAMES.map(() => 0);
  features[CONFIDENT] = confident;
  const smallRight = draw(i, 2) < 1 / (1 + Math.exp(-2 * (confident - 3.5)));
  const largeRight = draw(i, 3) < 0.95;
  const doubted = draw(i, 4) < (smallRight ? 0.1 : 0.8);
  const attempts = [
    {
      tier: 'small',
      model: 'gpt-4o-mini',
      // Doubted for its low confidence when wrong; when right, for a failed check.
      confidence: smallRight ? 0.9 : doubted ? 0.6 : 0.85,
      clean: !(doubted && smallRight),
      fields: smallRight ? RIGHT : WRONG,
      nanoUsd: 40_000,
    },
    ...(doubted
      ? [{ tier: 'large', model: 'gpt-4.1', confidence: 0.9, clean: true, fields: largeRight ? RIGHT : WRONG, nanoUsd: 600_000 }]
      : []),
  ];
  const final = attempts.at(-1)!;
  const correct = final.fields === RIGHT;
  return {
    record_id: `r${i}`,
    source_id: i % 2 === 0 ? 'bank-a' : 'bank-b',
    at: i,
    router_version: null,
    features,
    explored: false,
    attempts,
    final: { tier: final.tier, status: 'OK', fields: final.fields },
    verdict: options.verdict === false ? null : { correct, corrected_fields: correct ? null : RIGHT, at: i },
  };
}

/** Training options for these entries: the two tiers, their configured bars, a small minExamples. */
export const syntheticTraining = {
  name: 'test',
  tierNames: ['small', 'large'],
  featureNames: FEATURE_NAMES,
  accuracyTarget: 0.9,
  tierBars: { small: 0.8, large: 0.7 },
  minExamples: 100,
  heldOutShare: 0.3,
  /** No verdicts counted: the stream's accuracy unknown, nothing of it to spend. */
  verdicts: NO_VERDICTS,
};

export { RIGHT, WRONG };
