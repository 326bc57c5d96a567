/**
 * The Sink port: where a window's outputs go — extractions and dead letters — and the point after
 * which a record counts as done. Adapters beside this file: Kafka topics (kafka-sink.ts), in one
 * transaction with the consumed positions where the broker allows, and JSON Lines files
 * (file-sink.ts).
 *
 * Deliberately left out:
 * - Retrying a failed write: a write that fails rejects, and the runner hands the window's records
 *   back to the source, which delivers them again.
 * - Deduplication downstream: outputs are keyed by record_id, so a replay overwrites rather than
 *   adds in a compacted topic or a keyed store.
 * - Encoding choices: the adapter is built with its encoders (Avro through the registry, or JSON).
 */
import type { DeadLetter, Extraction } from '../contract/records.ts';
import type { Intake, Position } from '../ingest/source.ts';

/**
 * What one window produced: every record it took in leaves as one of these — or, set aside for
 * the Batch APIs, as itself on the deferred topic (its extraction comes from the deferred lane).
 */
export type Outputs = { extractions: Extraction[]; deadLetters: DeadLetter[]; deferred?: Intake[] };

export type SinkReceipt = {
  /** The sink committed the positions itself, atomically with the outputs. */
  positionsCommitted: boolean;
};

export type Sink = {
  /**
   * Writes one window's outputs, in order, and resolves once they are durable (acknowledged by
   * every broker replica, or flushed to the file). `through` are the next positions to read per
   * lane once these outputs are out; a transactional sink commits them with the outputs.
   */
  write(outputs: Outputs, through: readonly Position[]): Promise<SinkReceipt>;
  /** Flushes and releases what the sink holds. Idempotent. */
  close(): Promise<void>;
};
