import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundWithin, chanceWithin, errorRateBound, pooledPrior, regularizedBeta } from '#src/cache/error-bound.ts';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not ${expected}`);

test('the Beta distribution function matches its closed forms', () => {
  close(regularizedBeta(0.3, 1, 1), 0.3);
  close(regularizedBeta(0.5, 7.3, 7.3), 0.5);
  close(regularizedBeta(0.01, 1, 50), 1 - 0.99 ** 50);
  close(regularizedBeta(0.2, 2, 3), 6 * 0.2 ** 2 - 8 * 0.2 ** 3 + 3 * 0.2 ** 4);
  close(regularizedBeta(0.9, 3, 0.5), 1 - regularizedBeta(0.1, 0.5, 3));
  assert.equal(regularizedBeta(0, 2, 2), 0);
  assert.equal(regularizedBeta(1, 2, 2), 1);
});

const cacheRecord = { rate: 0.002, weight: 300 };

test('a template with no errors serves on the cache record; one error with little history retires it', () => {
  assert.ok(boundWithin({ correct: 1, incorrect: 0 }, cacheRecord, 0.01));
  assert.ok(!boundWithin({ correct: 1, incorrect: 1 }, cacheRecord, 0.01));
  assert.ok(!boundWithin({ correct: 20, incorrect: 1 }, cacheRecord, 0.01));
});

test('a long clean history outweighs a stray answer, not a run of them', () => {
  assert.ok(boundWithin({ correct: 400, incorrect: 1 }, cacheRecord, 0.01));
  assert.ok(!boundWithin({ correct: 100, incorrect: 1 }, cacheRecord, 0.01));
  assert.ok(!boundWithin({ correct: 400, incorrect: 4 }, cacheRecord, 0.01));
});

test('a cache whose serving templates err often serves none without their own long record', () => {
  const poor = pooledPrior({ correct: 950, incorrect: 50 }, cacheRecord);
  close(poor.rate, (0.6 + 50) / 1300);
  assert.ok(!boundWithin({ correct: 5, incorrect: 0 }, poor, 0.01));
  assert.ok(boundWithin({ correct: 5, incorrect: 0 }, pooledPrior({ correct: 5000, incorrect: 2 }, cacheRecord), 0.01));
});

test('the reported bound is the quantile the serving decision uses', () => {
  const outcomes = { correct: 30, incorrect: 1 };
  const bound = errorRateBound(outcomes, cacheRecord);
  close(chanceWithin(outcomes, cacheRecord, bound), 0.95, 1e-6);
  assert.equal(boundWithin(outcomes, cacheRecord, bound * 1.01), true);
  assert.equal(boundWithin(outcomes, cacheRecord, bound * 0.99), false);
});
