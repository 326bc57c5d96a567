/**
 * The range a replay re-processes: its bounds as given (`--from`, `--to`: a time or an offset),
 * resolved to offsets per partition on the broker, and the consumer group that owns its progress.
 * The group's name is derived from the range, so running the same replay again finds the offsets
 * it committed and resumes where it stopped; a range nothing has committed for starts at `--from`.
 */
import { createHash } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { ParsimonyError } from '../common/errors.ts';

/** A bound as given: an ISO time (or epoch milliseconds with `ms`), or an offset applied to every partition. */
export type ReplayBound = { kind: 'time'; at: number } | { kind: 'offset'; offset: number };

/** Per partition: where the replay reads from (inclusive) and where it stops (exclusive). */
export type PartitionRange = { partition: number; start: number; end: number };

export function parseBound(text: string, flag: string): ReplayBound {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { kind: 'offset', offset: Number(trimmed) };
  if (/^\d+ms$/.test(trimmed)) return { kind: 'time', at: Number(trimmed.slice(0, -2)) };
  // A time needs a date and an hour at least; a bare date is midnight UTC.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const at = Date.parse(/[T ]/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? `${trimmed}Z` : trimmed);
    if (Number.isFinite(at)) return { kind: 'time', at };
  }
  throw new ParsimonyError(
    'USAGE',
    `${flag} ${JSON.stringify(text)} is neither an offset (a whole number, for every partition) nor a time (ISO 8601 such as ` +
      '2026-11-30T00:00Z, UTC unless it says otherwise, or epoch milliseconds such as 1764460800000ms)',
  );
}

export function describeBound(bound: ReplayBound | undefined): string {
  if (!bound) return 'the end of the topic';
  return bound.kind === 'offset' ? `offset ${bound.offset}` : new Date(bound.at).toISOString();
}

/** The group a replay of this range commits under: the same range gives the same group, hence resumes. */
export function replayGroupId(base: string, topic: string, from: ReplayBound, to: ReplayBound | undefined): string {
  const spec = JSON.stringify({ topic, from, to: to ?? null });
  return `${base}-replay-${createHash('sha256').update(spec).digest('hex').slice(0, 12)}`;
}

/** Offsets per partition for the range on the broker now. Without `to`, the range ends at each partition's end. */
export async function resolveRange(admin: Admin, topic: string, from: ReplayBound, to: ReplayBound | undefined): Promise<PartitionRange[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const at = async (bound: ReplayBound | undefined, fallback: 'low' | 'high') => {
    const byPartition = new Map<number, number>();
    if (bound?.kind === 'time') {
      for (const p of await admin.fetchTopicOffsetsByTimestamp(topic, bound.at)) byPartition.set(p.partition, Number(p.offset));
    }
    return (partition: number, low: number, high: number) => {
      if (!bound) return fallback === 'low' ? low : high;
      // A time past every record gives -1 or the end on some brokers: both mean "the end".
      const offset = bound.kind === 'offset' ? bound.offset : (byPartition.get(partition) ?? high);
      return Math.min(Math.max(offset < 0 ? high : offset, low), high);
    };
  };
  const startOf = await at(from, 'low');
  const endOf = await at(to, 'high');
  return offsets
    .map((p) => {
      const low = Number(p.low);
      const high = Number(p.high);
      return { partition: p.partition, start: startOf(p.partition, low, high), end: endOf(p.partition, low, high) };
    })
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Where the group resumes each partition: its committed offset when it has one inside the range,
 * else the range's start. `resumed`: the group committed something before.
 */
export async function committedPositions(
  admin: Admin,
  groupId: string,
  topic: string,
  range: readonly PartitionRange[],
): Promise<{ resumed: boolean; positions: PartitionRange[] }> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  const positions = range.map((r) => {
    const at = byPartition.get(r.partition) ?? -1;
    return { ...r, start: at >= 0 ? Math.min(Math.max(at, r.start), r.end) : r.start };
  });
  return { resumed: [...byPartition.values()].some((offset) => offset >= 0), positions };
}

/**
 * As committedPositions; a group that committed nothing yet gets its offsets set to the range's
 * starts before it joins (it must have no live member then).
 */
export async function prepareGroup(
  admin: Admin,
  groupId: string,
  topic: string,
  range: readonly PartitionRange[],
): Promise<{ resumed: boolean; positions: PartitionRange[] }> {
  const found = await committedPositions(admin, groupId, topic, range);
  if (!found.resumed) {
    await admin.setOffsets({ groupId, topic, partitions: range.map((r) => ({ partition: r.partition, offset: String(r.start) })) });
  }
  return found;
}

/** The partitions with something left to read, and the offset each stops before. */
export function untilOf(positions: readonly PartitionRange[]): Map<number, number> {
  return new Map(positions.filter((p) => p.start < p.end).map((p) => [p.partition, p.end]));
}

export const recordsIn = (positions: readonly PartitionRange[]) => positions.reduce((sum, p) => sum + Math.max(0, p.end - p.start), 0);

/**
 * Reads up to `limit` records of the ranges, spread over the partitions in proportion to what each
 * holds, from each one's start: a sample for an estimate. Commits nothing (a throwaway group).
 */
export async function readSample(
  kafka: Kafka,
  topic: string,
  ranges: readonly PartitionRange[],
  limit: number,
  options: { groupId: string; timeoutMs: number },
): Promise<{ partition: number; message: KafkaMessage; progress: number }[]> {
  const total = recordsIn(ranges);
  // Each partition's share of the sample, at least one record and at most what it holds.
  const wanted = new Map(
    ranges
      .filter((r) => r.end > r.start)
      .map((r) => [r.partition, Math.min(r.end - r.start, Math.max(1, Math.round((limit * (r.end - r.start)) / Math.max(1, total))))]),
  );
  const read: { partition: number; message: KafkaMessage; progress: number }[] = [];
  const taken = new Map<number, number>();
  if (wanted.size === 0) return read;
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 200, readUncommitted: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, options.timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      const full = () => [...wanted].every(([partition, n]) => (taken.get(partition) ?? 0) >= n);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const range = rangeOf(ranges, batch.partition);
            for (const message of batch.messages) {
              const offset = Number(message.offset);
              const n = taken.get(batch.partition) ?? 0;
              if (offset < range.start || offset >= range.end || n >= (wanted.get(batch.partition) ?? 0)) continue;
              taken.set(batch.partition, n + 1);
              read.push({ partition: batch.partition, message, progress: (offset - range.start) / Math.max(1, range.end - range.start) });
            }
            if (full()) finish();
            else if (Number(batch.messages.at(-1)?.offset ?? -1) + 1 >= range.end)
              consumer.pause([{ topic, partitions: [batch.partition] }]);
          },
        })
        .then(() => {
          for (const r of ranges) if (wanted.has(r.partition)) consumer.seek({ topic, partition: r.partition, offset: String(r.start) });
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return read;
}

function rangeOf(ranges: readonly PartitionRange[], partition: number): PartitionRange {
  return ranges.find((r) => r.partition === partition) ?? { partition, start: 0, end: 0 };
}
