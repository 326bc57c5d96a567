/**
 * When a stored template may answer a record: the source metadata must not be newer than the
 * template, its similarity decayed by age must reach the bar, and a near (kNN) hit must pass the
 * lexical gate. Pure: the same candidate, record and time give the same verdict.
 */
import type { PreparedRecord } from '../prepare/prepared-record.ts';
import type { CacheMissKind } from './cache-miss.ts';
import { boundWithin, type ErrorPrior } from './error-bound.ts';
import { gateFailure, namingWords } from './gate.ts';
import type { TemplateCandidate } from './template-store.ts';

export type CachePolicy = {
  /** Least cosine similarity for a near hit. */
  minSimilarity: number;
  /** Least similarity × decay(age) for any hit. */
  minScore: number;
  /** Half-life of a template's trust, in days, by document_type; `default` for the rest. */
  halfLifeDays: Record<string, number> & { default: number };
  /** Half-life overrides by source_id, which win over document_type. */
  sourceHalfLifeDays: Record<string, number>;
  /**
   * Independent confirmations a template needs before it serves: a second answer agreeing on its
   * stable fields, the rules' confident readings, or two tiers agreeing. One wrong answer must not
   * become many.
   */
  minConfirmations: number;
  /** A template serves only while the 95 % upper bound of its own error rate stays under this. */
  maxErrorRate: number;
  /**
   * What the error bound of a template with few outcomes starts from: the error rate of serving
   * templates, and how many outcomes it counts for. The cache moves the rate towards the one
   * feedback shows (see pooledPrior).
   */
  errorPrior: ErrorPrior;
};

export const DEFAULT_CACHE_POLICY: CachePolicy = {
  minSimilarity: 0.7,
  minScore: 0.5,
  halfLifeDays: { default: 60, card_feed: 90, daily_statement: 60, wire_advice: 30, ach_batch: 60 },
  sourceHalfLifeDays: {},
  minConfirmations: 1,
  maxErrorRate: 0.01,
  errorPrior: { rate: 0.002, weight: 300 },
};

/** `unconfirmed`: it would have served the record had an independent answer confirmed it. */
export type Verdict =
  | { hit: true; score: number }
  | { hit: false; stale: boolean; unconfirmed?: true; reason: string; miss: CacheMissKind };

const DAY_MS = 86_400_000;

/**
 * `prior` is the policy's error prior with the cache's observed rate (TemplateCache keeps it);
 * the policy's own when absent.
 */
export function judgeCandidate(
  candidate: TemplateCandidate,
  prepared: PreparedRecord,
  now: number,
  policy: CachePolicy,
  prior: ErrorPrior = policy.errorPrior,
): Verdict {
  const { template } = candidate;
  const { record } = prepared;
  // A source's metadata speaks for its own templates only (a wider cache scope shares others').
  const sameSource = template.scope.source_id === record.source_id;
  if (sameSource && template.scope.template_version !== record.template_version) {
    return {
      hit: false,
      stale: true,
      reason: `template version ${template.scope.template_version ?? 'none'}, the record's ${record.template_version ?? 'none'}`,
      miss: 'doubted',
    };
  }
  if (sameSource && record.source_updated_at !== null && record.source_updated_at > template.createdAt) {
    return { hit: false, stale: true, reason: 'the source changed after the template was learnt', miss: 'doubted' };
  }
  if (!boundWithin(template.feedback, prior, policy.maxErrorRate)) {
    const { correct, incorrect } = template.feedback;
    // Without an observed error, the bound is the cache's record, not the template's: it may serve later.
    return {
      hit: false,
      stale: incorrect > 0,
      reason: `error rate bound above ${policy.maxErrorRate} (${incorrect} wrong, ${correct} right)`,
      miss: 'doubted',
    };
  }
  if (!candidate.exact && candidate.similarity < policy.minSimilarity) {
    return { hit: false, stale: false, reason: `similarity ${candidate.similarity.toFixed(3)} below ${policy.minSimilarity}`, miss: 'far' };
  }
  const halfLife =
    policy.sourceHalfLifeDays[template.scope.source_id] ?? policy.halfLifeDays[template.scope.document_type] ?? policy.halfLifeDays.default;
  const ageDays = Math.max(0, now - template.createdAt) / DAY_MS;
  const score = candidate.similarity * 0.5 ** (ageDays / halfLife);
  if (score < policy.minScore)
    return {
      hit: false,
      stale: true,
      reason: `score ${score.toFixed(2)} after ${ageDays.toFixed(0)} days is below ${policy.minScore}`,
      miss: 'doubted',
    };
  if (!candidate.exact) {
    if (template.stable.counterparty !== null && namingWords(template.gate).length === 0)
      return {
        hit: false,
        stale: false,
        reason: 'the template does not print its counterparty, so only an exact match may use it',
        miss: 'gate',
      };
    const failure = gateFailure(template.gate, prepared.masked);
    if (failure) return { hit: false, stale: false, reason: `lexical gate: ${failure}`, miss: 'gate' };
    const shape = slotShapeDifference(template.skeleton, prepared.skeleton);
    if (shape) return { hit: false, stale: false, reason: `slots differ: ${shape}`, miss: 'gate' };
  }
  if (template.feedback.correct < policy.minConfirmations)
    return { hit: false, stale: false, unconfirmed: true, reason: 'not yet confirmed by an independent answer', miss: 'unconfirmed' };
  return { hit: true, score };
}

const VOLATILE_SLOTS = ['AMOUNT', 'DATE', 'REF'] as const;

/**
 * A near hit must print as many amounts, dates and references as the template: an extra one
 * (an order id beside the acquirer reference) could be the value the template never saw.
 */
function slotShapeDifference(templateSkeleton: string, recordSkeleton: string): string | null {
  for (const kind of VOLATILE_SLOTS) {
    const count = (skeleton: string) => skeleton.split(`{${kind}}`).length - 1;
    if (count(templateSkeleton) !== count(recordSkeleton))
      return `${count(recordSkeleton)} ${kind} slots, the template has ${count(templateSkeleton)}`;
  }
  // An order id too short to be cut as a slot ("SPOTIFY P3CSJQ5N") is still the record's own.
  const theirs = new Set(idLikeWords(templateSkeleton));
  const unseen = idLikeWords(recordSkeleton).filter((word) => !theirs.has(word));
  return unseen.length > 0 ? `an id the template never saw: ${unseen.join(', ')}` : null;
}

/**
 * Words of a skeleton that read as ids: letters with two or more digits ("P3CSJQ5N",
 * "MKTPL*4HS9FBE"), or with one over six characters or more ("P4YYMLUH"); not "O2" or "7-ELEVEN".
 */
function idLikeWords(skeleton: string): string[] {
  return skeleton
    .replace(/\{[A-Z]+\}/g, ' ')
    .split(/[\s*]+/)
    .filter((word) => {
      const digits = word.match(/\d/g)?.length ?? 0;
      return /\p{L}/u.test(word) && (digits >= 2 || (digits === 1 && word.length >= 6));
    });
}
