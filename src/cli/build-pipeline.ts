/**
 * The pipeline's dependencies, as the embedded default and the service both assemble them; apart
 * from the service's own wiring (build-service.ts), so that a file run loads no server client.
 */
import type { TemplateCache } from '../cache/template-cache.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import type { Config } from '../config/config.ts';
import type { BudgetGuard } from '../dispatch/budget-guard.ts';
import type { ModelTier } from '../dispatch/model-tier.ts';
import type { PipelineDeps } from '../pipeline/pipeline.ts';
import { RulesPool, rulesWorkerCount } from '../pipeline/rules-pool.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import type { RouterLearner } from '../routing/router-learner.ts';
import type { RouterSlot } from '../routing/router-slot.ts';
import { routingDeps } from './build-router.ts';
import { budgetRelaxation } from './build-tiers.ts';

/**
 * The pipeline's dependencies as every command assembles them: tiers, prices, router, cache,
 * budget (and what it relaxes), and the rules workers, which the caller closes. The tiers'
 * circuits and rate-limit waits and the cache's circuit and size are put on the metrics here.
 */
export function pipelineDeps(deps: {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  tiers: ModelTier[];
  prices: PriceTable;
  router: { slot: RouterSlot; learner: RouterLearner | undefined };
  cache: TemplateCache | undefined;
  budget: BudgetGuard | undefined;
}): PipelineDeps {
  const { config, metrics, logger, budget } = deps;
  for (const tier of deps.tiers)
    for (const endpoint of tier.endpoints) {
      const model = `${endpoint.provider.name}/${endpoint.model}`;
      metrics.watchCircuit(model, () => endpoint.circuitState);
      metrics.watchRateLimit(model, () => endpoint.rateLimitWaitedMs);
    }
  if (deps.cache) {
    const { cache } = deps;
    metrics.watchCircuit('cache', () => cache.circuitState);
    metrics.watchTemplates(() => cache.size());
  }
  const workers = rulesWorkerCount(config.stream.rulesWorkers);
  return {
    ...(workers > 0 ? { rulesPool: new RulesPool({ size: workers, logger }) } : {}),
    tiers: deps.tiers,
    prices: deps.prices,
    now: deps.clock.now,
    metrics,
    ...routingDeps(deps.router),
    ...(deps.cache ? { cache: deps.cache } : {}),
    ...(budget ? { budget, relaxation: budgetRelaxation({ guard: budget, config, metrics, logger }) } : {}),
  };
}
