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
 */
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
};

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
  // default, so they start answering later.
  'gpt-6-luna': {
    baseErrorRate: 0.03,
    difficultySlope: 0.26,
    latencyMs: { base: 650, perOutputToken: 7 },
    malformedRate: 0.015,
    confidenceNoise: 0.075,
    followsWrongHintRate: 0.45,
    obeysInstructionRate: 0.05,
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
    latencyMs: { base: 750, perOutputToken: 10 },
    malformedRate: 0.008,
    confidenceNoise: 0.06,
    followsWrongHintRate: 0.3,
    obeysInstructionRate: 0.03,
  },
  'gpt-6.2-sol': {
    baseErrorRate: 0.01,
    difficultySlope: 0.12,
    latencyMs: { base: 950, perOutputToken: 12 },
    malformedRate: 0.005,
    confidenceNoise: 0.05,
    followsWrongHintRate: 0.25,
    obeysInstructionRate: 0.025,
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
