/**
 * `parsimony extract`, the embedded default, as a user runs it: a file in, a file out, the
 * simulator answering from a truth file, dead letters for bad lines, and a report.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parsimony-extract-'));
const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

function extract(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));
  return spawnSync(process.execPath, [cli, 'extract', ...args], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 120_000 });
}

test('the shipped sample: every record extracted, simulated, scored, with a report', () => {
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, readFileSync('examples/narratives.jsonl', 'utf8') + readFileSync('examples/bad-narratives.jsonl', 'utf8'));
  const output = join(dir, 'out.jsonl');
  const report = join(dir, 'report.json');
  const cache = join(dir, 'templates.jsonl');
  const result = extract([
    '--input',
    input,
    '--output',
    output,
    '--simulate',
    'examples/truth.jsonl',
    '--report',
    report,
    '--cache',
    cache,
  ]);
  assert.equal(result.status, 3, 'the run finished, but records were dead-lettered: exit 3');
  assert.match(result.stderr, /parsimony extract: 6 of 24 records were dead-lettered or FAILED \(exit 3; --allow-failures exits 0\)/);
  assert.match(result.stdout, /records {6}24 \(18 extracted, 6 dead-lettered\)/);
  assert.match(
    result.stderr,
    /^\{"progress":\{"done":24,"total":24,"percent":100,"perSecond":[\d.]+,"etaSeconds":0,"usd":"[\d.]+"\}\}$/m,
    'progress as JSON lines without a terminal',
  );
  assert.match(result.stdout, /accuracy {5}\d+\.\d% of records fully correct/);
  assert.match(result.stdout, /CPE {10}\$\d/);

  const extractions = readJsonl(output);
  assert.equal(extractions.length, 18);
  for (const e of extractions) {
    assert.ok(['rules', 'cache', 'small', 'large'].includes(e.provenance.tier), e.provenance.tier);
    assert.equal(e.provenance.simulated, e.provenance.tier !== 'rules');
    assert.match(e.cost.usd, /^\d+(\.\d+)?$/);
  }
  assert.equal(extractions.find((e) => e.record_id === 'ex-017').fields.amount, '15.49', 'the planted instruction changed nothing');
  assert.ok(!readFileSync(output, 'utf8').includes('4111 1111 1111 1111'), 'the card number stayed in');

  const letters = readJsonl(output.replace(/\.jsonl$/, '.dead-letters.jsonl'));
  assert.deepEqual(letters.map((l) => l.error_code).sort(), [
    'INVALID_FIELD',
    'INVALID_FIELD',
    'INVALID_UTF8',
    'MALFORMED_JSON',
    'MISSING_FIELD',
    'NARRATIVE_TOO_LONG',
  ]);
  for (const l of letters) assert.ok(Buffer.from(l.original_value, 'base64').length > 0, 'the original bytes are kept');
  const lettersText = readFileSync(output.replace(/\.jsonl$/, '.dead-letters.jsonl'), 'utf8');
  assert.ok(!/4111[ -]?1111[ -]?1111[ -]?1111/.test(lettersText), 'a card number used as record_id is masked in the dead letter');
  assert.ok(!lettersText.includes('\u001b') && !lettersText.includes('\\u001b'), 'no escape code reaches the dead letters');

  const summary = JSON.parse(readFileSync(report, 'utf8'));
  assert.equal(summary.extractions, 18);
  assert.equal(summary.report_version, 2);
  assert.ok(summary.quality.record_accuracy > 0.8);
  assert.match(summary.usd, /^\d+\.\d+$|^0$/, 'money as a decimal string');
  assert.equal(
    Object.values(summary.tiers as Record<string, { records: number }>).reduce((n, t) => n + t.records, 0),
    18,
    'every extraction counted under its tier',
  );
  assert.equal(summary.tiers.rules.usd, '0');
  assert.ok(
    Object.values(summary.tiers as Record<string, { quality: unknown }>).every((t) => t.quality),
    'scored per tier',
  );
  assert.ok(Object.keys(summary.prices.models).length > 0);
  for (const price of Object.values(summary.prices.models as Record<string, { read_on: string }>))
    assert.match(price.read_on, /^\d{4}-\d\d-\d\d$/);
  assert.ok(summary.simulator_billed);
  assert.ok(summary.cache.templates > 0, 'answers were learnt as templates');
  const camel = JSON.stringify(summary, (key, value) =>
    /[a-z][A-Z]/.test(key) && !/\//.test(key) ? assert.fail(`camelCase key ${key}`) : value,
  );
  assert.ok(camel);

  // Templates persist between runs. One answer is not enough for a template to serve: the second
  // run's answers confirm them, and the third run is answered from the templates.
  const confirming = extract([
    '--input',
    input,
    '--output',
    join(dir, 'confirm.jsonl'),
    '--simulate',
    'examples/truth.jsonl',
    '--cache',
    cache,
    '--allow-failures',
  ]);
  assert.equal(confirming.status, 0, confirming.stderr);
  assert.match(confirming.stdout, /learnt [^\n]*confirmed \d+/);
  const again = extract([
    '--input',
    input,
    '--output',
    join(dir, 'again.jsonl'),
    '--simulate',
    'examples/truth.jsonl',
    '--cache',
    cache,
    '--allow-failures',
  ]);
  assert.equal(again.status, 0, again.stderr);
  const warm = readJsonl(join(dir, 'again.jsonl'));
  const fromCache = warm.filter((e) => e.provenance.tier === 'cache');
  assert.ok(fromCache.length >= 5, `cache answered ${fromCache.length}`);
  for (const e of fromCache) {
    assert.equal(e.cost.usd, '0');
    assert.ok(e.provenance.cache_entry_id);
    assert.deepEqual(
      e.fields,
      extractions.find((x) => x.record_id === e.record_id).fields,
      `${e.record_id}: the template gives the same answer`,
    );
  }
});

test('without keys or a simulator only the rules answer, and the run says so', () => {
  const output = join(dir, 'rules-only.jsonl');
  const result = extract([
    '--input',
    'examples/narratives.jsonl',
    '--output',
    output,
    '--truth',
    'examples/truth.jsonl',
    '--no-cache',
    '--allow-failures',
  ]);
  assert.equal(result.status, 0, 'FAILED records, allowed');
  assert.match(result.stderr, /no model tier can be reached/);
  const extractions = readJsonl(output);
  assert.ok(extractions.some((e) => e.provenance.tier === 'rules' && e.status === 'OK'));
  assert.ok(extractions.some((e) => e.status === 'FAILED'));
  assert.match(result.stdout, /cost {9}\$0\.000000/);
});

test('a missing input file or flag is a clear error', () => {
  const missing = extract(['--input', join(dir, 'nope.jsonl'), '--output', join(dir, 'x.jsonl')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--input .*nope\.jsonl: no such file/);
  const usage = extract(['--input', 'examples/narratives.jsonl']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--input and --output are required/);
});

test('paths are checked before anything is paid for: no output over the input, none that cannot be written', () => {
  const input = join(dir, 'keep.jsonl');
  writeFileSync(input, readFileSync('examples/narratives.jsonl', 'utf8'));
  const over = extract(['--input', input, '--output', input, '--simulate', 'examples/truth.jsonl', '--no-cache']);
  assert.equal(over.status, 2);
  assert.match(over.stderr, /parsimony extract: --output .*keep\.jsonl is the input: the run would overwrite what it reads/);
  assert.equal(readFileSync(input, 'utf8'), readFileSync('examples/narratives.jsonl', 'utf8'), 'the input is untouched');
  const nowhere = extract([
    '--input',
    input,
    '--output',
    join(dir, 'out.jsonl'),
    '--report',
    join(dir, 'no/such/report.json'),
    '--simulate',
    'examples/truth.jsonl',
  ]);
  assert.equal(nowhere.status, 1);
  assert.match(nowhere.stderr, /--report .*report\.json: its folder .* does not exist/);
  assert.doesNotMatch(nowhere.stderr, /"msg"/, 'it stopped before the simulator, the cache or any model call started');
});

test('--batch-api: the model tiers answer through the Batch APIs, at half the real-time price, with the same answers', () => {
  const run = (name: string, flags: string[]) => {
    const output = join(dir, `${name}.jsonl`);
    const result = extract([
      '--input',
      'examples/narratives.jsonl',
      '--output',
      output,
      '--simulate',
      'examples/truth.jsonl',
      '--no-cache',
      '--feedback-rate',
      '0',
      ...flags,
    ]);
    assert.equal(result.status, 0, result.stderr);
    return { extractions: readJsonl(output), stderr: result.stderr };
  };
  const realTime = run('real-time', []);
  const batched = run('batched', ['--batch-api']);
  assert.match(batched.stderr, /"msg":"batch submitted".*"provider":"openai"/);
  const usd = (rows: { cost: { usd: string } }[]) => rows.reduce((sum, r) => sum + Number(r.cost.usd), 0);
  assert.ok(usd(realTime.extractions) > 0);
  assert.ok(
    Math.abs(usd(batched.extractions) / usd(realTime.extractions) - 0.5) < 0.01,
    `${usd(batched.extractions)} vs ${usd(realTime.extractions)}`,
  );
  for (const e of batched.extractions.filter((x) => x.provenance.tier !== 'rules')) {
    assert.equal(e.provenance.batch_api, true);
    assert.ok(e.cost.calls.every((c: { batch_api: boolean }) => c.batch_api));
  }
  const fields = (rows: { record_id: string; fields: unknown }[]) => rows.map((r) => [r.record_id, r.fields]);
  assert.deepEqual(fields(batched.extractions), fields(realTime.extractions));
});

test('a budget of 0 stops all model spend and says so at start: only the rules and the cache answer', () => {
  const output = join(dir, 'no-budget.jsonl');
  const result = extract(['--input', 'examples/narratives.jsonl', '--output', output, '--simulate', 'examples/truth.jsonl', '--no-cache'], {
    PARSIMONY_BUDGET_USD_PER_HOUR: '0',
  });
  assert.equal(result.status, 3, 'records the rules could not answer are FAILED');
  assert.match(result.stderr, /the budget is 0: no model is called/);
  const extractions = readJsonl(output);
  assert.ok(extractions.length > 0);
  for (const e of extractions) assert.equal(e.cost.usd, '0');
  assert.ok(extractions.every((e: { provenance: { tier: string } }) => e.provenance.tier === 'rules'));
});

test('Ctrl-C finishes the windows in flight, writes them, saves the templates; --resume continues where it stopped', async () => {
  const input = join(dir, 'long.jsonl');
  const truth = join(dir, 'long-truth.jsonl');
  const generated = spawnSync(process.execPath, [cli, 'generate', '--count', '4000', '--output', input, '--truth', truth, '--seed', '21']);
  assert.equal(generated.status, 0, String(generated.stderr));
  const output = join(dir, 'long-out.jsonl');
  const cache = join(dir, 'long-cache/templates.jsonl');
  const args = ['extract', '--input', input, '--output', output, '--simulate', truth, '--cache', cache, '--allow-failures'];
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...clean, PARSIMONY_BATCH_MAX_RECORDS: '100', PARSIMONY_MAX_IN_FLIGHT_RECORDS: '300' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit');
  const deadline = Date.now() + 60_000;
  while (!(existsSync(output) && readFileSync(output, 'utf8').split('\n').length > 300)) {
    assert.ok(Date.now() < deadline && child.exitCode === null, `no output to interrupt:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGINT');
  const [code] = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted: the windows in flight finish and are written/);
  assert.match(stderr, /`--resume` continues after it/);
  const marker = JSON.parse(readFileSync(`${output}.resume.json`, 'utf8'));
  const first = readJsonl(output).length + readJsonl(`${output.replace(/\.jsonl$/, '')}.dead-letters.jsonl`).length;
  assert.ok(first < 4000, `stopped early (${first} written)`);
  assert.ok(existsSync(cache), 'the templates were saved');

  const resumed = spawnSync(process.execPath, [cli, ...args, '--resume'], { env: clean, encoding: 'utf8', timeout: 120_000 });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`"msg":"resuming an interrupted run","after_line":${marker.lines_done}`));
  assert.ok(!existsSync(`${output}.resume.json`), 'a finished run leaves no marker');
  const ids = [
    ...readJsonl(output).map((e) => e.record_id),
    ...readJsonl(`${output.replace(/\.jsonl$/, '')}.dead-letters.jsonl`).map((d) => d.record_id ?? `line ${d.offset}`),
  ];
  assert.equal(ids.length, 4000, 'every line once, across the two runs');
  assert.equal(new Set(ids).size, 4000);
  const again = spawnSync(process.execPath, [cli, ...args, '--resume'], { env: clean, encoding: 'utf8' });
  assert.equal(again.status, 2);
  assert.match(again.stderr, /--resume: no .*resume\.json, so no interrupted run of this output to continue/);
});
