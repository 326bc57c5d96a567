import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRouterModel } from '#src/cli/commands/router.ts';
import { FEATURE_NAMES } from '#src/routing/features.ts';
import { trainRouter } from '#src/routing/train.ts';
import { syntheticEntry } from '#test/routing/synthetic-routes.ts';

test('router show prints, per tier, calibration by decile, the escalation bar, examples and the version', () => {
  const model = trainRouter(
    Array.from({ length: 3_000 }, (_, i) => syntheticEntry(i)),
    {
      name: 'default',
      tierNames: ['small', 'large'],
      featureNames: FEATURE_NAMES,
      accuracyTarget: 0.9,
      tierBars: { small: 0.8, large: 0.7 },
      minExamples: 100,
      heldOutShare: 0.3,
      now: Date.UTC(2026, 11, 4),
    },
  )!;
  const text = formatRouterModel(model);
  assert.match(text, new RegExp(`^router default, version ${model.version}, trained 2026-12-04T00:00:00.000Z on \\d+ examples`));
  assert.match(text, /tier small: \d+ training examples; held-out accuracy \d+\.\d %/);
  assert.match(text, /tier large: /);
  assert.match(text, /calibration {3}predicted {2}observed {2}examples\n {2}0\.\d–0\.\d/);
  assert.match(text, /escalation bar: /);
});
