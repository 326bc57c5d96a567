/**
 * Watches the consumer group while the suite runs: twice a second, each partition's committed
 * offset and end offset, and the group's state and size. The samples are what recovery times are
 * measured from (recovery.ts). While the broker is down the samples stop; a sample that fails or
 * hangs drops the admin client, and the next one connects a new one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';
import type { Sample } from './recovery.ts';

const SAMPLE_TIMEOUT_MS = 5_000;

export class GroupWatch {
  readonly samples: Sample[] = [];
  readonly #kafka: Kafka;
  readonly #groupId: string;
  readonly #topic: string;
  readonly #origin: number;
  #admin: Promise<Admin> | undefined;
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(options: { kafka: Kafka; groupId: string; topic: string; origin: number }) {
    this.#kafka = options.kafka;
    this.#groupId = options.groupId;
    this.#topic = options.topic;
    this.#origin = options.origin;
  }

  start(intervalMs = 500): void {
    this.#loop ??= (async () => {
      while (!this.#stopped) {
        const sample = await this.#sampleWithin(SAMPLE_TIMEOUT_MS);
        if (sample) this.samples.push(sample);
        await sleep(intervalMs);
      }
      await this.#drop();
    })();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }

  /** The latest sample, or undefined before the first. */
  get last(): Sample | undefined {
    return this.samples.at(-1);
  }

  async #sampleWithin(ms: number): Promise<Sample | undefined> {
    const timer = new AbortController();
    const sample = this.#sample().catch(() => undefined);
    const late = sleep(ms, undefined, { signal: timer.signal }).then(
      () => 'late' as const,
      () => undefined,
    );
    const first = await Promise.race([sample, late]);
    timer.abort();
    if (first === 'late' || first === undefined) {
      await this.#drop();
      return undefined;
    }
    return first;
  }

  async #drop(): Promise<void> {
    const admin = this.#admin;
    this.#admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  async #sample(): Promise<Sample> {
    this.#admin ??= (async () => {
      const admin = this.#kafka.admin();
      await admin.connect();
      return admin;
    })();
    const admin = await this.#admin;
    const t = (Date.now() - this.#origin) / 1000;
    const [ends, [committed], groups] = await Promise.all([
      admin.fetchTopicOffsets(this.#topic),
      admin.fetchOffsets({ groupId: this.#groupId, topics: [this.#topic] }),
      admin.describeGroups([this.#groupId]),
    ]);
    const end: Record<number, number> = {};
    for (const p of ends) end[p.partition] = Number(p.high);
    const done: Record<number, number> = {};
    for (const p of committed?.partitions ?? []) done[p.partition] = Math.max(0, Number(p.offset));
    const group = groups.groups[0];
    return { t, end, committed: done, state: group?.state ?? 'Unknown', members: group?.members.length ?? 0 };
  }
}
