import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyBudgetOf, latencyRules, parseDuration, someMayWait } from '#src/config/latency-budgets.ts';
import { ValueError } from '#src/config/parsers.ts';

const HOUR = 3_600_000;

test('durations: hours, minutes, seconds, days, milliseconds, or 0', () => {
  assert.equal(parseDuration('24h', 'x'), 24 * HOUR);
  assert.equal(parseDuration('90m', 'x'), 90 * 60_000);
  assert.equal(parseDuration('1.5s', 'x'), 1_500);
  assert.equal(parseDuration('2d', 'x'), 48 * HOUR);
  assert.equal(parseDuration('250ms', 'x'), 250);
  assert.equal(parseDuration('0', 'x'), 0);
  for (const bad of ['24', 'soon', '-1h', '', '1w']) assert.throws(() => parseDuration(bad, 'rule 0 maxLatency'), /rule 0 maxLatency/);
});

test('the first matching rule gives a record its budget; none matching, real time', () => {
  const rules = latencyRules(
    JSON.stringify([
      { documentType: 'card_feed', maxLatency: '0' },
      { source: 'bank-legacy-*', maxLatency: '48h' },
      { documentType: 'daily_statement', maxLatency: '24h' },
    ]),
  );
  assert.equal(latencyBudgetOf(rules, { document_type: 'card_feed', source_id: 'bank-legacy-1' }), 0);
  assert.equal(latencyBudgetOf(rules, { document_type: 'daily_statement', source_id: 'bank-legacy-9' }), 48 * HOUR);
  assert.equal(latencyBudgetOf(rules, { document_type: 'daily_statement', source_id: 'sparkasse-de' }), 24 * HOUR);
  assert.equal(latencyBudgetOf(rules, { document_type: 'wire_advice', source_id: 'sparkasse-de' }), 0);
  assert.equal(someMayWait({ latencyBudgets: rules, minLatency: 24 * HOUR }), true);
  assert.equal(someMayWait({ latencyBudgets: rules, minLatency: 72 * HOUR }), false);
  assert.equal(someMayWait({ latencyBudgets: [], minLatency: 0 }), false);
});

test('a rule with an unknown key, an empty match or a bad duration is refused with where it is', () => {
  assert.throws(
    () => latencyRules('[{"docType": "x", "maxLatency": "1h"}]'),
    (e) => e instanceof ValueError && /rule 0: unknown key\(s\) docType/.test(e.message),
  );
  assert.throws(() => latencyRules('[{"source": "", "maxLatency": "1h"}]'), /rule 0: source must be a non-empty string/);
  assert.throws(() => latencyRules('[{"maxLatency": "1h"}, {"maxLatency": "soon"}]'), /rule 1 maxLatency/);
  assert.throws(() => latencyRules('{"maxLatency": "1h"}'), /JSON array/);
});
