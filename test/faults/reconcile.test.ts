/**
 * Costs reconciled call by call on made-up bills and shares: committed calls add up exactly,
 * calls whose window never committed are wasted, and anything else is a mismatch that says which.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatUsd, loadPriceTable } from '#src/pricing/price-table.ts';
import { type BilledCall, billedNanoOf, nanoOfUsd, reconcile } from './reconcile.ts';

const prices = loadPriceTable();
const call = (requestId: string, output: number): BilledCall => ({
  requestId,
  path: '/v1/chat/completions',
  billed: { model: 'gpt-4o-mini', input: 900, cachedInput: 1_024, cacheWrite: 0, output },
});
/** A call's bill split into `parts` shares that add up exactly, as the service splits it. */
const sharesOf = (c: BilledCall, parts: number) => {
  const total = billedNanoOf(c, prices);
  return Array.from({ length: parts }, (_, i) => ({
    request_id: c.requestId,
    provider: 'openai',
    model: c.billed.model,
    usd: formatUsd(Math.floor(total / parts) + (i === 0 ? total % parts : 0)),
  }));
};

test('decimal USD strings are read exactly as nano-dollars', () => {
  assert.equal(nanoOfUsd('0.000125'), 125_000);
  assert.equal(nanoOfUsd('12'), 12_000_000_000);
  assert.equal(nanoOfUsd('0.000000001'), 1);
  assert.throws(() => nanoOfUsd('1e-9'), /not a decimal USD amount/);
});

test('committed calls add up, a call no committed extraction names is wasted, and nothing is left over', () => {
  const calls = [call('req_a', 400), call('req_b', 800), call('req_killed', 640)];
  const result = reconcile(calls, [...sharesOf(calls[0]!, 8), ...sharesOf(calls[1]!, 3)], prices);
  assert.equal(result.wastedCalls, 1);
  assert.equal(result.wastedNano, billedNanoOf(calls[2]!, prices));
  assert.equal(result.billedNano, result.committedNano + result.wastedNano);
  assert.equal(result.mismatchNano, 0);
  assert.deepEqual(result.problems, []);
});

test('shares that do not add up to their bill, name a call never billed, or name none are mismatches', () => {
  const calls = [call('req_a', 400)];
  const [first, ...rest] = sharesOf(calls[0]!, 4);
  const short = { ...first!, usd: formatUsd(nanoOfUsd(first!.usd) - 7) };
  const phantom = { request_id: 'req_never', provider: 'openai', model: 'gpt-4o-mini', usd: '0.00001' };
  const anonymous = { request_id: null, provider: 'openai', model: 'gpt-4o-mini', usd: '0.000002' };
  const result = reconcile(calls, [short, ...rest, phantom, anonymous], prices);
  assert.equal(result.mismatchNano, 7 - 10_000 - 2_000);
  assert.equal(result.problems.length, 3);
  assert.match(result.problems.join('\n'), /call req_a was billed .* its committed shares add up to/);
  assert.match(result.problems.join('\n'), /name call req_never, which was never billed/);
  assert.match(result.problems.join('\n'), /names no request id/);
});
