/**
 * Builds the router from configuration: the slot every window routes through, and the learner
 * that turns routes and verdicts into new models. The embedded default keeps both beside its
 * templates — the model in router.json, the route log in routes.jsonl — so a second run starts
 * warm and feedback on an earlier run's records still finds their routes. The Kafka service's
 * router is build-service-router.ts, so that a file run never loads a Kafka or Elasticsearch client.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../common/clock.ts';
import { ParsimonyError } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';
import type { Metrics } from '../common/metrics.ts';
import { replacePrivateFileLines, writePrivateFile } from '../common/private-file.ts';
import type { Config } from '../config/config.ts';
import { FEATURE_NAMES } from '../routing/features.ts';
import type { RouteEntry } from '../routing/route-entry.ts';
import { MemoryRouteLog, type RouteLog } from '../routing/route-log.ts';
import { RouterLearner } from '../routing/router-learner.ts';
import { type RouterModel, readRouterModel } from '../routing/router-model.ts';
import { RouterSlot } from '../routing/router-slot.ts';
import { SkeletonSightings } from '../routing/skeleton-sightings.ts';

export type RouterDeps = { config: Config; tierNames: readonly string[]; clock: Clock; logger: Logger; metrics: Metrics };

/**
 * Entries the embedded default keeps: enough to train on (about one record in eight reaches a
 * model tier), small enough to rewrite after each run and to hold in a bounded process (~0.7 KB each).
 */
const FILE_ROUTE_LOG_LIMIT = 20_000;
const HELD_OUT_SHARE = 0.3;

export function createRouterSlot(deps: RouterDeps): RouterSlot {
  const { router } = deps.config;
  return new RouterSlot({
    tierNames: deps.tierNames,
    accuracyTarget: router.accuracyTarget,
    explore: router.explore,
    logger: deps.logger,
    metrics: deps.metrics,
  });
}

export function createRouterLearner(
  deps: RouterDeps & { slot: RouterSlot; log: RouteLog; publish: (model: RouterModel) => Promise<void> },
): RouterLearner {
  const { router } = deps.config;
  return new RouterLearner({
    log: deps.log,
    slot: deps.slot,
    publish: deps.publish,
    training: {
      name: router.modelName,
      tierNames: deps.tierNames,
      featureNames: FEATURE_NAMES,
      accuracyTarget: router.accuracyTarget,
      tierBars: Object.fromEntries(deps.config.tiers.map((t) => [t.name, t.minConfidence])),
      minExamples: router.minExamples,
      heldOutShare: HELD_OUT_SHARE,
    },
    retrainEvery: router.retrainEvery,
    clock: deps.clock,
    logger: deps.logger,
    metrics: deps.metrics,
  });
}

export type FileRouter = { slot: RouterSlot; learner: RouterLearner | undefined; save(): void };

/** What the cascade takes of a router: the slot that routes, skeleton sightings, and the learner that hears of routes. */
export function routingDeps(router: { slot: RouterSlot; learner: RouterLearner | undefined }) {
  return { router: router.slot, sightings: new SkeletonSightings(), ...(router.learner ? { routes: router.learner } : {}) };
}

/** The embedded default's router: the model and route log in `dir`; the fixed cascade with router.policy = cascade. */
export function openFileRouter(deps: RouterDeps & { dir: string }): FileRouter {
  const slot = createRouterSlot(deps);
  if (deps.config.router.policy === 'cascade') return { slot, learner: undefined, save: () => {} };
  const modelPath = join(deps.dir, 'router.json');
  const routesPath = join(deps.dir, 'routes.jsonl');
  const model = readModelFile(modelPath);
  if (model) slot.install(model, modelPath);
  const log = new MemoryRouteLog({ limit: FILE_ROUTE_LOG_LIMIT, entries: readRoutes(routesPath) });
  const publish = async (published: RouterModel) => {
    mkdirSync(dirname(modelPath), { recursive: true });
    writePrivateFile(modelPath, `${JSON.stringify(published, null, 2)}\n`);
    slot.install(published, modelPath);
  };
  return {
    slot,
    learner: createRouterLearner({ ...deps, slot, log, publish }),
    save: () => {
      mkdirSync(deps.dir, { recursive: true });
      replacePrivateFileLines(routesPath, jsonLines(log.entries()));
    },
  };
}

/** The model in a router file, or null when there is none yet. */
export function readModelFile(path: string): RouterModel | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ParsimonyError(
      'CONFIG_INVALID',
      `${path} is not a router model (${(error as Error).message}); remove it to start from the cascade`,
    );
  }
  const model = readRouterModel(parsed);
  if ('error' in model)
    throw new ParsimonyError('CONFIG_INVALID', `${path} is not a router model: ${model.error}; remove it to start from the cascade`);
  return model;
}

/** The route log a previous run saved; a line that cannot be read (a run killed while writing) is left out. */
function readRoutes(path: string): RouteEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as RouteEntry;
        return typeof entry?.record_id === 'string' && Array.isArray(entry.features) && Array.isArray(entry.attempts) ? [entry] : [];
      } catch {
        return [];
      }
    });
}

function* jsonLines(values: Iterable<unknown>): Generator<string> {
  for (const value of values) yield `${JSON.stringify(value)}\n`;
}
