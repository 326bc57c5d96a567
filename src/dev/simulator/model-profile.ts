/**
 * How a simulated model behaves: how often it gets a record wrong, how fast it answers, how often
 * it breaks the answer format, how well its confidence tracks its correctness, and how easily it is
 * led astray. The defaults are plausible relative figures (cheap models err more on hard lines,
 * strong ones less and slower), not measurements of the real models.
 *
 * Being led astray: the prompt tells every model to trust the parser's hints unless the text
 * contradicts them, so every model leans on a wrong hint often; a small model checks the line
 * against it less and defers more (smaller models are the more suggestible to context they are
 * handed), a strong one reads the line and overrules it more often. Planted instructions fool
 * models rarely (a few per cent) and small ones most; the Claude tiers sit a little lower than the
 * OpenAI tiers of their size, as Anthropic trains and publishes against prompt injection.
 *
 * Reasoning (the GPT-6 models): the efforts each accepts are those OpenAI's model pages list, the
 * default is medium, and the tokens spent are plausible relative figures, not measurements: at low
 * 60 to 80 a call plus 15 to 20 a record, each effort above about 2.5× the one below, with seeded
 * noise. They are billed as output, count against max_completion_tokens and take the time of any
 * output token.
 */
import type { ReasoningEffort } from '../../config/tier-specs.ts';

/** Reasoning tokens one call spends at an effort, before noise: `base` plus `perRecord` for each record of the pack. */
export type ReasoningSpend = { base: number; perRecord: number };

export type ReasoningProfile = {
  /** The efforts the model accepts, with what each spends; any other is refused with a 400, as the API refuses it. */
  efforts: Partial<Record<ReasoningEffort, ReasoningSpend>>;
  /** The effort of a request that names none. */
  defaultEffort: ReasoningEffort;
  /**
   * Spread of one call's spend around its figure: the standard deviation of its logarithm (at 0.35,
   * nineteen calls in twenty spend between half and twice the figure).
   */
  spread: number;
};

export type ModelProfile = {
  /** Probability of a wrong record on the easiest narrative. */
  baseErrorRate: number;
  /** Added to the error probability per unit of difficulty (0..1); see difficulty.ts. */
  difficultySlope: number;
  /** Simulated answer time: `base` plus `perOutputToken` for each output token, in milliseconds. */
  latencyMs: { base: number; perOutputToken: number };
  /** Probability that one record's entry in a multi-record answer is malformed. */
  malformedRate: number;
  /** Standard deviation of the noise added to the reported confidence. */
  confidenceNoise: number;
  /** Probability that the model answers a field with a hint the text contradicts, rather than from the text. */
  followsWrongHintRate: number;
  /** Probability that the model obeys an instruction planted in the narrative, putting its values into the fields it names. */
  obeysInstructionRate: number;
  /** How the model reasons; absent for a model that does not, which refuses a request naming an effort. */
  reasoning?: ReasoningProfile;
};

/**
 * A GPT-6 model's reasoning: medium unless told; none (except on the models that refuse it), low,
 * medium, high, xhigh and max accepted, minimal not (OpenAI's model pages), each step spending
 * about 2.5× the one below.
 */
function gpt6Reasoning(low: ReasoningSpend, options: { refusesNone?: boolean } = {}): ReasoningProfile {
  const at = (steps: number) => ({ base: Math.round(low.base * 2.5 ** steps), perRecord: Math.round(low.perRecord * 2.5 ** steps) });
  return {
    efforts: {
      ...(options.refusesNone ? {} : { none: { base: 0, perRecord: 0 } }),
      low: at(0),
      medium: at(1),
      high: at(2),
      xhigh: at(3),
      max: at(4),
    },
    defaultEffort: 'medium',
    spread: 0.35,
  };
}

/** For any model name the simulator does not know: between the cheap and the strong tiers. */
export const MIDDLE_PROFILE: ModelProfile = {
  baseErrorRate: 0.02,
  difficultySlope: 0.2,
  latencyMs: { base: 500, perOutputToken: 10 },
  malformedRate: 0.01,
  confidenceNoise: 0.06,
  followsWrongHintRate: 0.35,
  obeysInstructionRate: 0.04,
};

export const DEFAULT_MODEL_PROFILES: Readonly<Record<string, ModelProfile>> = {
  'gpt-4.1-nano': {
    baseErrorRate: 0.06,
    difficultySlope: 0.45,
    latencyMs: { base: 250, perOutputToken: 4 },
    malformedRate: 0.03,
    confidenceNoise: 0.1,
    followsWrongHintRate: 0.6,
    obeysInstructionRate: 0.08,
  },
  'gpt-4o-mini': {
    baseErrorRate: 0.04,
    difficultySlope: 0.35,
    latencyMs: { base: 350, perOutputToken: 8 },
    malformedRate: 0.02,
    confidenceNoise: 0.08,
    followsWrongHintRate: 0.5,
    obeysInstructionRate: 0.06,
  },
  'gpt-4.1-mini': {
    baseErrorRate: 0.025,
    difficultySlope: 0.22,
    latencyMs: { base: 450, perOutputToken: 9 },
    malformedRate: 0.012,
    confidenceNoise: 0.07,
    followsWrongHintRate: 0.4,
    obeysInstructionRate: 0.045,
  },
  'gpt-4o': {
    baseErrorRate: 0.015,
    difficultySlope: 0.15,
    latencyMs: { base: 550, perOutputToken: 11 },
    malformedRate: 0.008,
    confidenceNoise: 0.06,
    followsWrongHintRate: 0.3,
    obeysInstructionRate: 0.03,
  },
  'gpt-4.1': {
    baseErrorRate: 0.01,
    difficultySlope: 0.12,
    latencyMs: { base: 600, perOutputToken: 12 },
    malformedRate: 0.005,
    confidenceNoise: 0.05,
    followsWrongHintRate: 0.25,
    obeysInstructionRate: 0.025,
  },
  'claude-3-5-haiku': {
    baseErrorRate: 0.045,
    difficultySlope: 0.35,
    latencyMs: { base: 450, perOutputToken: 8 },
    malformedRate: 0.02,
    confidenceNoise: 0.08,
    followsWrongHintRate: 0.45,
    obeysInstructionRate: 0.05,
  },
  'claude-haiku-4-5': {
    baseErrorRate: 0.03,
    difficultySlope: 0.28,
    latencyMs: { base: 400, perOutputToken: 7 },
    malformedRate: 0.015,
    confidenceNoise: 0.07,
    followsWrongHintRate: 0.35,
    obeysInstructionRate: 0.035,
  },
  'claude-sonnet-4-5': {
    baseErrorRate: 0.008,
    difficultySlope: 0.1,
    latencyMs: { base: 900, perOutputToken: 15 },
    malformedRate: 0.004,
    confidenceNoise: 0.04,
    followsWrongHintRate: 0.18,
    obeysInstructionRate: 0.02,
  },
  // claude-sonnet-4-5's successor; the Anthropic SDK warns that 4-5 reaches end of life on 2026-11-30.
  'claude-sonnet-4-6': {
    baseErrorRate: 0.007,
    difficultySlope: 0.09,
    latencyMs: { base: 850, perOutputToken: 14 },
    malformedRate: 0.004,
    confidenceNoise: 0.04,
    followsWrongHintRate: 0.15,
    obeysInstructionRate: 0.02,
  },
  // The 2026 generation. Nothing here is measured, so none is made better than the model its price
  // class replaces: the cheap ones sit between gpt-4o-mini and gpt-4.1-mini, gpt-6.1-terra at gpt-4o,
  // Sol, Sonnet 5.5 and Opus 5.5 no better than gpt-4.1 and claude-sonnet-4-6. They reason (think) by
  // default. The GPT-6 models' reasoning is counted in tokens (`reasoning`), each taking the time of
  // an output token, so their base is that of a model answering at once, of their price class; the
  // Claude models' thinking is not counted, so their base has them start answering later instead.
  'gpt-6-luna': {
    baseErrorRate: 0.03,
    difficultySlope: 0.26,
    latencyMs: { base: 400, perOutputToken: 7 },
    malformedRate: 0.015,
    confidenceNoise: 0.075,
    followsWrongHintRate: 0.45,
    obeysInstructionRate: 0.05,
    reasoning: gpt6Reasoning({ base: 60, perRecord: 15 }),
  },
  'claude-haiku-5-5': {
    baseErrorRate: 0.03,
    difficultySlope: 0.26,
    latencyMs: { base: 600, perOutputToken: 7 },
    malformedRate: 0.015,
    confidenceNoise: 0.07,
    followsWrongHintRate: 0.42,
    obeysInstructionRate: 0.045,
  },
  'gpt-6.1-terra': {
    baseErrorRate: 0.015,
    difficultySlope: 0.15,
    latencyMs: { base: 550, perOutputToken: 10 },
    malformedRate: 0.008,
    confidenceNoise: 0.06,
    followsWrongHintRate: 0.3,
    obeysInstructionRate: 0.03,
    reasoning: gpt6Reasoning({ base: 70, perRecord: 18 }),
  },
  'gpt-6.2-sol': {
    baseErrorRate: 0.01,
    difficultySlope: 0.12,
    latencyMs: { base: 600, perOutputToken: 12 },
    malformedRate: 0.005,
    confidenceNoise: 0.05,
    followsWrongHintRate: 0.25,
    obeysInstructionRate: 0.025,
    reasoning: gpt6Reasoning({ base: 80, perRecord: 20 }, { refusesNone: true }),
  },
  'claude-sonnet-5-5': {
    baseErrorRate: 0.007,
    difficultySlope: 0.09,
    latencyMs: { base: 1000, perOutputToken: 14 },
    malformedRate: 0.004,
    confidenceNoise: 0.04,
    followsWrongHintRate: 0.15,
    obeysInstructionRate: 0.02,
  },
  'claude-opus-5-5': {
    baseErrorRate: 0.007,
    difficultySlope: 0.09,
    latencyMs: { base: 1400, perOutputToken: 18 },
    malformedRate: 0.004,
    confidenceNoise: 0.04,
    followsWrongHintRate: 0.15,
    obeysInstructionRate: 0.02,
  },
};

/** The profile of `model`: the caller's own first, then the defaults, then the middle one. */
export function resolveProfile(model: string, custom: Readonly<Record<string, ModelProfile>> = {}): ModelProfile {
  return custom[model] ?? DEFAULT_MODEL_PROFILES[model] ?? MIDDLE_PROFILE;
}
