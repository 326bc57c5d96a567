/**
 * The report holds figures and labels, never a secret; a clean run passes, and each kind of
 * failure is named.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Accounting } from './accounting.ts';
import type { Reconciliation } from './reconcile.ts';
import { buildReport, endedByDesign, failuresOf } from './report.ts';

const clean: Accounting = { lost: [], duplicated: [], strangers: [] };
const reconciled: Reconciliation = {
  billedNano: 3_000,
  committedNano: 2_000,
  wastedNano: 1_000,
  wastedCalls: 1,
  mismatchNano: 0,
  problems: [],
};
const run = {
  mode: 'trimmed' as const,
  records: 10,
  generated: 8,
  faults: [{ kind: 'sigkill', at: 20.04, recovery_s: 7.26, detail: 'extractor-1 killed' }],
  accounting: clean,
  costs: reconciled,
  leaks: [],
  secretsPlanted: 3,
  secretNarratives: { sent: 1, answered: 1 },
  bad: [{ name: 'truncated Avro', ok: true }],
  exits: [],
  scanned: { extractions: 9 },
  durationS: 100,
  streamS: 60,
  allCommittedAtS: 61,
  seed: 1,
};

test('a clean run: the figures of docs/faults.json, and no failure', () => {
  const report = buildReport(run);
  assert.equal(report.records, 10);
  assert.deepEqual(report.faults, [{ kind: 'sigkill', at: 20, recovery_s: 7.3, detail: 'extractor-1 killed' }]);
  assert.equal(report.cost_mismatch_usd, 0);
  assert.equal(report.wasted_usd, 0.000001);
  assert.deepEqual(report.bad_inputs, { sent: 1, dead_lettered: 1 });
  assert.deepEqual(failuresOf(report, { ...run, leaks: [] }), []);
});

test('leaks are reported by label and place, never by value; every other failure is named', () => {
  const card = '4539148803436467';
  const leaks = [
    { where: 'provider request req_1', secret: { kind: 'CARD' as const, value: card, label: 'card in a narrative, 8-8' } },
    { where: '/x/logs/extractor-1.1.log:3', secret: { kind: 'CARD' as const, value: card, label: 'card in a narrative, 8-8' } },
  ];
  const broken = {
    ...run,
    leaks,
    accounting: { lost: [{ partition: 0, offset: 1, recordId: 'a' }], duplicated: [], strangers: [] },
    costs: { ...reconciled, mismatchNano: 5, problems: ['call req_2 was billed more'] },
    bad: [{ name: 'truncated Avro', ok: false, problem: '0 dead letters' }],
    faults: [{ kind: 'broker-restart', at: 1, recovery_s: undefined, detail: '' }],
  };
  const report = buildReport(broken);
  assert.ok(!JSON.stringify(report).includes(card));
  assert.deepEqual(report.secrets_leaked, { 'card in a narrative, 8-8': ['provider requests', 'service logs'] });
  const failures = failuresOf(report, broken).join('\n');
  assert.ok(!failures.includes(card));
  for (const expected of [
    /1 inputs lost/,
    /costs do not reconcile/,
    /2 secrets left the service: card in a narrative, 8-8/,
    /bad input "truncated Avro": 0 dead letters/,
    /no recovery measured after broker-restart/,
  ]) {
    assert.match(failures, expected);
  }
});

test('an instance that ended because its consumer crashed for good is restarted and reported; any other end fails the run', () => {
  const designed = endedByDesign(
    1,
    '{"msg":"consumer crashed"}\nparsimony run: the Kafka consumer crashed and will not restart (x): this instance stops\n',
  );
  assert.equal(designed, true);
  assert.equal(endedByDesign(1, 'TypeError: x is undefined\n    at main'), false);
  assert.equal(endedByDesign(null, 'parsimony run: the Kafka consumer crashed and will not restart'), false, 'killed by a signal');
  const exits = [
    { name: 'extractor-1', at: 130.04, code: 1, designed: true },
    { name: 'extractor-2', at: 140, code: 134, designed: false },
  ];
  const report = buildReport({ ...run, exits });
  assert.deepEqual(report.instance_exits, [
    { name: 'extractor-1', at: 130, code: 1, by_design: true },
    { name: 'extractor-2', at: 140, code: 134, by_design: false },
  ]);
  assert.deepEqual(failuresOf(report, { ...run, exits }), [
    'extractor-2 ended by itself at 140.0 s with exit code 134, not as the service means to',
  ]);
});
