/**
 * Peak resident memory of `parsimony extract` by the number of records in its file (issue 12's
 * measure): the target is the same figure, at most 300 MiB, whatever the file's length. For each
 * size the file is generated (how long that took is reported), a `parsimony simulator` process
 * answers as every provider (its own memory, holding the truth, is not the one measured), and
 * `extract --simulator-url` runs in a process of its own with a fresh template cache; its peak RSS
 * comes from its --report. The smallest size is the baseline the others are divided by.
 * Run: `npm run bench -- memory`; BENCH_SIZES (default 10000,100000,1000000). Writes docs/memory.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const TARGET_MIB = 300;
const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;
const noKeys = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));

async function run(args: string[], cwd: string): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: noKeys(), stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`parsimony ${args[0]} exited ${code}:\n${stdout}`);
  return { seconds: (performance.now() - started) / 1000, stdout };
}

async function startSimulator(records: string, truth: string, cwd: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'simulator', '--truth', truth, '--records', records, '--port', '0', '--time-scale', '0'], {
    cwd,
    env: noKeys(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk) => {
    printed += chunk;
  });
  for (;;) {
    const url = /^listening +(http:\/\/\S+)/m.exec(printed)?.[1];
    if (url) return { url, child };
    if (child.exitCode !== null) throw new Error(`the simulator exited:\n${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rows = [];
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), `parsimony-memory-${size}-`));
  try {
    const records = join(dir, 'narratives.jsonl');
    const truth = join(dir, 'truth.jsonl');
    const generated = await run(['generate', '--count', String(size), '--output', records, '--truth', truth, '--seed', '5'], dir);
    const simulator = await startSimulator(records, truth, dir);
    try {
      const report = join(dir, 'report.json');
      const extracted = await run(
        ['extract', '--input', records, '--output', join(dir, 'out.jsonl'), '--simulator-url', simulator.url, '--report', report],
        dir,
      );
      const summary = JSON.parse(readFileSync(report, 'utf8')) as { peakRssBytes: number; records: number };
      const row = {
        records: size,
        generate_seconds: Math.round(generated.seconds * 10) / 10,
        extract_seconds: Math.round(extracted.seconds * 10) / 10,
        peak_rss_mib: Math.round(summary.peakRssBytes / 2 ** 20),
      };
      console.log(JSON.stringify(row));
      rows.push(row);
    } finally {
      simulator.child.kill('SIGTERM');
      await once(simulator.child, 'exit');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = rows[0]!.peak_rss_mib;
const out = {
  bench: 'memory',
  definitions: {
    peak_rss_mib: 'peak resident memory of the extract process (process.resourceUsage().maxRSS), MiB',
    ratio_to_smallest: 'peak RSS over that of the smallest file in the same run: 1 is flat',
  },
  rows: rows.map((r) => ({ ...r, ratio_to_smallest: Math.round((r.peak_rss_mib / base) * 100) / 100 })),
  targets: { at_most_300_mib_at_every_size: rows.every((r) => r.peak_rss_mib <= TARGET_MIB) },
};
mkdirSync('docs', { recursive: true });
writeFileSync('docs/memory.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
