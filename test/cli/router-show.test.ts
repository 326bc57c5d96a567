import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRouterModel } from '#src/cli/commands/router.ts';
import { trainingEntryOf } from '#src/routing/examples.ts';
import { trainRouter } from '#src/routing/train.ts';
import { syntheticEntry, syntheticTraining } from '#test/routing/synthetic-routes.ts';

test('router show prints, per tier, calibration by decile, the escalation bar, examples and the version', () => {
  const model = trainRouter(
    Array.from({ length: 3_000 }, (_, i) => trainingEntryOf(syntheticEntry(i))),
    { ...syntheticTraining, name: 'default', now: Date.UTC(2026, 11, 4) },
  )!;
  const text = formatRouterModel(model);
  assert.match(text, new RegExp(`^router default, version ${model.version}, trained 2026-12-04T00:00:00.000Z on \\d+ examples`));
  assert.match(text, /tier small: \d+ training examples; held-out accuracy \d+\.\d %/);
  assert.match(text, /tier large: /);
  assert.match(text, /^verdicts: 0 counted \(0 on routed records\); too few to measure the stream$/m);
  const counted = formatRouterModel({ ...model, stream_verdicts: { routed: 300, routed_correct: 276, other: 700, other_correct: 700 } });
  assert.match(
    counted,
    /^verdicts: 1000 counted \(300 on routed records\); every record right ≥ 96\.7 % \(95 % bound\), 30\.0 % of them routed/m,
  );
  assert.match(text, /calibration {3}predicted {2}observed {2}examples\n {2}0\.\d–0\.\d/);
  assert.match(text, /escalation bar: /);
});
