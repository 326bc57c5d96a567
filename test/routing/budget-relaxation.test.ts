import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relaxationAt } from '#src/routing/budget-relaxation.ts';

test('the router gives way only past relaxFrom, linearly, all of relaxBy at the limit and beyond', () => {
  const policy = { relaxFrom: 0.8, relaxBy: 0.04 };
  assert.equal(relaxationAt(0, policy), 0);
  assert.equal(relaxationAt(0.8, policy), 0);
  assert.ok(Math.abs(relaxationAt(0.9, policy) - 0.02) < 1e-12);
  assert.equal(relaxationAt(1, policy), 0.04);
  assert.equal(relaxationAt(1.7, policy), 0.04, 'reservations may take the pressure past 1');
  assert.equal(relaxationAt(0.95, { relaxFrom: 0.8, relaxBy: 0 }), 0, 'relaxBy 0: never');
  assert.equal(relaxationAt(1, { relaxFrom: 1, relaxBy: 0.04 }), 0, 'relaxFrom 1: only past the limit');
  assert.equal(relaxationAt(Number.NaN, policy), 0);
});
