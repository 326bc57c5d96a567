import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, dateBefore, epochOf, isoDateOf, Random, zipf } from '#src/dev/generator/random.ts';

const draws = (rng: Random, n: number) => Array.from({ length: n }, () => rng.next());

test('the same seed gives the same stream; another seed or name gives another', () => {
  assert.deepEqual(draws(new Random(42), 20), draws(new Random(42), 20));
  assert.notDeepEqual(draws(new Random(42), 20), draws(new Random(43), 20));
  assert.deepEqual(draws(Random.derive(1, 'record', 7), 5), draws(Random.derive(1, 'record', 7), 5));
  assert.notDeepEqual(draws(Random.derive(1, 'record', 7), 5), draws(Random.derive(1, 'record', 8), 5));
});

test('int stays within its bounds and reaches both; next stays in [0, 1)', () => {
  const rng = new Random(1);
  const seen = new Set<number>();
  for (let i = 0; i < 5000; i++) {
    const n = rng.int(3, 7);
    assert.ok(n >= 3 && n <= 7);
    seen.add(n);
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
  }
  assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
});

test('weighted picks follow their weights', () => {
  const rng = new Random(2);
  let a = 0;
  for (let i = 0; i < 10_000; i++)
    if (
      rng.weighted([
        ['a', 3],
        ['b', 1],
      ] as const) === 'a'
    )
      a += 1;
  assert.ok(Math.abs(a / 10_000 - 0.75) < 0.02, `share of a: ${a / 10_000}`);
  assert.throws(() => rng.pick([]), RangeError);
});

test('zipf over 150 items with s = 1.1 gives the top ten their theoretical share (about 60%)', () => {
  const sampler = zipf(150, 1.1);
  const rng = new Random(3);
  const counts = new Array<number>(150).fill(0);
  for (let i = 0; i < 50_000; i++) counts[sampler.sample(rng)]! += 1;
  const harmonic = (n: number) => Array.from({ length: n }, (_, k) => 1 / (k + 1) ** 1.1).reduce((s, x) => s + x, 0);
  const expected = harmonic(10) / harmonic(150);
  const top10 = counts.slice(0, 10).reduce((s, c) => s + c, 0) / 50_000;
  assert.ok(Math.abs(top10 - expected) < 0.01, `top-10 share ${top10}, expected ${expected}`);
  assert.ok(counts[0]! > counts[1]! && counts[1]! > counts[5]! && counts[5]! > counts[100]!, 'rank order is kept');
});

test('calendar helpers cross month and year ends', () => {
  assert.equal(addDays('2026-12-30', 3), '2027-01-02');
  assert.equal(addDays('2027-03-01', -1), '2027-02-28');
  assert.equal(isoDateOf(epochOf('2026-11-05') + 86_399_999), '2026-11-05');
  assert.throws(() => epochOf('05/11/2026'), RangeError);
  const rng = new Random(4);
  for (let i = 0; i < 1000; i++) {
    const d = dateBefore(rng, '2027-01-02', 4);
    assert.ok(d >= '2026-12-29' && d <= '2027-01-02', d);
  }
});
