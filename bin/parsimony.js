#!/usr/bin/env node
// The `parsimony` command, however it is started (the bin, `npx parsimony`, `npm run parsimony`).
// Plain JavaScript that any Node runs, because the CLI itself needs Node 24 and starts with V8
// options of its own: a process that is not that replaces itself with one that is.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_NODE_MAJOR = 24;
/**
 * Semi-spaces of 4 MiB instead of V8's default 16: the young generation is what a streaming run
 * allocates fastest and keeps least of, and at its default size it alone adds about 100 MiB to
 * the peak resident memory of a long `extract` for no measurable speed (bench/memory.ts).
 */
const V8_OPTIONS = ['--max-semi-space-size=4'];

const root = fileURLToPath(new URL('..', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

if (major >= MIN_NODE_MAJOR && V8_OPTIONS.every((o) => process.execArgv.includes(o))) {
  const { main } = await import(entryPoint());
  process.exitCode = await main(process.argv.slice(2));
} else {
  relaunch(major >= MIN_NODE_MAJOR ? process.execPath : projectNode());
}

/** The compiled CLI when it was built from the sources at hand (or there are none), the sources otherwise. */
function entryPoint() {
  const compiled = join(root, 'dist/cli/main.js');
  const sources = join(root, 'src');
  if (existsSync(compiled) && (!existsSync(sources) || newestChange(sources) <= statSync(compiled).mtimeMs)) return compiled;
  return join(root, 'src/cli/main.ts');
}

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The Node 24 that `ops/node-env.sh` brings into the project's cache, when this one is older. */
function projectNode() {
  const cache = join(process.env.PARSIMONY_CACHE ?? join(homedir(), '.cache/parsimony'), 'node');
  const versions = existsSync(cache) ? readdirSync(cache) : [];
  const fit = versions
    .filter((v) => Number(v.split('.')[0]) >= MIN_NODE_MAJOR && existsSync(join(cache, v, 'bin/node')))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))[0];
  if (fit) return join(cache, fit, 'bin/node');
  process.stderr.write(
    `parsimony needs Node ${MIN_NODE_MAJOR} or newer; this is Node ${process.versions.node} and none was found in ${cache}.\n` +
      `Bring one with \`source ops/node-env.sh\` (from ${root}), or put Node ${MIN_NODE_MAJOR} first on PATH.\n`,
  );
  process.exit(1);
}

function relaunch(node) {
  const args = [
    ...V8_OPTIONS,
    ...process.execArgv.filter((o) => !V8_OPTIONS.includes(o)),
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  // execve keeps the process (its pid, signals and exit code are the CLI's); older Nodes lack it.
  if (typeof process.execve === 'function') process.execve(node, [node, ...args], process.env);
  const child = spawn(node, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    // Ended by a signal: end the same way, so whoever started this sees what happened.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}
