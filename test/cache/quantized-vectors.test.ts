/**
 * Vectors kept as bytes answer cosine similarities within 0.01 of the originals' at 256
 * dimensions, give back unit vectors, reuse the slots of dropped vectors instead of growing, and
 * refuse a vector of other dimensions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosine, embedText } from '#src/cache/local-embedder.ts';
import { QuantizedVectors } from '#src/cache/quantized-vectors.ts';

/** Deterministic unit vectors with Gaussian-like components (the shape of a model's embeddings). */
function unitVectors(count: number, dimensions: number, seed = 7): number[][] {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: dimensions }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

test('similarities are within 0.01 of the float cosine, for model-like and for local embeddings', () => {
  const skeletons = Array.from(
    { length: 60 },
    (_, i) => `CARD PAYMENT TO {MERCHANT} ${i % 7 === 0 ? 'REF {NUMBER}' : ''} ON {DATE} ${'X'.repeat(i % 5)}`,
  );
  for (const vectors of [unitVectors(60, 256), skeletons.map((s) => embedText(s, 256))]) {
    const kept = new QuantizedVectors(256);
    for (const [i, v] of vectors.entries()) kept.set(`v${i}`, v);
    let worst = 0;
    for (const query of vectors.slice(0, 20)) {
      vectors.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(kept.similarity(`v${i}`, query)! - cosine(query, v)));
      });
    }
    assert.ok(worst < 0.01, `worst drift ${worst}`);
    assert.ok(worst > 0, 'the vectors are rounded, so some drift shows');
  }
});

test('a kept vector comes back as a unit vector close to the original', () => {
  const [original] = unitVectors(1, 256);
  const kept = new QuantizedVectors(256);
  kept.set('a', original!);
  const back = kept.get('a')!;
  assert.equal(back.length, 256);
  assert.ok(Math.abs(Math.hypot(...back) - 1) < 1e-9);
  assert.ok(cosine(back, original!) > 0.9999);
  // Rounding what was rounded changes nothing: a vector saved and loaded stays the same.
  kept.set('b', back);
  assert.deepEqual(kept.get('b'), back);
});

test('dropped vectors free their slots: a store that learns and drops stays at its size', () => {
  const kept = new QuantizedVectors(16);
  const vectors = unitVectors(50, 16);
  for (let round = 0; round < 200; round += 1) {
    kept.set(`k${round}`, vectors[round % 50]!);
    if (kept.size > 1_000) kept.delete(kept.oldestKey()!);
  }
  const grown = kept.capacity;
  for (let round = 200; round < 20_000; round += 1) {
    kept.set(`k${round}`, vectors[round % 50]!);
    if (kept.size > 1_000) kept.delete(kept.oldestKey()!);
  }
  assert.equal(kept.size, 1_000);
  assert.ok(kept.capacity <= 2_048, `capacity ${kept.capacity}`);
  assert.ok(grown <= kept.capacity);
  assert.equal(kept.oldestKey(), 'k19000');
});

test('setting a key again replaces its vector in place; unknown keys answer undefined', () => {
  const [a, b] = unitVectors(2, 32);
  const kept = new QuantizedVectors(32);
  kept.set('x', a!);
  kept.set('y', b!);
  kept.set('x', b!);
  assert.equal(kept.size, 2);
  assert.equal(kept.oldestKey(), 'x');
  assert.ok(kept.similarity('x', b!)! > 0.999);
  assert.equal(kept.similarity('z', a!), undefined);
  assert.equal(kept.get('z'), undefined);
  assert.equal(kept.delete('z'), false);
  assert.ok(kept.delete('x'));
  assert.equal(kept.has('x'), false);
});

test('a zero vector is kept as zero similarity to everything; other dimensions are refused', () => {
  const kept = new QuantizedVectors(8);
  kept.set('zero', new Array(8).fill(0));
  assert.equal(kept.similarity('zero', unitVectors(1, 8)[0]!), 0);
  assert.throws(() => kept.set('short', [1, 0, 0]), /3 dimensions where 8 are kept/);
  assert.throws(() => new QuantizedVectors(0), RangeError);
});
