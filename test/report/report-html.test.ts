import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frontierFrom } from '#src/report/frontier-file.ts';
import { reportHtml, tierOrder } from '#src/report/report-html.ts';
import type { RunReport } from '#src/report/run-summary.ts';

const report = {
  report_version: 2,
  records: 3,
  extractions: 3,
  dead_letters: 0,
  by_status: { OK: 3 },
  dead_letters_by_code: {},
  usd: '0.000002',
  simulated: true,
  quality: null,
  tiers: {
    small: { records: 1, usd: '0.000002', quality: null },
    rules: { records: 2, usd: '0', quality: null },
  },
  escalations: {},
  cost_over_run: [{ records: 3, seconds: 0.1, usd: '0.000002' }],
  cache: null,
  prices: { table_read_on: '2026-12-04', models: {} },
  seconds: 0.1,
  records_per_second: 30,
  peak_rss_bytes: 1,
  heap_limit_bytes: 2,
  simulator_billed: { note: '</script><script>alert(1)</script>' },
  simulator_billed_batch: null,
} satisfies RunReport;

test('free tiers come first, then the model tiers as the run met them', () => {
  assert.deepEqual(tierOrder(['small', 'cache', 'large', 'rules']), ['rules', 'cache', 'small', 'large']);
});

test('nothing from the run or its input name can close an element or start a script', () => {
  const html = reportHtml({ report, input: '<img src=x onerror=alert(1)>.jsonl', generatedAt: new Date(0) });
  assert.ok(!html.includes('<img'), 'the input name is escaped');
  assert.equal(html.match(/<script/g)?.length, 1, 'one script element: the embedded report');
  assert.deepEqual(JSON.parse(html.match(/<script type="application\/json" id="parsimony-report">(.*)<\/script>/)![1]!), report);
});

test('a report without a frontier file has no frontier section; with a missing one, says where it was looked for', () => {
  assert.ok(!reportHtml({ report, input: 'in', generatedAt: new Date(0) }).includes('id="frontier"'));
  assert.match(
    reportHtml({ report, input: 'in', generatedAt: new Date(0), frontier: { path: 'docs/frontier.json', missing: true } }),
    /No frontier measured: docs\/frontier\.json does not exist/,
  );
});

test('a frontier file is checked, not trusted', () => {
  const policy = { name: 'all-large', role: 'policy', usd: 36.2, cpe_usd: 0.0019, record_accuracy: 0.95 };
  assert.deepEqual(
    frontierFrom({ parameters: { records: 20_000 }, policies: [policy, { ...policy, name: 'ref', role: 'reference' }] }, 'f.json'),
    {
      records: 20_000,
      points: [
        { name: 'all-large', usd: 36.2, accuracy: 0.95, cpeUsd: 0.0019, muted: false },
        { name: 'ref', usd: 36.2, accuracy: 0.95, cpeUsd: 0.0019, muted: true },
      ],
    },
  );
  assert.throws(() => frontierFrom([], 'f.json'), /f\.json is not a frontier report .*parameters\.records/);
  assert.throws(() => frontierFrom({ parameters: { records: 1 }, policies: [] }, 'f.json'), /no policies/);
  assert.throws(
    () => frontierFrom({ parameters: { records: 1 }, policies: [{ ...policy, record_accuracy: 95 }] }, 'f.json'),
    /policies\[0\] needs .*record_accuracy in \[0, 1\]/,
  );
});
