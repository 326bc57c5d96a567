/**
 * Builds the cascade's model tiers from configuration: one endpoint per configured model whose
 * provider can be reached (a key is set, or the simulator stands in for every provider).
 */
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import { DEFAULT_RETRY_POLICY } from '../common/resilience/retry.ts';
import type { Config } from '../config/config.ts';
import type { ModelSpec } from '../config/tier-specs.ts';
import type { ModelTier } from '../dispatch/model-tier.ts';
import { loadPriceTable, type PriceTable, withSelfHostedModels } from '../pricing/price-table.ts';
import { createAnthropicProvider } from '../providers/anthropic-provider.ts';
import { ModelEndpoint } from '../providers/model-endpoint.ts';
import type { ModelProvider } from '../providers/model-provider.ts';
import { createOpenAiProvider } from '../providers/openai-provider.ts';

const UNLIMITED = { requestsPerMinute: 1e9, tokensPerMinute: 1e12 };

export type SimulatorUrls = { openaiBaseUrl: string; anthropicBaseUrl: string };

export function buildTiers(options: {
  config: Config;
  env: Record<string, string | undefined>;
  clock: Clock;
  logger: Logger;
  /** When set, every provider is the simulator and outputs say so. */
  simulator?: SimulatorUrls;
}): ModelTier[] {
  const providers = new Map<string, ModelProvider | null>();
  const providerFor = (spec: ModelSpec) => {
    const key = `${spec.provider}|${spec.baseUrl ?? ''}`;
    if (!providers.has(key)) providers.set(key, createProvider(spec, options));
    return providers.get(key)!;
  };
  const tiers: ModelTier[] = [];
  for (const spec of options.config.tiers) {
    const endpoints = spec.models.flatMap((model) => {
      const provider = providerFor(model);
      if (!provider) return [];
      return [
        new ModelEndpoint({
          provider,
          model: model.model,
          clock: options.clock,
          timeoutMs: model.timeoutMs,
          retry: DEFAULT_RETRY_POLICY,
          // The simulator enforces no limits; the configured ones belong to the real providers.
          limits: options.simulator ? UNLIMITED : { requestsPerMinute: model.requestsPerMinute, tokensPerMinute: model.tokensPerMinute },
          circuit: { failureThreshold: 5, cooldownMs: 30_000 },
        }),
      ];
    });
    if (endpoints.length === 0) {
      options.logger.warn(
        `tier ${spec.name} has no reachable model (no API key for ${spec.models.map((m) => m.provider).join(', ')}); it is skipped`,
      );
      continue;
    }
    tiers.push({ ...spec, endpoints });
  }
  return tiers;
}

function createProvider(
  spec: ModelSpec,
  options: { config: Config; env: Record<string, string | undefined>; clock: Clock; simulator?: SimulatorUrls },
): ModelProvider | null {
  const { clock, simulator } = options;
  const { openai, anthropic } = options.config.providers;
  if (spec.provider === 'anthropic') {
    if (simulator)
      return createAnthropicProvider({
        name: 'anthropic',
        apiKey: 'simulated',
        baseURL: simulator.anthropicBaseUrl,
        simulated: true,
        clock,
      });
    return anthropic.apiKey
      ? createAnthropicProvider({
          name: 'anthropic',
          apiKey: anthropic.apiKey,
          ...(anthropic.baseUrl ? { baseURL: anthropic.baseUrl } : {}),
          clock,
        })
      : null;
  }
  if (spec.provider === 'openai') {
    if (simulator)
      return createOpenAiProvider({ name: 'openai', apiKey: 'simulated', baseURL: simulator.openaiBaseUrl, simulated: true, clock });
    return openai.apiKey
      ? createOpenAiProvider({ name: 'openai', apiKey: openai.apiKey, ...(openai.baseUrl ? { baseURL: openai.baseUrl } : {}), clock })
      : null;
  }
  // An OpenAI-compatible server: self-hosted ones often need no key.
  const apiKey = (spec.apiKeyEnv ? options.env[spec.apiKeyEnv] : undefined) ?? 'none';
  const baseURL = simulator ? simulator.openaiBaseUrl : spec.baseUrl!;
  return createOpenAiProvider({ name: spec.provider, apiKey, baseURL, compatible: true, simulated: Boolean(simulator), clock });
}

/** The price table the configured tiers are costed with: the listed prices, and zero for self-hosted models. */
export function pricesFor(config: Pick<Config, 'tiers'>): PriceTable {
  return withSelfHostedModels(
    loadPriceTable(),
    config.tiers.flatMap((tier) => tier.models.filter((m) => m.selfHosted)),
  );
}
