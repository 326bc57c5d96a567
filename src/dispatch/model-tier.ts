/**
 * A model tier: a named rung of the cascade ("small", "large", ...), served by one or more
 * model endpoints in fallback order (an outage of the first sends the tier's calls to the next,
 * which should be of the same strength).
 */
import type { AnswerFormat } from '../config/tier-specs.ts';
import type { ModelEndpoint } from '../providers/model-endpoint.ts';

export type ModelTier = {
  /** The name recorded as provenance.tier, e.g. "small". */
  name: string;
  endpoints: ModelEndpoint[];
  /** Records per call. */
  packSize: number;
  /** Calls of this tier in flight at once. */
  concurrency: number;
  /** Output tokens budgeted per record in a pack. */
  outputTokensPerRecord: number;
  /** Answers below this confidence escalate to the next tier. */
  minConfidence: number;
  /** How records are asked and answered (TierSpec.answerFormat); 'full' when absent. */
  answerFormat?: AnswerFormat;
};
