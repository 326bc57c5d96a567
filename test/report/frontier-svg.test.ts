import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accuracyRange,
  type FrontierPoint,
  frontierSvg,
  logTicks,
  mergeCoincident,
  nonDominated,
  placeLabels,
} from '#src/report/frontier-svg.ts';

const point = (name: string, usd: number, accuracy: number): FrontierPoint => ({ name, usd, accuracy });

test('the frontier keeps the policies no other one beats on both cost and accuracy, cheapest first', () => {
  const points = [
    point('baseline', 40, 0.95),
    point('cheap but wrong', 0.5, 0.8),
    point('cascade', 4, 0.96),
    point('router', 3, 0.96),
    point('dearer, not better', 5, 0.955),
    point('best', 10, 0.99),
  ];
  assert.deepEqual(
    nonDominated(points).map((p) => p.name),
    ['cheap but wrong', 'router', 'best'],
  );
});

test('two policies that came out alike are both on the frontier, and drawn as one point numbered for both', () => {
  const points = [point('a', 2, 0.9), point('b', 2, 0.9), point('c', 3, 0.85)];
  assert.deepEqual(
    nonDominated(points).map((p) => p.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    mergeCoincident(points).map((p) => p.numbers),
    [[1, 2], [3]],
  );
});

test('the cost axis is ticked at 1, 2 and 5 times the powers of ten it spans', () => {
  assert.deepEqual(logTicks([Math.log10(0.15), Math.log10(30)]), [0.2, 0.5, 1, 2, 5, 10, 20]);
});

test('the accuracy axis spans whole percentage points around the points', () => {
  assert.deepEqual(accuracyRange([0.912, 0.978]), [0.9, 0.99]);
});

test('labels of points close together do not overlap one another', () => {
  const points = [0, 1, 2, 3, 4].map((i) => ({ x: 100 + i * 3, y: 100 + i * 2, label: `policy number ${i}` }));
  const boxes = placeLabels(points, { x: 0, y: 0, width: 400, height: 300 });
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      assert.ok(
        a.x >= b.x + b.width || b.x >= a.x + a.width || a.y >= b.y + b.height || b.y >= a.y + a.height,
        `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`,
      );
});

test('the picture has a point per policy, the frontier line through the undominated ones, and escaped names', () => {
  const points = [point('all-large', 40, 0.95), point('router & cache', 1, 0.96), point('cascade', 2, 0.955), point('small', 0.5, 0.9)];
  const svg = frontierSvg(points, { title: 'frontier', caption: 'one\ntwo' });
  // A marker per point and one per legend row.
  assert.equal(svg.match(/<circle /g)?.length, 8);
  const line = /<polyline points="([^"]*)"/.exec(svg)![1]!.split(' ');
  assert.equal(line.length, 2);
  assert.match(svg, /router &amp; cache/);
  assert.doesNotMatch(svg, /router & cache/);
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>\n$/);
});
