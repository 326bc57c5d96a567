import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '#src/common/logger.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { trainingEntryOf } from '#src/routing/examples.ts';
import { FEATURE_NAMES } from '#src/routing/features.ts';
import { type RouterModel, readRouterModel } from '#src/routing/router-model.ts';
import { RouterSlot } from '#src/routing/router-slot.ts';
import { trainRouter } from '#src/routing/train.ts';
import { syntheticEntry, syntheticTraining } from './synthetic-routes.ts';

const tierNames = ['small', 'large'];
const model = (now: number): RouterModel =>
  trainRouter(
    Array.from({ length: 1_500 }, (_, i) => trainingEntryOf(syntheticEntry(i))),
    { ...syntheticTraining, now },
  )!;

test('the fixed cascade until a model fits; a model of other features, other tiers or older is refused and the current one stays', async () => {
  const metrics = createMetrics();
  const slot = new RouterSlot({ tierNames, explore: 0, logger: createLogger({ level: 'error' }), metrics });
  assert.equal(slot.version, null);
  assert.deepEqual(slot.plan(Float64Array.from(FEATURE_NAMES.map(() => 0)), 'r1').tiers, tierNames);

  const current = model(2_000);
  assert.equal(slot.install(current, 'test'), true);
  assert.equal(slot.version, current.version);

  const otherFeatures = { ...model(3_000), feature_names: [...FEATURE_NAMES.slice(1), 'something_new'] };
  const otherTiers = { ...model(3_000), tiers: current.tiers.map((t) => ({ ...t, tier: `${t.tier}-x` })) };
  const older = model(1_000);
  for (const refused of [otherFeatures, otherTiers, older]) assert.equal(slot.install(refused, 'test'), false);
  assert.equal(slot.version, current.version);
  const outcomes = (await metrics.routerModels.get()).values.map((v) => [v.labels.outcome, v.value]);
  assert.deepEqual(outcomes.sort(), [
    ['installed', 1],
    ['refused', 3],
  ]);
});

test('a model survives a round trip through JSON; something else is named for what it lacks', () => {
  const m = model(2_000);
  const json = JSON.parse(JSON.stringify(m));
  assert.deepEqual(readRouterModel(json), json);
  assert.deepEqual(readRouterModel({ name: 'x', version: 'v' }), { error: 'feature_names missing' });
  assert.deepEqual(readRouterModel('not a model'), { error: 'not an object' });
});
