/**
 * What a reasoning model spends before it answers, as OpenAI's chat completions bill it: the
 * effort a request names (or the model's default), refused with a 400 where the model does not
 * take it, and the reasoning tokens of the call, drawn from the model's profile. The spend depends
 * only on (seed, model, effort, user message): the same request reasons as long on every retry,
 * a record asked alone reasons less than its pack did.
 */
import type { ReasoningEffort } from '../../config/tier-specs.ts';
import type { ModelProfile } from './model-profile.ts';
import { gaussian } from './seeded.ts';
import { openaiError, type WireResponse } from './wire-errors.ts';

/** The effort a call reasons at, or the 400 the API answers a value the model does not take with. */
export function reasoningEffort(profile: ModelProfile, requested: unknown): { effort: ReasoningEffort | undefined } | WireResponse {
  const reasoning = profile.reasoning;
  if (requested === undefined || requested === null) return { effort: reasoning?.defaultEffort };
  if (!reasoning) {
    return openaiError(400, {
      message: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
      type: 'invalid_request_error',
      param: 'reasoning_effort',
      code: 'unsupported_parameter',
    });
  }
  if (typeof requested === 'string' && Object.hasOwn(reasoning.efforts, requested)) return { effort: requested as ReasoningEffort };
  const accepted = Object.keys(reasoning.efforts).map((effort) => `'${effort}'`);
  const listed = accepted.length > 1 ? `${accepted.slice(0, -1).join(', ')}, and ${accepted.at(-1)}` : accepted.join('');
  return openaiError(400, {
    message: `Unsupported value: 'reasoning_effort' does not support ${JSON.stringify(requested).replaceAll('"', "'")} with this model. Supported values are: ${listed}.`,
    type: 'invalid_request_error',
    param: 'reasoning_effort',
    code: 'unsupported_value',
  });
}

/** The reasoning tokens one call spends: its effort's figure for the pack's size, times the model's noise. */
export function reasoningTokens(
  profile: ModelProfile,
  call: { model: string; effort: ReasoningEffort | undefined; records: number; userText: string; seed: number },
): number {
  const spend = call.effort ? profile.reasoning?.efforts[call.effort] : undefined;
  if (!spend) return 0;
  const figure = spend.base + spend.perRecord * call.records;
  if (figure === 0) return 0;
  const noise = profile.reasoning!.spread * gaussian(call.seed, call.model, call.userText, 'reasoning', call.effort!);
  return Math.max(1, Math.round(figure * Math.exp(noise)));
}
