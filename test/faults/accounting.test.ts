/**
 * The suite's exactly-once count on made-up streams: an input is lost when nothing came out for
 * it, duplicated when two things did (two extractions, or an extraction and a dead letter).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { account } from './accounting.ts';

const inputs = [
  { partition: 0, offset: 0, recordId: 'a' },
  { partition: 0, offset: 1, recordId: 'b' },
  { partition: 1, offset: 0, recordId: 'c' },
  { partition: 1, offset: 1, recordId: '4111111111111111' },
];

test('each input once, as an extraction or a dead letter at its position: nothing lost or duplicated', () => {
  const result = account(inputs, ['a', 'b', 'c'], [{ partition: 1, offset: 1 }]);
  assert.deepEqual(result, { lost: [], duplicated: [], strangers: [] });
});

test('an input with neither is lost; one answered twice, or answered and dead-lettered, is duplicated', () => {
  const result = account(inputs, ['a', 'a', 'c'], [{ partition: 1, offset: 0 }]);
  assert.deepEqual(
    result.lost.map((i) => i.recordId),
    ['b', '4111111111111111'],
  );
  assert.deepEqual(
    result.duplicated.map((d) => [d.input.recordId, d.times]),
    [
      ['a', 2],
      ['c', 2],
    ],
  );
});

test('an extraction of a record no input carried is a stranger; a repeated record_id in the input is refused', () => {
  assert.deepEqual(account(inputs, ['a', 'b', 'c', 'zzz'], [{ partition: 1, offset: 1 }]).strangers, ['zzz']);
  assert.throws(() => account([...inputs, { partition: 2, offset: 0, recordId: 'a' }], [], []), /record_id a was produced twice/);
});
