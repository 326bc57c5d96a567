#!/usr/bin/env node
// The `parsimony` command, however it is started (the bin, `npx parsimony`, `npm run parsimony`).
// Plain JavaScript that any Node runs, because the CLI itself needs Node 24 and starts with V8
// options and an allocator setting of its own (src/cli/heap-limit.ts chooses them for the
// command): a process that is not that replaces itself with one that is.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_NODE_MAJOR = 24;

const root = fileURLToPath(new URL('..', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

if (major < MIN_NODE_MAJOR) {
  // That Node runs this file again, which then chooses the options.
  relaunch(projectNode(), []);
} else {
  const { SEMI_SPACE_OPTION, allocatorEnv, v8Options } = await import(cliModule('heap-limit'));
  const args = process.argv.slice(2);
  if (process.execArgv.includes(SEMI_SPACE_OPTION)) {
    const { main } = await import(cliModule('main'));
    process.exitCode = await main(args);
  } else {
    relaunch(process.execPath, v8Options(args, process.env, process.execArgv), allocatorEnv(args, process.env));
  }
}

/** A module of src/cli/, compiled when it was built from the sources at hand (or there are none), from the sources otherwise. */
function cliModule(name) {
  const compiled = join(root, `dist/cli/${name}.js`);
  const sources = join(root, 'src');
  if (existsSync(compiled) && (!existsSync(sources) || newestChange(sources) <= statSync(compiled).mtimeMs)) return compiled;
  return join(root, `src/cli/${name}.ts`);
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

function relaunch(node, v8Options, env = process.env) {
  const args = [
    ...v8Options,
    ...process.execArgv.filter((o) => !v8Options.includes(o)),
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  // execve keeps the process (its pid, signals and exit code are the CLI's); older Nodes lack it.
  if (typeof process.execve === 'function') process.execve(node, [node, ...args], env);
  const child = spawn(node, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    // Ended by a signal: end the same way, so whoever started this sees what happened.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}
