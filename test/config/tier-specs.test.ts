/**
 * The tier specification's reasoning options: the effort a model is asked at, and the room its
 * reasoning gets on top of the answer, with their defaults and the errors that name what is wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '#src/config/parsers.ts';
import { DEFAULT_TIERS, type ModelSpec, REASONING_TOKENS_PER_CALL, tierSpecs } from '#src/config/tier-specs.ts';

const parseModel = (model: Record<string, unknown>): ModelSpec => tierSpecs([{ name: 'small', models: [model] }])[0]!.models[0]!;

const refusal = (model: Record<string, unknown>): string => {
  try {
    parseModel(model);
  } catch (error) {
    assert.ok(error instanceof ValueError);
    return error.message;
  }
  assert.fail('expected the model to be refused');
};

test('the defaults: gpt-6-luna at none with no room, gpt-6.2-sol at low (its lowest) with room, the Claude fallbacks untouched', () => {
  const byModel = new Map(DEFAULT_TIERS.flatMap((tier) => tier.models).map((m) => [m.model, m]));
  const pick = (m: ModelSpec | undefined) => [m?.reasoningEffort, m?.reasoningTokensPerCall];
  assert.deepEqual(pick(byModel.get('gpt-6-luna')), ['none', 0]);
  assert.deepEqual(pick(byModel.get('gpt-6.2-sol')), ['low', REASONING_TOKENS_PER_CALL.low]);
  assert.ok(REASONING_TOKENS_PER_CALL.low >= 256 && REASONING_TOKENS_PER_CALL.low <= 1024, 'a few hundred tokens at low');
  assert.deepEqual(pick(byModel.get('claude-haiku-5-5')), [undefined, 0]);
  assert.deepEqual(pick(byModel.get('claude-sonnet-4-6')), [undefined, 0]);
  // The defaults parse to themselves: what a configuration file spelling them out would give.
  assert.deepEqual(tierSpecs(JSON.parse(JSON.stringify(DEFAULT_TIERS))), DEFAULT_TIERS);
});

test('no effort named: none is sent and no room is added', () => {
  const model = parseModel({ provider: 'openai', model: 'gpt-4.1-mini' });
  assert.equal(model.reasoningEffort, undefined);
  assert.equal('reasoningEffort' in model, false);
  assert.equal(model.reasoningTokensPerCall, 0);
});

test('an effort brings its default room, which reasoningTokensPerCall overrides, 0 included', () => {
  for (const effort of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const) {
    const model = parseModel({ provider: 'openai', model: 'gpt-6-luna', reasoningEffort: effort });
    assert.deepEqual([model.reasoningEffort, model.reasoningTokensPerCall], [effort, REASONING_TOKENS_PER_CALL[effort]]);
  }
  assert.equal(REASONING_TOKENS_PER_CALL.none, 0);
  assert.equal(
    parseModel({ provider: 'openai', model: 'gpt-6.2-sol', reasoningEffort: 'low', reasoningTokensPerCall: 300 }).reasoningTokensPerCall,
    300,
  );
  assert.equal(
    parseModel({ provider: 'openai', model: 'gpt-6.2-sol', reasoningEffort: 'low', reasoningTokensPerCall: 0 }).reasoningTokensPerCall,
    0,
  );
  // Room without an effort: a model reasoning at its own default.
  assert.equal(parseModel({ provider: 'openai', model: 'gpt-6-luna', reasoningTokensPerCall: 2048 }).reasoningTokensPerCall, 2048);
});

test('OpenAI-compatible servers take an effort too; Anthropic models take room but no effort', () => {
  const compatible = parseModel({
    provider: 'local-vllm',
    model: 'gpt-oss-20b',
    baseUrl: 'http://127.0.0.1:8000/v1',
    selfHosted: true,
    reasoningEffort: 'low',
  });
  assert.deepEqual([compatible.reasoningEffort, compatible.reasoningTokensPerCall], ['low', REASONING_TOKENS_PER_CALL.low]);
  assert.equal(parseModel({ provider: 'anthropic', model: 'claude-haiku-5-5', reasoningTokensPerCall: 1024 }).reasoningTokensPerCall, 1024);
  assert.match(
    refusal({ provider: 'anthropic', model: 'claude-haiku-5-5', reasoningEffort: 'low' }),
    /^tier small model 0: reasoningEffort is sent as OpenAI's reasoning_effort, for OpenAI and OpenAI-compatible models only/,
  );
});

test('an effort the API does not name, or a room that is not a whole number of tokens, is refused by name', () => {
  assert.equal(
    refusal({ provider: 'openai', model: 'gpt-6-luna', reasoningEffort: 'turbo' }),
    'tier small model 0: reasoningEffort must be one of none, minimal, low, medium, high, xhigh, max',
  );
  assert.match(refusal({ provider: 'openai', model: 'gpt-6-luna', reasoningEffort: 'LOW' }), /reasoningEffort must be one of/);
  for (const room of [-1, 1.5, '512']) {
    assert.equal(
      refusal({ provider: 'openai', model: 'gpt-6-luna', reasoningEffort: 'low', reasoningTokensPerCall: room }),
      'tier small model 0: reasoningTokensPerCall must be an integer ≥ 0',
    );
  }
});
