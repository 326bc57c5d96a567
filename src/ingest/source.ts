/**
 * The Source port: where narratives come from. A source delivers batches of intakes — each
 * record's bytes, where it was read (its position) and how it decoded — and learns from the
 * runner which records are done (commit) and which must come again (hand back). Adapters beside
 * this file: a Kafka consumer group (kafka-source.ts) and a JSON Lines file (file-source.ts).
 *
 * Deliberately left out:
 * - Windows, bounds and ordering of outputs: the runner (runner/window-runner.ts) decides them;
 *   a source only promises that a lane's records arrive in position order.
 * - What an extraction is: a source hands over decoded records or the reason they could not be
 *   decoded (never throws for bad input); the pipeline answers or dead-letters them.
 * - Persisting positions across processes for a file: the file source keeps none, so a rerun
 *   reads the whole file again (outputs are keyed by record_id, so that is safe).
 */
import type { Decoded } from './decode-json.ts';

/** Where a record was read: a topic partition and offset, or a file (partition 0) and line. */
export type Position = { topic: string; partition: number; offset: number };

/** One record as a source took it in. */
export type Intake = {
  position: Position;
  key: Buffer | null;
  value: Buffer | null;
  /** When the source read it (epoch ms); a record's latency runs from here. */
  intakeAt: number;
  decoded: Decoded;
};

/** Records of one lane (a partition, a file), in position order. */
export type SourceBatch = { lane: string; intakes: Intake[] };

export type Source = {
  /**
   * Batches as they arrive. Ends when the input ends (a file) or the source is closed (a topic);
   * throws when the source cannot go on (a file whose records were handed back).
   */
  batches(): AsyncIterable<SourceBatch>;
  /**
   * Every record of each lane before these positions (the next offset to read) is done. With
   * `bySink`, the sink already committed them atomically with the outputs (a Kafka transaction),
   * so the source only marks them done.
   */
  commit(next: readonly Position[], options: { bySink: boolean }): Promise<void>;
  /**
   * These records were not done: the window holding them failed. They are delivered again, from
   * the earliest of them per lane, once every record of that lane delivered so far has been
   * committed or handed back — or, for a source that cannot deliver again, `batches()` throws.
   */
  handBack(positions: readonly Position[], reason: Error): void;
  /**
   * Whether this consumer still holds the lanes of these positions, asked just before their
   * outputs are written: a member the group dropped (its session lapsed) must not commit records
   * another member now reads. Absent: the source's lanes cannot move (a file).
   */
  stillHolds?(positions: readonly Position[]): Promise<boolean>;
  /** Stop reading ahead while the runner is full; `resume` undoes it. */
  pause(): void;
  resume(): void;
  /**
   * Stops delivering: `batches()` ends. Records delivered and not committed are simply left
   * uncommitted (the next consumer of the lane gets them). Idempotent.
   */
  close(): Promise<void>;
};

/** The lane of a position: records of one lane are delivered, committed and handed back in order. */
export const laneOf = (position: Position): string => `${position.topic}:${position.partition}`;

/** The next position to read per lane: one past the highest offset among the intakes. */
export function nextPositions(intakes: readonly Intake[]): Position[] {
  const highest = new Map<string, Position>();
  for (const { position } of intakes) {
    const lane = laneOf(position);
    const seen = highest.get(lane);
    if (!seen || position.offset >= seen.offset) highest.set(lane, { ...position, offset: position.offset + 1 });
  }
  return [...highest.values()];
}
