/**
 * The file source of the embedded default: a JSON Lines file of narratives, delivered in batches
 * of lines. A line's position is its line number, so a dead letter points at the line to fix.
 * A file cannot be fetched again, so records handed back are not delivered again: the runner
 * fails the run naming them once the file is read.
 */
import { closeSync, createReadStream, openSync, statSync } from 'node:fs';
import type { Clock } from '../common/clock.ts';
import { ParsimonyError } from '../common/errors.ts';
import { decodeJsonNarrative } from './decode-json.ts';
import { streamLines } from './read-lines.ts';
import { type Intake, laneOf, type Position, type Source, type SourceBatch } from './source.ts';

export type FileSourceOptions = {
  path: string;
  clock: Clock;
  /** Lines per delivered batch. */
  batchLines?: number;
  /** Lines up to this number were done by an earlier run: they are not delivered (a resumed run). */
  after?: number;
  /** Told the last line number committed, in order, after every commit: where a resumed run starts. */
  onCommitted?: (line: number) => void;
};

/** Bytes read from the file at a time. */
const READ_CHUNK_BYTES = 1024 * 1024;

export class FileSource implements Source {
  readonly #o: FileSourceOptions & { batchLines: number; after: number };
  #closed = false;

  /**
   * Checks the file can be read now, so a missing or unreadable one fails before any work starts;
   * its lines are read as they are taken, each call of `batches()` from the start.
   */
  constructor(options: FileSourceOptions) {
    this.#o = { batchLines: 1_000, after: 0, ...options };
    try {
      closeSync(openSync(options.path, 'r'));
      if (statSync(options.path).isDirectory()) throw new Error('it is a directory');
    } catch (error) {
      throw new ParsimonyError('INPUT_INVALID', `cannot read ${options.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  async *batches(): AsyncIterable<SourceBatch> {
    let intakes: Intake[] = [];
    const stream = createReadStream(this.#o.path, { highWaterMark: READ_CHUNK_BYTES });
    for await (const line of streamLines(stream)) {
      if (this.#closed) return;
      if (line.lineNumber <= this.#o.after) continue;
      const intakeAt = this.#o.clock.now();
      intakes.push({
        position: { topic: this.#o.path, partition: 0, offset: line.lineNumber },
        key: null,
        value: Buffer.from(line.bytes),
        intakeAt,
        decoded: decodeJsonNarrative(line.bytes, { receivedAt: intakeAt }),
      });
      if (intakes.length >= this.#o.batchLines) {
        yield { lane: laneOf(intakes[0]!.position), intakes };
        intakes = [];
      }
    }
    if (intakes.length > 0 && !this.#closed) yield { lane: laneOf(intakes[0]!.position), intakes };
    stream.destroy();
  }

  /** `next` is the line after the last one written (the runner commits in order). */
  async commit(next: readonly Position[]): Promise<void> {
    const line = next.at(-1)?.offset;
    if (line !== undefined) this.#o.onCommitted?.(line - 1);
  }

  /** Nothing to do: a file is not delivered again (see the module comment). */
  handBack(): void {}

  pause(): void {}

  resume(): void {}

  async close(): Promise<void> {
    this.#closed = true;
  }
}

/** Every line of a file as an intake, for commands that look at a whole file at once. */
export function readFileIntakes(path: string, clock: Clock): Promise<Intake[]> {
  return allIntakes(new FileSource({ path, clock }));
}

/** Every intake a file source holds, read from the bytes it already has. */
export async function allIntakes(source: FileSource): Promise<Intake[]> {
  const intakes: Intake[] = [];
  for await (const batch of source.batches()) intakes.push(...batch.intakes);
  return intakes;
}
