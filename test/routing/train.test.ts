import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainingEntryOf } from '#src/routing/examples.ts';
import { FEATURE_NAMES } from '#src/routing/features.ts';
import { learnedRouter } from '#src/routing/learned-router.ts';
import { splitOf, trainRouter } from '#src/routing/train.ts';
import { confidentFieldsOf, syntheticEntry, syntheticTraining } from './synthetic-routes.ts';

const options = { ...syntheticTraining, now: 1_000 };

test('no model of a tier with under 30 labelled examples; under minExamples, one that predicts its accuracy for every record', () => {
  assert.equal(
    trainRouter(
      Array.from({ length: 30 }, (_, i) => trainingEntryOf(syntheticEntry(i))),
      options,
    ),
    null,
  );
  const young = trainRouter(
    Array.from({ length: 120 }, (_, i) => trainingEntryOf(syntheticEntry(i))),
    options,
  )!;
  const small = young.tiers.find((t) => t.tier === 'small')!;
  assert.ok(small.examples < options.minExamples);
  assert.ok(small.coefficients.every((c) => c === 0));
  assert.equal(small.acceptance, null);
});

test('a trained router sends the records the small tier gets wrong straight to the large one, and the rest to the small one', () => {
  const entries = Array.from({ length: 3_000 }, (_, i) => syntheticEntry(i));
  const model = trainRouter(entries.map(trainingEntryOf), options)!;
  assert.deepEqual(
    model.tiers.map((t) => t.tier),
    ['small', 'large'],
  );
  assert.equal(model.feature_names.length, FEATURE_NAMES.length);
  const router = learnedRouter(model, { tierNames: options.tierNames, explore: 0 });
  let rightStarts = 0;
  for (const entry of entries.slice(0, 500)) {
    const start = router.plan(Float64Array.from(entry.features), entry.record_id).tiers[0];
    if (start === (confidentFieldsOf(entry) >= 4 ? 'small' : 'large')) rightStarts += 1;
  }
  assert.ok(rightStarts >= 480, `${rightStarts} of 500 started where they should`);
  // Near the budget's limit the target gives way: no record starts dearer, some start cheaper.
  const starts = (relax: number) =>
    entries.slice(0, 500).filter((e) => router.plan(Float64Array.from(e.features), e.record_id, relax).tiers[0] === 'small').length;
  assert.ok(starts(0.5) > starts(0), `${starts(0.5)} vs ${starts(0)} start at the small tier`);
});

test('calibrated on held-out entries: in each populated decile the predicted chance is near the observed share', () => {
  const model = trainRouter(
    Array.from({ length: 6_000 }, (_, i) => trainingEntryOf(syntheticEntry(i))),
    options,
  )!;
  const small = model.tiers.find((t) => t.tier === 'small')!;
  const bins = small.calibration!.filter((b) => b.count >= 50);
  assert.ok(bins.length >= 2, 'the held-out predictions fall in at least two deciles');
  for (const bin of bins) assert.ok(Math.abs(bin.mean_predicted - bin.observed) < 0.08, JSON.stringify(bin));
  assert.ok(small.measured_accuracy! > 0.4 && small.measured_accuracy! < 0.8, `${small.measured_accuracy}`);
  assert.ok(small.detection_rate !== null && small.mean_nano_usd === 40_000);
});

test('held-out entries are chosen by record_id alone, about the share asked', () => {
  const splits = Array.from({ length: 10_000 }, (_, i) => splitOf(`r${i}`, 0.3));
  const heldOut = splits.filter((s) => s !== 'train').length / splits.length;
  assert.ok(Math.abs(heldOut - 0.3) < 0.02, `${heldOut}`);
  assert.equal(splitOf('r1', 0.3), splits[1]);
});

test('source error rates come from verdicts, pulled toward the all-source rate', () => {
  const model = trainRouter(
    Array.from({ length: 2_000 }, (_, i) => trainingEntryOf(syntheticEntry(i))),
    options,
  )!;
  assert.ok(model.default_error_rate! > 0.02 && model.default_error_rate! < 0.2, `${model.default_error_rate}`);
  assert.deepEqual(Object.keys(model.source_error_rates!).sort(), ['bank-a', 'bank-b']);
});
