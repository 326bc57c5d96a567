/**
 * The conformance suite of the ModelProvider port: every adapter (OpenAI chat completions,
 * Anthropic messages, an OpenAI-compatible server) registers it and must pass it unchanged,
 * driven through its real SDK over HTTP against a fresh provider simulator per test. Failures
 * come from the simulator's fault injection, so each is the HTTP behaviour a real provider shows.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIELD_NAMES } from '#src/contract/records.ts';
import type { BilledUsage } from '#src/dev/simulator/billed-usage.ts';
import type { FaultPlan } from '#src/dev/simulator/faults.ts';
import { type Simulator, startSimulator } from '#src/dev/simulator/simulator.ts';
import {
  ANSWER_JSON_SCHEMA,
  ANSWER_NAME,
  buildUserMessage,
  EXTRACTION_INSTRUCTIONS,
  parseAnswer,
} from '#src/providers/extraction-prompt.ts';
import type { CompletionRequest, ModelProvider } from '#src/providers/model-provider.ts';
import { ProviderError, type ProviderErrorCode } from '#src/providers/provider-error.ts';
import { asPairs, loadExamples } from '#test/dev/simulator/support.ts';

export type ProviderUnderTest = {
  provider: ModelProvider;
  /** The model every request of the suite asks for. */
  model: string;
  /** What the provider was configured with; it must report exactly this. */
  configured: { name: string; simulated: boolean; apiKey: string };
};

const examples = loadExamples();
/** Far above what a loopback call needs: only the timeout test depends on a call running out. */
const GENEROUS_TIMEOUT_MS = 30_000;
/** The 'timeout' fault holds the connection for minutes, so a short bound surely runs out first. */
const SHORT_TIMEOUT_MS = 500;

function packRequest(model: string, count: number, changes: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    model,
    system: EXTRACTION_INSTRUCTIONS,
    user: buildUserMessage(examples.slice(0, count).map((e, i) => ({ i, text: e.text }))),
    schema: { name: ANSWER_NAME, schema: ANSWER_JSON_SCHEMA as unknown as Record<string, unknown> },
    maxOutputTokens: 2_000,
    timeoutMs: GENEROUS_TIMEOUT_MS,
    ...changes,
  };
}

const billedOf = (simulator: Simulator, model: string): BilledUsage => ({
  input: 0,
  cachedInput: 0,
  cacheWrite: 0,
  output: 0,
  calls: 0,
  ...simulator.billed[model],
});

/** What the simulator billed between two snapshots, in the port's normalised terms. */
function billedBetween(before: BilledUsage, after: BilledUsage) {
  const cacheWrite = after.cacheWrite - before.cacheWrite;
  return {
    inputTokens: after.input - before.input - cacheWrite,
    cachedInputTokens: after.cachedInput - before.cachedInput,
    cacheWriteInputTokens: cacheWrite,
    outputTokens: after.output - before.output,
  };
}

export function modelProviderConformance(name: string, connect: (simulator: Simulator) => ProviderUnderTest): void {
  const withProvider = (body: (under: ProviderUnderTest & { simulator: Simulator }) => Promise<void>) => async () => {
    const simulator = await startSimulator({ truth: asPairs(examples), timeScale: 0 });
    try {
      await body({ ...connect(simulator), simulator });
    } finally {
      await simulator.close();
    }
  };

  /** Calls once under `fault` and checks the ProviderError: one attempt, no retry inside the adapter. */
  const expectFailure = (fault: FaultPlan['kind'], expected: { code: ProviderErrorCode; retryable: boolean; status?: number | number[] }) =>
    withProvider(async ({ provider, model, configured, simulator }) => {
      simulator.injectFaults({ kind: fault, model, retryAfterSeconds: 3 });
      const sent = simulator.requests.length;
      const error = await provider.complete(packRequest(model, 1, fault === 'timeout' ? { timeoutMs: SHORT_TIMEOUT_MS } : {})).then(
        () => assert.fail(`expected ${expected.code}`),
        (thrown: unknown) => thrown,
      );
      assert.ok(error instanceof ProviderError, `a ProviderError, not ${String(error)}`);
      assert.deepEqual([error.code, error.retryable, error.provider], [expected.code, expected.retryable, configured.name]);
      assert.ok([expected.status].flat().includes(error.status), `status ${error.status}`);
      assert.equal(error.retryAfterMs, fault === '429' ? 3_000 : undefined, 'Retry-After is read only when the provider sent it');
      assert.equal(error.usage, undefined, 'a call the provider did not answer is not billed');
      assert.equal(simulator.requests.length - sent, 1, 'one attempt: retries belong to the caller');
    });

  describe(`ModelProvider conformance: ${name}`, () => {
    test(
      'name and simulated are as configured',
      withProvider(async ({ provider, configured }) => {
        assert.deepEqual([provider.name, provider.simulated], [configured.name, configured.simulated]);
      }),
    );

    test(
      'a structured answer comes back parsed, following the schema the request carried',
      withProvider(async ({ provider, model, simulator }) => {
        const request = packRequest(model, 4);
        const { answer } = await provider.complete(request);
        assert.equal(typeof answer, 'object', 'the answer is parsed, not text');
        const results = (answer as { results: { i: number; fields: object }[] }).results;
        assert.deepEqual(
          results.map((r) => r.i),
          [0, 1, 2, 3],
        );
        for (const result of results) assert.deepEqual(Object.keys(result.fields).sort(), [...FIELD_NAMES].sort());
        assert.equal(parseAnswer(answer, 4).size, 4);
        const sent = JSON.stringify(simulator.requests.at(-1)!.body);
        for (const part of [request.system, request.user, request.schema.schema, request.schema.name]) {
          assert.ok(sent.includes(JSON.stringify(part)), `the request carries ${JSON.stringify(part).slice(0, 40)}…`);
        }
      }),
    );

    test(
      'usage is the bill, normalised: input tokens never include cached or cache-write ones',
      withProvider(async ({ provider, model, simulator }) => {
        for (const call of ['first', 'second']) {
          const before = billedOf(simulator, model);
          const { usage } = await provider.complete(packRequest(model, 4));
          const billed = billedBetween(before, billedOf(simulator, model));
          assert.equal(usage.inputTokens, billed.inputTokens, `${call} call: input tokens`);
          assert.equal(usage.cachedInputTokens ?? 0, billed.cachedInputTokens, `${call} call: cached input tokens`);
          assert.equal(usage.cacheWriteInputTokens ?? 0, billed.cacheWriteInputTokens, `${call} call: cache-write tokens`);
          assert.equal(usage.outputTokens, billed.outputTokens, `${call} call: output tokens`);
          assert.ok(usage.inputTokens! > 0 && usage.outputTokens! > 0);
          assert.notEqual(usage.raw, undefined, "the provider's own usage object is kept");
          if (call === 'second') assert.ok(usage.cachedInputTokens! > 0, 'the fixed prefix is read from the prompt cache');
        }
      }),
    );

    test(
      'every call reports its own request id',
      withProvider(async ({ provider, model }) => {
        const ids = [
          (await provider.complete(packRequest(model, 1))).requestId,
          (await provider.complete(packRequest(model, 1))).requestId,
        ];
        for (const id of ids) assert.ok(typeof id === 'string' && id.length > 0, `request id ${id}`);
        assert.notEqual(ids[0], ids[1]);
      }),
    );

    test(
      '429 is RATE_LIMITED, retryable, with the wait Retry-After asked for',
      expectFailure('429', { code: 'RATE_LIMITED', retryable: true, status: 429 }),
    );
    test('500 is a retryable SERVER_ERROR', expectFailure('500', { code: 'SERVER_ERROR', retryable: true, status: 500 }));
    test(
      'overloaded (Anthropic 529, OpenAI 503) is a retryable OVERLOADED',
      expectFailure('529', { code: 'OVERLOADED', retryable: true, status: [529, 503] }),
    );
    test('401 is AUTH, not retryable', expectFailure('401', { code: 'AUTH', retryable: false, status: 401 }));
    test('a call past its timeout is a retryable TIMEOUT', expectFailure('timeout', { code: 'TIMEOUT', retryable: true }));

    test(
      'an unreachable server is a retryable CONNECTION error',
      withProvider(async ({ provider, model, configured, simulator }) => {
        await simulator.close();
        await assert.rejects(
          provider.complete(packRequest(model, 1)),
          (error: unknown) =>
            error instanceof ProviderError && error.code === 'CONNECTION' && error.retryable && error.provider === configured.name,
        );
      }),
    );

    test(
      'an answer that is not JSON is MALFORMED_ANSWER, not retryable, carrying its billed usage',
      withProvider(async ({ provider, model, simulator }) => {
        simulator.injectFaults({ kind: 'malformed-json', model });
        const before = billedOf(simulator, model);
        const error = await provider.complete(packRequest(model, 4)).then(
          () => assert.fail('expected MALFORMED_ANSWER'),
          (thrown: unknown) => thrown,
        );
        assert.ok(error instanceof ProviderError && error.code === 'MALFORMED_ANSWER' && !error.retryable, String(error));
        const billed = billedBetween(before, billedOf(simulator, model));
        assert.ok(billed.outputTokens > 0, 'the simulator billed the malformed answer');
        assert.equal(error.usage?.outputTokens, billed.outputTokens);
        assert.equal(error.usage?.inputTokens, billed.inputTokens);
      }),
    );

    test(
      'an answer cut at the token limit is MALFORMED_ANSWER carrying its usage',
      withProvider(async ({ provider, model }) => {
        const error = await provider.complete(packRequest(model, 4, { maxOutputTokens: 20 })).then(
          () => assert.fail('expected MALFORMED_ANSWER'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof ProviderError && error.code === 'MALFORMED_ANSWER', String(error));
        assert.equal(error.usage?.outputTokens, 20);
      }),
    );

    test(
      'an aborted signal ends the call with ABORTED, before it starts or while it waits',
      withProvider(async ({ provider, model, simulator }) => {
        const isAborted = (error: unknown) => error instanceof ProviderError && error.code === 'ABORTED' && !error.retryable;
        await assert.rejects(provider.complete(packRequest(model, 1, { signal: AbortSignal.abort() })), isAborted);
        simulator.injectFaults({ kind: 'timeout', model });
        const controller = new AbortController();
        const held = simulator.requests.length;
        const call = provider.complete(packRequest(model, 1, { signal: controller.signal }));
        let settled = false;
        const markSettled = () => {
          settled = true;
        };
        call.then(markSettled, markSettled);
        // Abort only once the server holds the request, so the abort lands mid-call.
        while (simulator.requests.length === held && !settled) await new Promise((resolve) => setImmediate(resolve));
        controller.abort();
        await assert.rejects(call, isAborted);
      }),
    );

    test(
      'the API key never reaches the server log in clear',
      withProvider(async ({ provider, model, configured, simulator }) => {
        await provider.complete(packRequest(model, 1));
        assert.equal(simulator.requests.length, 1);
        assert.ok(!JSON.stringify(simulator.requests).includes(configured.apiKey));
      }),
    );
  });
}
