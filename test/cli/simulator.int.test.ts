/**
 * `parsimony simulator` as a user runs it beside the service: a server on a free port that the
 * official SDKs and `parsimony extract --simulator-url` talk to, whose answers are marked
 * simulated, whose fault flags take a provider down, and which prints what it billed on SIGTERM.
 */
import assert from 'node:assert/strict';
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { test } from 'node:test';
import OpenAI from 'openai';
import { callCost, loadPriceTable, priceOf } from '#src/pricing/price-table.ts';
import { fromOpenAiUsage } from '#src/pricing/usage.ts';
import { parseAnswer } from '#src/providers/extraction-prompt.ts';
import { chatBody, loadExamples } from '#test/dev/simulator/support.ts';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parsimony-simulator-'));
const records = 'examples/narratives.jsonl';
const truth = 'examples/truth.jsonl';
const noKeys = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));
const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

type Server = { url: string; openaiBaseUrl: string; stop(): Promise<{ code: number | null; stdout: string }> };

/** Starts `parsimony simulator` and reads its address from what it prints. */
async function startServer(args: string[]): Promise<Server> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [cli, 'simulator', '--truth', truth, '--records', records, '--port', '0', '--time-scale', '0', ...args],
    { env: noKeys(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit');
  const deadline = Date.now() + 15_000;
  while (!/^openai SDK .*$/m.test(stdout)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the simulator did not start:\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: /^listening +(http:\/\/\S+)/m.exec(stdout)![1]!,
    openaiBaseUrl: /^openai SDK +baseURL (\S+),/m.exec(stdout)![1]!,
    async stop() {
      child.kill('SIGTERM');
      const [code] = await exited;
      return { code, stdout: `${stdout}${stderr}` };
    },
  };
}

function extract(simulatorUrl: string, name: string) {
  const output = join(dir, `${name}.jsonl`);
  const result = spawnSync(
    process.execPath,
    [cli, 'extract', '--input', records, '--output', output, '--simulator-url', simulatorUrl, '--truth', truth, '--no-cache'],
    { env: noKeys(), encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(result.status, 0, result.stderr);
  return { stdout: result.stdout, extractions: readJsonl(output) };
}

/** The USD of each model line the simulator printed on exit, in nano-dollars. */
const billedNanos = (stdout: string) =>
  [...stdout.matchAll(/^(?:billed)? +\S+: \d+ calls, .*\$([\d.]+)$/gm)].map((m) => Math.round(Number(m[1]) * 1e9));

test('the official SDK and `extract --simulator-url` get the truth from it, marked simulated; what it billed is what the outputs cost', async () => {
  const server = await startServer([]);
  let stopped: { code: number | null; stdout: string } | undefined;
  try {
    const example = loadExamples()[0]!;
    const openai = new OpenAI({ apiKey: 'any', baseURL: server.openaiBaseUrl, maxRetries: 0 });
    const completion = await openai.chat.completions.create(chatBody('gpt-4.1', [example]));
    const answer = parseAnswer(completion.choices[0]?.message.content, 1).get(0);
    assert.equal(answer?.fields.amount, example.fields.amount);
    assert.equal(answer?.fields.counterparty, example.fields.counterparty);

    const { stdout, extractions } = extract(server.url, 'sdk');
    assert.match(stdout, /\(simulated providers, real prices\)/);
    assert.match(stdout, /accuracy {5}(9\d|100)\.\d% of records fully correct/);
    const answered = extractions.filter((e) => e.provenance.provider !== null);
    assert.ok(answered.length >= 5, `only ${answered.length} model answers`);
    for (const e of extractions) assert.equal(e.provenance.simulated, e.provenance.provider !== null, JSON.stringify(e.provenance));

    const outputsNano = extractions.reduce((sum, e) => sum + Math.round(Number(e.cost.usd) * 1e9), 0);
    stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.stdout);
    assert.match(stopped.stdout, /^SIGTERM: stopped after \d+ requests$/m);
    const billed = billedNanos(stopped.stdout);
    assert.ok(billed.length >= 2, stopped.stdout);
    // The direct SDK call is billed too; every other token was billed for the outputs.
    const direct = callCost(priceOf(loadPriceTable(), 'openai', 'gpt-4.1'), fromOpenAiUsage(completion.usage), { batch: false });
    const total = billed.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - direct - outputsNano) <= 20, `billed ${total} nano$, outputs ${outputsNano} + direct call ${direct}`);
  } finally {
    if (!stopped) await server.stop();
  }
});

test('--down openai: every model answer comes from Anthropic, still simulated', async () => {
  const server = await startServer(['--down', 'openai']);
  let stopped: { code: number | null; stdout: string } | undefined;
  try {
    assert.match(await (await fetch(`${server.url}/_simulator/billed`)).text(), /^\{"billed":\{\},"billedBatch":\{\}\}$/);
    const { extractions } = extract(server.url, 'down');
    const answered = extractions.filter((e) => e.provenance.provider !== null);
    assert.ok(answered.length >= 5, `only ${answered.length} model answers`);
    for (const e of answered) {
      assert.equal(e.provenance.provider, 'anthropic');
      assert.equal(e.provenance.simulated, true);
    }
    stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.stdout);
    assert.doesNotMatch(stopped.stdout, /gpt-/, 'no OpenAI call was answered, so none was billed');
    assert.match(stopped.stdout, /claude-/);
  } finally {
    if (!stopped) await server.stop();
  }
});

test('--record-requests FILE: every API request as a JSON line, with the request id sent back and the tokens billed, adding up to the totals', async () => {
  const file = join(dir, 'requests.jsonl');
  const server = await startServer(['--record-requests', file]);
  let stopped: { code: number | null; stdout: string } | undefined;
  try {
    await fetch(`${server.url}/_simulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ rate: 1, kinds: ['500'], forMs: 600_000, model: 'gpt-6-luna' }),
    });
    extract(server.url, 'recorded');
    stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.stdout);
    const lines = readJsonl(file) as {
      path: string;
      status?: number;
      fault?: string;
      requestId?: string;
      body: unknown;
      billed?: { model: string; output: number };
    }[];
    assert.equal(lines.length, Number(/^SIGTERM: stopped after (\d+) requests$/m.exec(stopped.stdout)?.[1]), 'one line a request');
    assert.ok(
      lines.some((l) => l.fault === '500' && l.status === 500 && l.billed === undefined),
      'failed requests are there, unbilled',
    );
    for (const line of lines) {
      assert.match(line.requestId ?? '', /^req_/);
      assert.equal(typeof line.body, 'object');
    }
    const output = new Map<string, number>();
    for (const { billed } of lines) if (billed) output.set(billed.model, (output.get(billed.model) ?? 0) + billed.output);
    for (const [model, tokens] of output)
      assert.match(stopped.stdout, new RegExp(`${model.replace(/\./g, '\\.')}: \\d+ calls, .* ${tokens} output tokens`));
  } finally {
    if (!stopped) await server.stop();
  }
});
