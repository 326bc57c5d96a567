/**
 * The bounded recent-keys table answers as a Map whose key is deleted and set again at each touch,
 * the first key dropped past the bound, over long random sequences of touches and deletions; keeps
 * its counts; tells apart keys that differ in one character.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentKeys } from '#src/common/recent-keys.ts';

/** The contract, written plainly. */
class Model {
  readonly capacity: number;
  readonly counts = new Map<string, number>();
  constructor(capacity: number) {
    this.capacity = capacity;
  }
  set(key: string, count: number): void {
    this.counts.delete(key);
    this.counts.set(key, count);
    if (this.counts.size > this.capacity) this.counts.delete(this.counts.keys().next().value!);
  }
  delete(key: string): boolean {
    return this.counts.delete(key);
  }
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

test('random touches and deletions answer as the model does', () => {
  for (const capacity of [1, 7, 100, 1_000]) {
    const next = random(capacity);
    const keys = new RecentKeys(capacity);
    const model = new Model(capacity);
    const universe = capacity * 3;
    for (let step = 0; step < 30_000; step += 1) {
      const key = `rec-${Math.floor(next() * universe)}`;
      const roll = next();
      if (roll < 0.45) {
        const count = 1 + Math.floor(next() * 5);
        keys.set(key, count);
        model.set(key, count);
      } else if (roll < 0.6) {
        const before = model.counts.get(key) ?? 0;
        assert.equal(keys.increment(key), before, `increment ${key} at step ${step}`);
        model.set(key, before + 1);
      } else if (roll < 0.75) assert.equal(keys.delete(key), model.delete(key), `delete ${key} at step ${step}`);
      else assert.equal(keys.count(key), model.counts.get(key) ?? 0, `count of ${key} at step ${step}`);
      assert.equal(keys.size, model.counts.size);
    }
    for (let k = 0; k < universe; k += 1) assert.equal(keys.has(`rec-${k}`), model.counts.has(`rec-${k}`));
  }
});

test('at the bound the least recently touched key goes first; a key touched often stays', () => {
  const keys = new RecentKeys(3);
  keys.set('a');
  keys.set('b');
  keys.set('c');
  keys.set('a', 2);
  keys.set('d');
  assert.equal(keys.has('b'), false, 'b was touched least recently');
  assert.equal(keys.count('a'), 2);
  assert.ok(keys.has('c') && keys.has('d'));
  for (let i = 0; i < 10; i += 1) {
    keys.set('a', 3 + i);
    keys.set(`new-${i}`);
  }
  assert.equal(keys.count('a'), 12);
  assert.equal(keys.size, 3);
});

test('skeleton-like keys that differ in one character are told apart', () => {
  const keys = new RecentKeys(50_000);
  const skeleton = (i: number) => `CARD PAYMENT TO {MERCHANT} ON {DATE} ${i.toString(36).padStart(4, '0')}`;
  for (let i = 0; i < 50_000; i += 1) keys.set(skeleton(i), (i % 7) + 1);
  for (let i = 0; i < 50_000; i += 1) assert.equal(keys.count(skeleton(i)), (i % 7) + 1);
  assert.equal(keys.has('CARD PAYMENT TO {MERCHANT} ON {DATE} zzzzz'), false);
  assert.equal(keys.size, 50_000);
});

test('a capacity that is not a positive integer is refused', () => {
  assert.throws(() => new RecentKeys(0), RangeError);
  assert.throws(() => new RecentKeys(2.5), RangeError);
});
