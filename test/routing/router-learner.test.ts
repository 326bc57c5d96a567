import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '#src/common/clock.ts';
import { createLogger } from '#src/common/logger.ts';
import { createMetrics } from '#src/common/metrics.ts';
import { tierLabels } from '#src/routing/examples.ts';
import { MemoryRouteLog } from '#src/routing/route-log.ts';
import { isBetter, onTheStream, RouterLearner } from '#src/routing/router-learner.ts';
import type { RouterModel } from '#src/routing/router-model.ts';
import { RouterSlot } from '#src/routing/router-slot.ts';
import { RIGHT, syntheticEntry, syntheticTraining, WRONG } from './synthetic-routes.ts';

const tierNames = ['small', 'large'];
const logger = createLogger({ level: 'error' });

function setUp(retrainEvery = 1_000_000, log = new MemoryRouteLog()) {
  const metrics = createMetrics();
  const slot = new RouterSlot({ tierNames, explore: 0, logger, metrics });
  const published: RouterModel[] = [];
  const clock = manualClock(1_000);
  const learner = new RouterLearner({
    log,
    slot,
    publish: async (model) => {
      published.push(model);
      slot.install(model, 'test');
    },
    training: syntheticTraining,
    retrainEvery,
    clock,
    logger,
    metrics,
  });
  return { learner, slot, published, metrics };
}

test('verdicts label routes; an unknown record or a verdict given twice is counted and skipped', async () => {
  const { learner, metrics } = setUp();
  await learner.routed([syntheticEntry(1, { verdict: false }), syntheticEntry(2, { verdict: false })]);
  const outcome = await learner.feedback([
    { recordId: 'r1', correct: true, correctedFields: null, at: 10 },
    { recordId: 'r1', correct: true, correctedFields: null, at: 10 },
    { recordId: 'nobody', correct: false, correctedFields: null, at: 10 },
  ]);
  assert.deepEqual(outcome, { labelled: 1, unknown: 1, duplicate: 1 });
  // The same verdict again, in a later batch, is a duplicate too; a newer one replaces it.
  assert.equal((await learner.feedback([{ recordId: 'r1', correct: true, correctedFields: null, at: 10 }])).duplicate, 1);
  assert.equal((await learner.feedback([{ recordId: 'r1', correct: false, correctedFields: RIGHT, at: 11 }])).labelled, 1);
  const skipped = (await metrics.routerExamples.get()).values.filter((v) => String(v.labels.origin).startsWith('skipped'));
  assert.deepEqual(skipped.map((v) => [v.labels.origin, v.value]).sort(), [
    ['skipped_duplicate', 2],
    ['skipped_unknown_record', 1],
  ]);
});

test('a candidate that reaches the accuracy target where the cascade does not is published and installed', async () => {
  const { learner, slot, published } = setUp();
  await learner.routed(Array.from({ length: 4_000 }, (_, i) => syntheticEntry(i)));
  const outcome = await learner.retrain();
  assert.equal(outcome.published, true, outcome.reason);
  // The cascade tries the small tier on records it mostly gets wrong, and misses some of its errors.
  assert.ok(outcome.candidate!.accuracy >= 0.9 && outcome.current!.accuracy < 0.9, JSON.stringify(outcome));
  assert.equal(published.length, 1);
  assert.equal(slot.version, published[0]!.version);
  assert.ok(published[0]!.expected_cpe_usd! > 0);
  // Retrained on the same log, the candidate is no better than the model it would replace.
  assert.equal((await learner.retrain()).published, false);
});

test('retraining starts by itself every retrainEvery labelled examples', async () => {
  const { learner, metrics } = setUp(3_000);
  const trainings = async () => (await metrics.routerTrainings.get()).values.reduce((n, v) => n + v.value, 0);
  await learner.routed(Array.from({ length: 1_000 }, (_, i) => syntheticEntry(i, { verdict: false })));
  await learner.settled();
  assert.equal(await trainings(), 0);
  await learner.feedback(Array.from({ length: 4_000 }, (_, i) => ({ recordId: `r${i}`, correct: true, correctedFields: RIGHT, at: 5 })));
  await learner.settled();
  assert.equal(await trainings(), 0, 'only 1,000 of the records are in the log');
  await learner.routed(Array.from({ length: 4_000 }, (_, i) => syntheticEntry(1_000 + i)));
  await learner.settled();
  assert.equal(await trainings(), 1);
});

test('a training that fails is counted and logged; the window that started it goes on', async () => {
  const failing = new MemoryRouteLog();
  failing.labelled = async () => {
    throw new Error('index unavailable');
  };
  const { learner, metrics } = setUp(10, failing);
  await learner.routed(Array.from({ length: 20 }, (_, i) => syntheticEntry(i)));
  await learner.settled();
  const failed = (await metrics.routerTrainings.get()).values.find((v) => v.labels.outcome === 'failed');
  assert.equal(failed?.value, 1);
});

test('labels: corrected fields judge every answer; a bare verdict the emitted one and those agreeing; agreement alone at half weight', () => {
  const entry = syntheticEntry(7);
  const both = {
    ...entry,
    attempts: [
      { ...entry.attempts[0]!, tier: 'small', fields: WRONG },
      { ...entry.attempts[0]!, tier: 'large', fields: RIGHT },
    ],
  };
  const final = { tier: 'large', status: 'OK' as const, fields: RIGHT };
  const corrected = tierLabels({ ...both, final, verdict: { correct: false, corrected_fields: WRONG, at: 1 } });
  assert.deepEqual([corrected.get('small')?.correct, corrected.get('large')?.correct], [true, false]);
  const bare = tierLabels({ ...both, final, verdict: { correct: true, corrected_fields: null, at: 1 } });
  assert.deepEqual([bare.get('small')?.correct, bare.get('large')?.correct], [false, true]);
  const agreement = tierLabels({ ...both, final, verdict: null });
  assert.deepEqual(agreement.get('small'), { correct: false, weight: 0.5, origin: 'agreement' });
  assert.equal(agreement.get('large'), undefined, 'no second opinion agrees with the emitted answer');
  const doubtful = tierLabels({ ...both, final: { ...final, status: 'LOW_CONFIDENCE' }, verdict: null });
  assert.equal(doubtful.size, 0, 'an answer that failed validation is no reference');
});

test('better means: reaches the target where the current policy does not; else cheaper per correct answer, at no lower accuracy', () => {
  const figures = (accuracy: number, cpeUsd: number) => ({
    records: 100,
    expectedUsd: 1,
    expectedCorrect: 90,
    accuracy,
    cpeUsd,
    streamAccuracy: null,
    surelyBelowTarget: null,
  });
  assert.equal(isBetter(figures(0.96, 0.002), figures(0.9, 0.001), 0.95), true);
  assert.equal(isBetter(figures(0.9, 0.0005), figures(0.96, 0.001), 0.95), false);
  assert.equal(isBetter(figures(0.97, 0.0008), figures(0.96, 0.001), 0.95), true);
  assert.equal(
    isBetter(figures(0.9, 0.0008), figures(0.91, 0.001), 0.95),
    false,
    'cheaper by being less accurate, both short of the target',
  );
  assert.equal(isBetter(figures(0.91, 0.0008), figures(0.91, 0.001), 0.95), true);
  // The target is the stream's when the verdicts tell it: cheaper and less accurate on the routed
  // records, with the stream still surely at the target, is better; below it, it is not.
  const onStream = (accuracy: number, cpeUsd: number, streamAccuracy: number, surelyBelowTarget = false) => ({
    ...figures(accuracy, cpeUsd),
    streamAccuracy,
    surelyBelowTarget,
  });
  assert.equal(isBetter(onStream(0.9, 0.0008, 0.96), onStream(0.93, 0.001, 0.97), 0.95), true);
  assert.equal(isBetter(onStream(0.85, 0.0005, 0.94), onStream(0.93, 0.001, 0.97), 0.95), false);
  // Dearer per correct answer and more accurate: only to lift a stream surely below the target,
  // not one merely not surely above it.
  assert.equal(isBetter(onStream(0.95, 0.002, 0.95), onStream(0.93, 0.001, 0.93, true), 0.95), true);
  assert.equal(isBetter(onStream(0.95, 0.002, 0.95), onStream(0.93, 0.001, 0.945, false), 0.95), false);
});

test("the stream's accuracy under a candidate: the measured one moved by the routed share times the change on routed records", () => {
  const figures = (accuracy: number) => ({ records: 100, expectedUsd: 1, expectedCorrect: 90, accuracy, cpeUsd: 0.001 });
  const stream = { accuracy: 0.97, upper: 0.98, routedShare: 0.25 };
  const [candidate, current] = onTheStream(figures(0.9), figures(0.94), stream, 0.95);
  assert.ok(Math.abs(candidate.streamAccuracy! - 0.96) < 1e-12);
  assert.equal(current.streamAccuracy, 0.97);
  assert.deepEqual([candidate.surelyBelowTarget, current.surelyBelowTarget], [false, false]);
  assert.equal(onTheStream(figures(0.6), figures(0.94), stream, 0.95)[0].surelyBelowTarget, true, '0.98 − 0.25 × 0.34 < 0.95');
  assert.equal(onTheStream(figures(0.9), figures(0.94), null, 0.95)[0].streamAccuracy, null);
});

test('every verdict is counted, on routed records and on the others, and travels with the published model once', async () => {
  const { learner, published } = setUp();
  // Verdicts that came with the entries are the log's, not counted here: only those through feedback are.
  await learner.routed(Array.from({ length: 4_000 }, (_, i) => syntheticEntry(i)));
  await learner.feedback([
    { recordId: 'r1', correct: true, correctedFields: null, at: 10 },
    { recordId: 'r2', correct: false, correctedFields: RIGHT, at: 10 },
    { recordId: 'answered-by-the-rules', correct: true, correctedFields: null, at: 10 },
  ]);
  assert.deepEqual(learner.verdicts(), { routed: 2, routed_correct: 1, other: 1, other_correct: 1 });
  const outcome = await learner.retrain();
  assert.equal(outcome.published, true, outcome.reason);
  assert.deepEqual(published[0]!.stream_verdicts, { routed: 2, routed_correct: 1, other: 1, other_correct: 1 });
  // Installed, the model carries them: counted once, with those that come after.
  await learner.feedback([{ recordId: 'from-the-cache', correct: false, correctedFields: null, at: 11 }]);
  assert.deepEqual(learner.verdicts(), { routed: 2, routed_correct: 1, other: 2, other_correct: 1 });
});

test('a route log that cannot be written costs those lessons, never the window', async () => {
  const failing = new MemoryRouteLog();
  failing.record = async () => {
    throw new Error('index unavailable');
  };
  const { learner, metrics } = setUp(10, failing);
  await learner.routed([syntheticEntry(1), syntheticEntry(2)]);
  const lost = (await metrics.routerExamples.get()).values.find((v) => v.labels.origin === 'lost_route_log_unavailable');
  assert.equal(lost?.value, 2);
});
