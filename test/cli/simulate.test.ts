/**
 * The CLI's side of the provider simulator: its truth from the generator's two files, the address
 * of a running one, its fault flags, and the billing summary it prints on exit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { downPlans, parseFaultSpec } from '#src/cli/commands/simulator.ts';
import { billedLines, reachSimulator, readSimulatorTruth, simulatorAt } from '#src/cli/simulate.ts';
import { systemClock } from '#src/common/clock.ts';
import { startSimulator } from '#src/dev/simulator/simulator.ts';
import { loadPriceTable } from '#src/pricing/price-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'parsimony-simulate-'));
const fields = {
  transaction_date: '2026-11-02',
  amount: '6.75',
  currency: 'USD',
  direction: 'DEBIT',
  counterparty: 'Blue Bottle Coffee',
  transaction_type: 'CARD',
  reference: null,
  category: 'DINING',
};
const record = (id: string, narrative: string) =>
  JSON.stringify({ record_id: id, narrative, source_id: 's', document_type: 'card_feed', locale: 'en-US', received_at: 1 });

test('the truth is keyed by the text the service sends: masked and normalised, joined to the fields by record_id', async () => {
  const records = join(dir, 'records.jsonl');
  const truth = join(dir, 'truth.jsonl');
  writeFileSync(
    records,
    `${record('a', 'SQ *BLUE   BOTTLE COFFE CARD 4111 1111 1111 1111 11/02 $6.75')}\n${record('b', 'NO TRUTH FOR ME')}\nnot json\n`,
  );
  writeFileSync(truth, `${JSON.stringify({ record_id: 'a', fields })}\n`);
  const pairs = await readSimulatorTruth({ records, truth }, systemClock);
  assert.equal(pairs.length, 1);
  assert.ok(!pairs[0]!.text.includes('4111'), pairs[0]!.text);
  assert.match(pairs[0]!.text, /\[CARD\]/);
  assert.deepEqual(pairs[0]!.fields, fields);
});

test('files that share no record_id are refused: the simulator would know no answer', async () => {
  const records = join(dir, 'other.jsonl');
  const truth = join(dir, 'other-truth.jsonl');
  writeFileSync(records, `${record('x', 'SQ *BLUE BOTTLE COFFE')}\n`);
  writeFileSync(truth, `${JSON.stringify({ record_id: 'y', fields })}\n`);
  await assert.rejects(readSimulatorTruth({ records, truth }, systemClock), /no record of .* has a line in/);
});

test('a simulator URL gives both SDK base URLs; anything but a plain http(s) address is refused', () => {
  assert.deepEqual(simulatorAt('http://127.0.0.1:8787/'), {
    openaiBaseUrl: 'http://127.0.0.1:8787/v1',
    anthropicBaseUrl: 'http://127.0.0.1:8787',
  });
  assert.throws(() => simulatorAt('127.0.0.1:8787'), /must be the http\(s\) address|not a URL/);
  assert.throws(() => simulatorAt('localhost'), /not a URL/);
  assert.throws(() => simulatorAt('http://127.0.0.1:8787/?x=1'), /must be the http\(s\) address/);
});

test('reaching a simulator: a running one answers, an address where none serves fails fast', async () => {
  const sim = await startSimulator({ truth: [], timeScale: 0 });
  after(() => sim.close());
  assert.deepEqual(await reachSimulator(sim.url), { openaiBaseUrl: sim.openaiBaseUrl, anthropicBaseUrl: sim.anthropicBaseUrl });
  const gone = await startSimulator({ truth: [], timeScale: 0 });
  await gone.close();
  await assert.rejects(reachSimulator(gone.url), /no provider simulator answers at/);
});

test('fault flags: KIND[xCOUNT][@MODEL|@/PATH], checked like the control endpoint checks a plan', () => {
  assert.deepEqual(parseFaultSpec('500'), { kind: '500' });
  assert.deepEqual(parseFaultSpec('429x5@gpt-4o-mini'), { kind: '429', count: 5, model: 'gpt-4o-mini' });
  assert.deepEqual(parseFaultSpec('timeout@/v1/messages'), { kind: 'timeout', path: '/v1/messages' });
  assert.deepEqual(parseFaultSpec('malformed-jsonx2'), { kind: 'malformed-json', count: 2 });
  assert.throws(() => parseFaultSpec('418'), /kind must be one of/);
  assert.throws(() => parseFaultSpec('500x0'), /count must be a positive integer/);
  assert.throws(() => parseFaultSpec('500 x3'), /kind must be one of/);
  assert.throws(() => parseFaultSpec(''), /expected KIND/);
});

test('a provider down refuses every request to its own paths, and only those', () => {
  assert.deepEqual(
    downPlans('anthropic').map((p) => [p.kind, p.path]),
    [['529', '/v1/messages']],
  );
  assert.deepEqual(
    downPlans('openai').map((p) => p.path),
    ['/v1/chat/completions', '/v1/embeddings'],
  );
  assert.ok(downPlans('openai').every((p) => (p.count ?? 0) > 1e12));
  assert.throws(() => downPlans('azure'), /--down is openai or anthropic/);
});

test('the billing summary: one line per model with its tokens and their price at the listed rates', () => {
  const lines = billedLines(
    {
      'gpt-4o-mini': { input: 1_000_000, cachedInput: 0, cacheWrite: 0, output: 0, calls: 3 },
      'no-such-model': { input: 10, cachedInput: 0, cacheWrite: 0, output: 1, calls: 1 },
    },
    loadPriceTable(),
  );
  const mini = loadPriceTable().models.find((m) => m.model === 'gpt-4o-mini')!;
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^gpt-4o-mini: 3 calls, 1000000 input .*, \$(\S+)$/);
  assert.equal(Number(/\$(\S+)$/.exec(lines[0]!)![1]), mini.input, 'a million input tokens cost the listed input price');
  assert.match(lines[1]!, /^no-such-model: 1 calls, .*no listed price$/);
});
