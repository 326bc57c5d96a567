/**
 * The service under test: `parsimony run --simulator-url` processes in one consumer group, each
 * under its own PARSIMONY_INSTANCE_ID. A killed instance is started again under the same name, as
 * a supervisor would, and fences whatever its predecessor left open.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliProcess } from './processes.ts';

export type InstanceSettings = {
  /** Everything the service reads: servers, group, batch sizes; without provider keys. */
  env: Record<string, string>;
  simulatorUrl: string;
  logDir: string;
};

type Running = { process: CliProcess; metricsUrl: Promise<string | undefined>; generation: number };

export class Instances {
  readonly #settings: InstanceSettings;
  readonly #running = new Map<string, Running>();
  readonly #generations = new Map<string, number>();
  /** Every process started, for the log scan and the final stop. */
  readonly started: CliProcess[] = [];

  constructor(settings: InstanceSettings) {
    this.#settings = settings;
  }

  get names(): string[] {
    return [...this.#running.keys()];
  }

  start(name: string): CliProcess {
    if (this.#running.has(name)) throw new Error(`instance ${name} is already running`);
    const generation = (this.#generations.get(name) ?? 0) + 1;
    this.#generations.set(name, generation);
    const process = new CliProcess(['run', '--simulator-url', this.#settings.simulatorUrl], {
      env: { ...this.#settings.env, PARSIMONY_INSTANCE_ID: name, PARSIMONY_KAFKA_CLIENT_ID: `parsimony-${name}` },
      logFile: join(this.#settings.logDir, `${name}.${generation}.log`),
    });
    const metricsUrl = process
      .waitFor(/"metrics":"(http:\/\/[^"]+)\/metrics"/, 60_000)
      .then((m) => m[1])
      .catch(() => undefined);
    this.#running.set(name, { process, metricsUrl, generation });
    this.started.push(process);
    // An instance that stops by itself (fenced, failed) is noticed by the suite's checks on `running`.
    return process;
  }

  /** Records the instance holds and has not committed yet, from its metrics; undefined when it does not answer. */
  async inFlight(name: string): Promise<number | undefined> {
    const url = await this.#running.get(name)?.metricsUrl;
    if (!url) return undefined;
    try {
      const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
      const match = /^parsimony_in_flight_records (\d+(?:\.\d+)?)$/m.exec(text);
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * SIGKILL while the instance holds uncommitted records (mid-window), then the same name again.
   * Returns how many records it held when killed.
   */
  async killMidWindow(name: string, patienceMs = 20_000): Promise<number> {
    const deadline = Date.now() + patienceMs;
    let held = (await this.inFlight(name)) ?? 0;
    while (held === 0 && Date.now() < deadline) {
      await sleep(100);
      held = (await this.inFlight(name)) ?? 0;
    }
    const running = this.#running.get(name);
    if (!running) throw new Error(`instance ${name} is not running`);
    running.process.child.kill('SIGKILL');
    await running.process.exited;
    this.#running.delete(name);
    this.start(name);
    return held;
  }

  /** SIGTERM: the instance drains its windows and leaves the group. */
  async stop(name: string): Promise<number | null> {
    const running = this.#running.get(name);
    if (!running) return null;
    this.#running.delete(name);
    return running.process.stop('SIGTERM');
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.names.map((name) => this.stop(name)));
    await Promise.all(this.started.map((p) => p.stop('SIGKILL', 5_000)));
  }

  /** Resolves once the instance's process has ended and its log is complete. */
  async exited(name: string): Promise<void> {
    await this.#running.get(name)?.process.exited;
  }

  /** Drops an instance that ended by itself, so that it can be started again. */
  forget(name: string): void {
    if (this.#running.get(name)?.process.running === false) this.#running.delete(name);
  }

  /** Instances that ended without being asked to (fenced, crashed), with their exit codes. */
  unexpectedExits(): { name: string; code: number | null; logFile: string }[] {
    return [...this.#running]
      .filter(([, r]) => !r.process.running)
      .map(([name, r]) => ({ name, code: r.process.child.exitCode, logFile: r.process.logFile }));
  }
}
