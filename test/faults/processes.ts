/**
 * The suite's child processes: `parsimony` commands run as they run in production, their output
 * kept in a log file each (every line of which the secret scan reads afterwards).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** The environment without provider keys: every model call must go to the simulator. */
export function withoutProviderKeys(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/_API_KEY$/.test(entry[0])),
  );
}

export class CliProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  readonly exited: Promise<number | null>;
  #output = '';
  readonly #log: WriteStream;

  constructor(args: readonly string[], options: { env: Record<string, string>; logFile: string }) {
    this.logFile = options.logFile;
    this.#log = createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [CLI, ...args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.#log.write(chunk);
      // Only the start is looked at (addresses, readiness); the whole output is in the log file.
      if (this.#output.length < 64_000) this.#output += chunk.toString('utf8');
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = once(this.child, 'exit').then(async ([code]) => {
      await new Promise<void>((resolve) => this.#log.end(resolve));
      return code as number | null;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first match of `pattern` in the output, waiting up to `timeoutMs`; fails when the process ends first. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.#output);
      if (match) return match;
      if (!this.running) throw new Error(`process ${this.pid} ended before printing ${pattern}; see ${this.logFile}`);
      if (Date.now() > deadline)
        throw new Error(`process ${this.pid} did not print ${pattern} within ${timeoutMs} ms; see ${this.logFile}`);
      await sleep(100);
    }
  }

  /** Sends `signal` and waits for the exit, SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 40_000): Promise<number | null> {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
