/**
 * Reasoning models in the simulator, driven by the official SDK over HTTP as the service drives
 * them: reasoning tokens billed as output and reported apart, spent first from
 * max_completion_tokens so a small limit cuts the answer, timed like output, and the efforts a
 * model refuses refused as the API refuses them.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI from 'openai';
import { systemClock } from '#src/common/clock.ts';
import { DEFAULT_MODEL_PROFILES } from '#src/dev/simulator/model-profile.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import { parseAnswer } from '#src/providers/extraction-prompt.ts';
import { createOpenAiProvider } from '#src/providers/openai-provider.ts';
import { ProviderError } from '#src/providers/provider-error.ts';
import { asPairs, chatBody, syntheticExamples } from './support.ts';

const examples = syntheticExamples(24);
const pack = examples.slice(0, 8);
let sim: Simulator;
let openai: OpenAI;

before(async () => {
  sim = await startSimulator({ truth: asPairs(examples), timeScale: 0 });
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: sim.openaiBaseUrl, maxRetries: 0 });
});
after(() => sim.close());
beforeEach(() => {
  for (const key of Object.keys(sim.billed)) delete sim.billed[key];
});

type Effort = OpenAI.Chat.Completions.ChatCompletionCreateParams['reasoning_effort'];

const ask = (
  model: string,
  effort: Effort | undefined,
  extra: Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming> = {},
) =>
  openai.chat.completions
    .create({ ...chatBody(model, pack), ...(effort !== undefined ? { reasoning_effort: effort } : {}), ...extra })
    .withResponse();

const reasoningOf = (completion: OpenAI.Chat.Completions.ChatCompletion) =>
  completion.usage?.completion_tokens_details?.reasoning_tokens ?? -1;

async function refusal(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.BadRequestError>> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OpenAI.BadRequestError, `expected a BadRequestError, got ${error}`);
    return error;
  }
  assert.fail('expected the request to be refused');
}

test('reasoning tokens are output: inside completion_tokens, reported apart, billed, and the answer is the same', async () => {
  const { data: none } = await ask('gpt-6-luna', 'none');
  const { data: low } = await ask('gpt-6-luna', 'low');
  const { data: high } = await ask('gpt-6-luna', 'high');
  assert.equal(reasoningOf(none), 0);
  assert.ok(reasoningOf(low) > 0, `low reasoned ${reasoningOf(low)}`);
  assert.ok(reasoningOf(high) > reasoningOf(low), `high ${reasoningOf(high)} ≤ low ${reasoningOf(low)}`);
  // The answer does not depend on the effort here, so its tokens are what is left of completion_tokens.
  for (const reasoned of [low, high]) {
    assert.equal(reasoned.choices[0]?.message.content, none.choices[0]?.message.content);
    assert.equal(reasoned.usage!.completion_tokens - reasoningOf(reasoned), none.usage!.completion_tokens);
    assert.equal(reasoned.usage!.total_tokens, reasoned.usage!.prompt_tokens + reasoned.usage!.completion_tokens);
    assert.equal(reasoned.choices[0]?.finish_reason, 'stop');
  }
  assert.equal(parseAnswer(high.choices[0]?.message.content, 8).size >= 7, true);
  const billed = sim.billed['gpt-6-luna']!;
  assert.equal(billed.output, none.usage!.completion_tokens + low.usage!.completion_tokens + high.usage!.completion_tokens);
});

test("a request naming no effort reasons at the model's default, medium; the same request reasons as long every time", async () => {
  const { data: unset } = await ask('gpt-6-luna', undefined);
  const { data: medium } = await ask('gpt-6-luna', 'medium');
  const { data: again } = await ask('gpt-6-luna', 'medium');
  assert.ok(reasoningOf(unset) > 0);
  assert.equal(reasoningOf(unset), reasoningOf(medium));
  assert.equal(reasoningOf(again), reasoningOf(medium));
  // A different pack reasons a different amount: the spend is drawn per request, not fixed per effort.
  const other = await openai.chat.completions.create({ ...chatBody('gpt-6-luna', examples.slice(8, 16)), reasoning_effort: 'medium' });
  assert.notEqual(reasoningOf(other), reasoningOf(medium));
});

test('reasoning takes time like output: the processing time grows by the profile’s time per output token for each reasoning token', async () => {
  const { data: none, response: fast } = await ask('gpt-6-luna', 'none');
  const { data: high, response: slow } = await ask('gpt-6-luna', 'high');
  const perToken = DEFAULT_MODEL_PROFILES['gpt-6-luna']!.latencyMs.perOutputToken;
  const ms = (response: Response) => Number(response.headers.get('openai-processing-ms'));
  assert.equal(ms(slow) - ms(fast), perToken * (high.usage!.completion_tokens - none.usage!.completion_tokens));
  assert.equal(ms(slow) - ms(fast), perToken * reasoningOf(high));
});

test('gpt-6.2-sol refuses none with a 400 in OpenAI’s error shape, bills nothing, and takes low', async () => {
  const error = await refusal(ask('gpt-6.2-sol', 'none'));
  assert.equal(error.status, 400);
  assert.equal(error.type, 'invalid_request_error');
  assert.equal(error.code, 'unsupported_value');
  assert.equal(error.param, 'reasoning_effort');
  assert.match(
    error.message,
    /'reasoning_effort' does not support 'none' with this model\. Supported values are: 'low', 'medium', 'high', 'xhigh', and 'max'\./,
  );
  assert.equal(sim.billed['gpt-6.2-sol'], undefined);
  const { data } = await ask('gpt-6.2-sol', 'low');
  assert.ok(reasoningOf(data) > 0);
  // Luna takes none, but neither takes minimal (OpenAI's model pages list none, low, medium, high, xhigh, max).
  assert.equal((await refusal(ask('gpt-6-luna', 'minimal'))).code, 'unsupported_value');
});

test('a model that does not reason refuses the parameter; an unknown effort is refused by value', async () => {
  const error = await refusal(ask('gpt-4.1', 'low'));
  assert.equal(error.code, 'unsupported_parameter');
  assert.match(error.message, /'reasoning_effort' is not supported with this model/);
  const { data } = await ask('gpt-4.1', undefined);
  assert.equal(reasoningOf(data), 0);
  assert.equal((await refusal(ask('gpt-6-luna', 'turbo' as Effort))).code, 'unsupported_value');
});

test('reasoning is spent first from max_completion_tokens: a limit sized for the answer alone cuts it', async () => {
  const { data: full } = await ask('gpt-6-luna', 'high');
  const reasoned = reasoningOf(full);
  const answerTokens = full.usage!.completion_tokens - reasoned;
  // Room for the answer, none for the reasoning: the answer is cut, and what was spent is billed.
  const { data: cut } = await ask('gpt-6-luna', 'high', { max_completion_tokens: answerTokens });
  assert.equal(cut.choices[0]?.finish_reason, 'length');
  assert.equal(cut.usage!.completion_tokens, answerTokens);
  const content = cut.choices[0]?.message.content ?? '';
  assert.ok(content.length < (full.choices[0]?.message.content ?? '').length);
  assert.throws(() => JSON.parse(content), SyntaxError);
  // Less than the reasoning: all of it went to reasoning, the answer is empty.
  const { data: empty } = await ask('gpt-6-luna', 'high', { max_completion_tokens: Math.floor(reasoned / 2) });
  assert.deepEqual(
    [empty.choices[0]?.finish_reason, empty.choices[0]?.message.content, reasoningOf(empty), empty.usage!.completion_tokens],
    ['length', '', Math.floor(reasoned / 2), Math.floor(reasoned / 2)],
  );
  // Room for both: the whole answer.
  const { data: whole } = await ask('gpt-6-luna', 'high', { max_completion_tokens: full.usage!.completion_tokens });
  assert.equal(whole.choices[0]?.finish_reason, 'stop');
  assert.equal(sim.billed['gpt-6-luna']?.output, 2 * full.usage!.completion_tokens + answerTokens + Math.floor(reasoned / 2));
});

test('through the service’s adapter a cut answer is a billed MALFORMED_ANSWER that says how much went to reasoning', async () => {
  const provider = createOpenAiProvider({ name: 'openai', apiKey: 'k', baseURL: sim.openaiBaseUrl, clock: systemClock });
  const { data: full } = await ask('gpt-6-luna', 'medium');
  const body = chatBody('gpt-6-luna', pack);
  const call = {
    model: 'gpt-6-luna',
    system: body.messages[0]!.content as string,
    user: body.messages[1]!.content as string,
    schema: {
      name: 'record_extractions',
      schema: (body.response_format as { json_schema: { schema: Record<string, unknown> } }).json_schema.schema,
    },
    // The answer's tokens and no room for reasoning, as the service asked before it gave reasoning room.
    maxOutputTokens: full.usage!.completion_tokens - reasoningOf(full),
    reasoningEffort: 'medium' as const,
    timeoutMs: 5_000,
  };
  const error = await provider.complete(call).then(
    () => assert.fail('expected the cut answer to be refused'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof ProviderError);
  assert.equal(error.code, 'MALFORMED_ANSWER');
  const spentOnReasoning = Math.min(reasoningOf(full), call.maxOutputTokens);
  assert.match(error.message, new RegExp(`cut at the token limit after ${spentOnReasoning} reasoning tokens`));
  assert.equal(error.usage?.outputTokens, call.maxOutputTokens, 'the cut call is billed, reasoning and all');
  // With room for the reasoning on top, the same call answers.
  const answered = await provider.complete({ ...call, maxOutputTokens: call.maxOutputTokens + 2 * reasoningOf(full) });
  assert.equal(parseAnswer(answered.answer, 8).size >= 7, true);
});
