import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isParsimonyError } from '#src/common/errors.ts';
import { describeBound, parseBound, recordsIn, replayGroupId, untilOf } from '#src/runner/replay-range.ts';

test('a bound is an offset for every partition, an ISO time (UTC unless it says otherwise), or epoch milliseconds', () => {
  assert.deepEqual(parseBound('1200', '--from'), { kind: 'offset', offset: 1200 });
  assert.deepEqual(parseBound('2026-11-30', '--from'), { kind: 'time', at: Date.UTC(2026, 10, 30) });
  assert.deepEqual(parseBound('2026-11-30T06:30', '--from'), { kind: 'time', at: Date.UTC(2026, 10, 30, 6, 30) });
  assert.deepEqual(parseBound('2026-11-30T06:30+01:00', '--from'), { kind: 'time', at: Date.UTC(2026, 10, 30, 5, 30) });
  assert.deepEqual(parseBound('1764460800000ms', '--to'), { kind: 'time', at: 1764460800000 });
  for (const bad of ['yesterday', '-5', '2026-13-45', '12.5', ''])
    assert.throws(
      () => parseBound(bad, '--from'),
      (e) => isParsimonyError(e) && e.code === 'USAGE' && e.message.includes('--from'),
    );
  assert.equal(describeBound(undefined), 'the end of the topic');
  assert.equal(describeBound({ kind: 'offset', offset: 7 }), 'offset 7');
});

test("a range's group is the same for the same range (so a rerun resumes) and differs for any other", () => {
  const from = parseBound('2026-11-30', '--from');
  const a = replayGroupId('parsimony', 'narratives.raw.v1', from, undefined);
  assert.equal(a, replayGroupId('parsimony', 'narratives.raw.v1', from, undefined));
  assert.match(a, /^parsimony-replay-[0-9a-f]{12}$/);
  assert.notEqual(a, replayGroupId('parsimony', 'narratives.raw.v1', from, parseBound('2026-12-01', '--to')));
  assert.notEqual(a, replayGroupId('parsimony', 'other.topic', from, undefined));
});

test('only partitions with records left are read, each up to its end', () => {
  const positions = [
    { partition: 0, start: 10, end: 20 },
    { partition: 1, start: 5, end: 5 },
    { partition: 2, start: 0, end: 3 },
  ];
  assert.deepEqual(
    [...untilOf(positions)],
    [
      [0, 20],
      [2, 3],
    ],
  );
  assert.equal(recordsIn(positions), 13);
});
