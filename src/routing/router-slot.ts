/**
 * The router in service: the fixed cascade until a trained model arrives, then the newest model
 * that fits this build. A model is swapped in between records, never mid-route, without a restart;
 * one that does not fit (other features, other tiers, an older version than the current) is
 * refused with a log line and a metric, and the current one stays.
 */
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import { FEATURE_NAMES } from './features.ts';
import { type LearnedRouterOptions, learnedRouter } from './learned-router.ts';
import { fixedCascade, type Route, type Router } from './router.ts';
import { modelProblem, type RouterModel } from './router-model.ts';

export class RouterSlot implements Router {
  readonly #options: LearnedRouterOptions;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  #current: Router;
  #model: RouterModel | null = null;

  constructor(options: LearnedRouterOptions & { logger: Logger; metrics: Metrics }) {
    this.#options = options;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    this.#current = fixedCascade(options.tierNames);
  }

  get version(): string | null {
    return this.#current.version;
  }

  /** The installed model; null while the fixed cascade routes. */
  get model(): RouterModel | null {
    return this.#model;
  }

  sourceErrorRate(sourceId: string): number {
    return this.#current.sourceErrorRate(sourceId);
  }

  plan(features: Float64Array, recordId: string): Route {
    return this.#current.plan(features, recordId);
  }

  escalationThreshold(tier: string, features: Float64Array | null): number | null {
    return this.#current.escalationThreshold(tier, features);
  }

  /** Installs a model unless it does not fit this build or is not newer than the current one. */
  install(model: RouterModel, from: string): boolean {
    const problem =
      modelProblem(model, FEATURE_NAMES, this.#options.tierNames) ??
      (this.#model !== null && model.trained_at < this.#model.trained_at ? `it is older than the installed ${this.#model.version}` : null);
    if (problem !== null) {
      this.#metrics.routerModels.inc({ outcome: 'refused' });
      this.#logger.warn('router model refused; the current one stays', { version: model.version, from, reason: problem });
      return false;
    }
    if (this.#model?.version === model.version) return true;
    this.#model = model;
    this.#current = learnedRouter(model, this.#options);
    this.#metrics.routerModels.inc({ outcome: 'installed' });
    this.#metrics.routerModelTrainedAt.set(model.trained_at / 1000);
    this.#logger.info('router model installed', { version: model.version, from, examples: model.training_examples });
    return true;
  }
}
