/**
 * The input stream: messages produced to the narratives topic at a steady rate, so that every
 * fault of the schedule strikes while records flow. The producer is idempotent and its retries
 * outlast a broker restart, so a message is written once; should a send still fail, the suite
 * stops rather than send it again (a second copy would be a new version of the record, counted as
 * a duplicate that the service did not make).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { type Kafka, Partitioners } from 'kafkajs';

export type InputMessage = { key: Buffer | string | null; value: Buffer | null };

export type StreamProgress = { sent: number; total: number; done: Promise<void> };

/** Sends `messages` in order over about `durationMs`, a slice every `tickMs`. */
export function produceSteadily(
  kafka: Kafka,
  options: { topic: string; messages: readonly InputMessage[]; durationMs: number; tickMs?: number },
): StreamProgress {
  const tickMs = options.tickMs ?? 250;
  const ticks = Math.max(1, Math.ceil(options.durationMs / tickMs));
  const perTick = Math.ceil(options.messages.length / ticks);
  const progress: StreamProgress = { sent: 0, total: options.messages.length, done: Promise.resolve() };
  progress.done = (async () => {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      // A broker restart takes 10–30 s here: each send waits it out rather than fail.
      retry: { retries: 40, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    await producer.connect();
    try {
      const started = Date.now();
      for (let tick = 0; progress.sent < progress.total; tick++) {
        const slice = options.messages.slice(progress.sent, progress.sent + perTick);
        await producer.send({ topic: options.topic, acks: -1, messages: slice.map((m) => ({ key: m.key, value: m.value })) });
        progress.sent += slice.length;
        const wait = started + (tick + 1) * tickMs - Date.now();
        if (wait > 0) await sleep(wait);
      }
    } finally {
      await producer.disconnect();
    }
  })();
  return progress;
}
