/**
 * Model endpoints and providers for tests against the simulator: the real SDK adapters, limits
 * out of reach, quick retries and a short timeout, so a test waits on nothing but the simulator.
 */
import { systemClock } from '#src/common/clock.ts';
import type { Simulator } from '#src/dev/simulator/simulator.ts';
import { createAnthropicProvider } from '#src/providers/anthropic-provider.ts';
import { type EndpointOptions, ModelEndpoint } from '#src/providers/model-endpoint.ts';
import type { ModelProvider } from '#src/providers/model-provider.ts';
import { createOpenAiProvider } from '#src/providers/openai-provider.ts';

/** The simulator as the named provider, through that provider's SDK. */
export function simulatedProvider(simulator: Simulator, kind: 'openai' | 'anthropic'): ModelProvider {
  const common = { name: kind, apiKey: 'k', simulated: true, clock: systemClock };
  return kind === 'openai'
    ? createOpenAiProvider({ ...common, baseURL: simulator.openaiBaseUrl })
    : createAnthropicProvider({ ...common, baseURL: simulator.anthropicBaseUrl });
}

export function testEndpoint(provider: ModelProvider, model: string, options: Pick<EndpointOptions, 'reasoning'> = {}): ModelEndpoint {
  return new ModelEndpoint({
    ...options,
    provider,
    model,
    clock: systemClock,
    timeoutMs: 2_000,
    limits: { requestsPerMinute: 10_000, tokensPerMinute: 10_000_000 },
    circuit: { failureThreshold: 3, cooldownMs: 60_000 },
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 },
  });
}
