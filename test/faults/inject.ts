/**
 * Carries out the schedule's faults on the running system and notes, for each, when it struck and
 * from when its recovery is measured (recovery.ts reads the group's samples afterwards).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import { PROVIDER_PATHS } from '#src/dev/simulator/fault-windows.ts';
import type { Instances } from './instances.ts';
import type { FaultStep } from './schedule.ts';
import { ops, type Stack } from './stack.ts';

/** How a fault's recovery is measured, once the run is over. */
export type Recovery =
  | { by: 'commits'; from: number }
  | { by: 'rebalance'; from: number; members: number }
  | { by: 'measured'; seconds: number | undefined }
  | { by: 'provider-answers'; paths: readonly string[]; fromEpochMs: number };

export type Struck = { kind: FaultStep['kind']; at: number; detail: string; recovery: Recovery };

export type InjectorDeps = {
  root: string;
  stack: Stack;
  instances: Instances;
  simulatorUrl: string;
  elasticsearch: Client;
  templateIndex: string;
  /** The group under test and its input topic, for the broker restart's own recovery probe. */
  kafka: Kafka;
  groupId: string;
  topic: string;
  /** Epoch milliseconds of second 0. */
  origin: number;
  log: (message: string) => void;
};

const INSTANCE_NAMES = ['extractor-1', 'extractor-2', 'extractor-3', 'extractor-4', 'extractor-5'];

export class FaultInjector {
  readonly #d: InjectorDeps;
  #kills = 0;

  constructor(deps: InjectorDeps) {
    this.#d = deps;
  }

  #now(): number {
    return (Date.now() - this.#d.origin) / 1000;
  }

  async strike(step: FaultStep): Promise<Struck> {
    switch (step.kind) {
      case 'sigkill':
        return this.#sigkill();
      case 'scale-up':
      case 'scale-down':
        return this.#scale(step.kind, step.to);
      case 'broker-restart':
        return this.#brokerRestart();
      case 'elasticsearch-stop':
        return this.#elasticsearchStop(step.forS);
      case 'provider-errors':
        return this.#providerErrors(step);
      case 'provider-down':
        return this.#providerDown(step.provider, step.forS);
    }
  }

  async #sigkill(): Promise<Struck> {
    const names = this.#d.instances.names;
    const name = names[this.#kills++ % names.length]!;
    const at = this.#now();
    const held = await this.#d.instances.killMidWindow(name);
    const killedAt = this.#now();
    return {
      kind: 'sigkill',
      at: killedAt,
      detail: `${name} killed with SIGKILL holding ${held} uncommitted records (waited ${(killedAt - at).toFixed(1)} s for a window in flight), restarted under the same instance id`,
      recovery: { by: 'commits', from: killedAt },
    };
  }

  async #scale(kind: 'scale-up' | 'scale-down', to: number): Promise<Struck> {
    const running = this.#d.instances.names;
    const at = this.#now();
    if (to > running.length) {
      for (const name of INSTANCE_NAMES.filter((n) => !running.includes(n)).slice(0, to - running.length)) this.#d.instances.start(name);
    } else {
      await Promise.all(running.slice(to).map((name) => this.#d.instances.stop(name)));
    }
    return {
      kind,
      at,
      detail: `${running.length} → ${to} instances${to < running.length ? ' (SIGTERM: drain and leave the group)' : ''}`,
      recovery: { by: 'rebalance', from: at, members: to },
    };
  }

  /**
   * Stops the broker and starts it again. Recovery is timed here, from the moment it is ready
   * again until the group has committed past where it stood before the stop on every partition
   * (the stream goes on, so each has records waiting): the group watch reconnects too slowly to
   * time it.
   */
  async #brokerRestart(): Promise<Struck> {
    const before = await this.#committed();
    const at = this.#now();
    await ops(this.#d.root, this.#d.stack, 'kafka', 'down');
    const down = this.#now();
    await ops(this.#d.root, this.#d.stack, 'kafka', 'up');
    const up = this.#now();
    let seconds: number | undefined;
    while (before && this.#now() - up < 180) {
      const now = await this.#committed();
      if (now && Object.entries(before).every(([p, offset]) => (now[Number(p)] ?? 0) > offset)) {
        seconds = this.#now() - up;
        break;
      }
      await sleep(250);
    }
    return {
      kind: 'broker-restart',
      at,
      detail: `broker stopped in ${(down - at).toFixed(1)} s, started again and ready ${(up - down).toFixed(1)} s later; recovery: from then until the group committed past where it stood before the stop on every partition`,
      recovery: { by: 'measured', seconds },
    };
  }

  /** The group's committed offset of each input partition, or undefined when the broker does not answer within 3 s. */
  async #committed(): Promise<Record<number, number> | undefined> {
    const admin = this.#d.kafka.admin();
    const timeout = sleep(3_000).then(() => undefined);
    const read = (async () => {
      await admin.connect();
      const [offsets] = await admin.fetchOffsets({ groupId: this.#d.groupId, topics: [this.#d.topic] });
      return Object.fromEntries((offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    })().catch(() => undefined);
    try {
      return await Promise.race([read, timeout]);
    } finally {
      void admin.disconnect().catch(() => undefined);
    }
  }

  async #templateCount(): Promise<number | undefined> {
    try {
      return (await this.#d.elasticsearch.count({ index: this.#d.templateIndex }, { requestTimeout: 2_000, maxRetries: 0 })).count;
    } catch {
      return undefined;
    }
  }

  /** Stops Elasticsearch for `forS` seconds; recovery is until the service writes a template to it again. */
  async #elasticsearchStop(forS: number): Promise<Struck> {
    const before = (await this.#templateCount()) ?? 0;
    const at = this.#now();
    await ops(this.#d.root, this.#d.stack, 'elasticsearch', 'down');
    const stopped = this.#now();
    await sleep(Math.max(0, at + forS - this.#now()) * 1000);
    const restarting = this.#now();
    await ops(this.#d.root, this.#d.stack, 'elasticsearch', 'up');
    const back = this.#now();
    let seconds: number | undefined;
    while (this.#now() - back < 180) {
      const count = await this.#templateCount();
      if (count !== undefined && count > before) {
        seconds = this.#now() - back;
        break;
      }
      await sleep(500);
    }
    return {
      kind: 'elasticsearch-stop',
      at,
      detail: `down from ${stopped.toFixed(1)} s for ${(restarting - stopped).toFixed(1)} s, ready again at ${back.toFixed(1)} s; recovery: until the service wrote a template to it again (${before} before the stop)`,
      recovery: { by: 'measured', seconds },
    };
  }

  async #control(plan: unknown): Promise<void> {
    const response = await fetch(`${this.#d.simulatorUrl}/_simulator/faults`, { method: 'POST', body: JSON.stringify(plan) });
    if (!response.ok) throw new Error(`the simulator refused ${JSON.stringify(plan)}: ${await response.text()}`);
  }

  async #providerErrors(step: Extract<FaultStep, { kind: 'provider-errors' }>): Promise<Struck> {
    const at = this.#now();
    await this.#control({ rate: step.rate, kinds: step.kinds, forMs: step.forS * 1000 });
    await sleep(step.forS * 1000);
    return {
      kind: 'provider-errors',
      at,
      detail: `${step.rate * 100} % of provider calls answered ${step.kinds.join(', ')} for ${step.forS} s; recovery: until commits resumed on every waiting partition after the window`,
      recovery: { by: 'commits', from: this.#now() },
    };
  }

  async #providerDown(provider: keyof typeof PROVIDER_PATHS, forS: number): Promise<Struck> {
    const at = this.#now();
    await this.#control({ down: provider, forMs: forS * 1000 });
    await sleep(forS * 1000);
    return {
      kind: 'provider-down',
      at,
      detail: `${provider} refused every call (overloaded) for ${forS} s; recovery: until it answered a call again (its circuit closed)`,
      recovery: { by: 'provider-answers', paths: PROVIDER_PATHS[provider], fromEpochMs: Date.now() },
    };
  }
}
