import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChart, decimalsOf, escapeXml, lineChart, niceTicks } from '#src/report/svg-charts.ts';

test('axis ticks are round steps from 0 to at least the largest value', () => {
  assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(10), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(0.000123), [0, 0.00005, 0.0001, 0.00015]);
  assert.deepEqual(niceTicks(0.3), [0, 0.1, 0.2, 0.3], 'no float noise');
  assert.deepEqual(niceTicks(0), [0, 0.2, 0.4, 0.6, 0.8, 1], 'nothing to show: a unit axis');
  assert.deepEqual(niceTicks(3_000), [0, 1_000, 2_000, 3_000]);
});

test('a tick shows as many decimals as its step needs', () => {
  assert.equal(decimalsOf(0.05), 2);
  assert.equal(decimalsOf(0.1), 1);
  assert.equal(decimalsOf(20), 0);
  assert.equal(decimalsOf(0.00005), 5);
});

test('bars are as long as their figures against the longest, or against the full value given', () => {
  const widths = (svg: string) => [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
  const bars = [
    { label: 'rules', value: 300, text: '300', colour: 'green' },
    { label: 'small', value: 600, text: '600', colour: 'blue' },
  ];
  const [half, full] = widths(barChart(bars, { id: 'records', title: 'Records' }));
  assert.equal(half! * 2, full);
  const [quarter] = widths(barChart(bars, { id: 'records', title: 'Records', full: 1_200 }));
  assert.equal(quarter! * 2, half);
});

test('labels and titles are escaped: a tier or a file name cannot inject markup', () => {
  assert.equal(escapeXml('<a href="x">&'), '&lt;a href=&quot;x&quot;&gt;&amp;');
  const svg = barChart([{ label: '<script>', value: 1, text: '"1"', colour: 'red' }], { id: 'x', title: 'T & <b>' });
  assert.ok(!svg.includes('<script>') && !svg.includes('<b>'));
});

test('the line starts at the origin and ends at its last point, with that point’s figure', () => {
  const svg = lineChart(
    [
      { x: 100, y: 0.5 },
      { x: 200, y: 1 },
    ],
    { id: 'c', title: 'cost', xLabel: 'records', yLabel: 'USD', xTick: String, yTick: String, lastText: '$1' },
  );
  assert.match(svg, /<polyline class="line" data-points="3" points="80\.0,250\.0 /);
  assert.match(svg, /<text class="value" data-value="1" [^>]*>\$1<\/text>/);
});
