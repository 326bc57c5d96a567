/**
 * The file sink of the embedded default: extractions to one JSON Lines file, dead letters to
 * another, appended window by window in order. A window counts as written once its lines are
 * handed to the operating system; both files are created (empty) when the sink opens, so a run
 * always leaves both behind. Both hold what narratives say, so only their owner may read them.
 */
import { closeSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import { openPrivateFile, writeLines } from '../common/private-file.ts';
import { deadLetterToJson } from './dead-letter-json.ts';
import type { Outputs, Sink, SinkReceipt } from './sink.ts';

export type FileSinkPaths = { extractions: string; deadLetters: string };

export class FileSink implements Sink {
  readonly paths: FileSinkPaths;
  readonly #files: { extractions: number; deadLetters: number };
  #closed = false;

  /** `append`: a resumed run adds to what the interrupted one wrote. */
  constructor(paths: FileSinkPaths, options: { append?: boolean } = {}) {
    this.paths = paths;
    const open = (path: string) => {
      try {
        return openPrivateFile(path, options.append ? 'a' : 'w');
      } catch (error) {
        throw new ParsimonyError('OUTPUT_UNWRITABLE', `cannot write ${path}: ${(error as Error).message}`, { cause: error });
      }
    };
    this.#files = { extractions: open(paths.extractions), deadLetters: open(paths.deadLetters) };
  }

  async write(outputs: Outputs): Promise<SinkReceipt> {
    if (this.#closed) throw new Error(`the file sink for ${this.paths.extractions} is closed`);
    // A file is answered whole in one run (through batches with extract --batch-api): nothing is set aside.
    if ((outputs.deferred?.length ?? 0) > 0) throw new ParsimonyError('CONFIG_INVALID', 'a file run sets no record aside for later');
    writeLines(
      this.#files.extractions,
      outputs.extractions.map((e) => `${JSON.stringify(e)}\n`),
    );
    writeLines(
      this.#files.deadLetters,
      outputs.deadLetters.map((d) => `${JSON.stringify(deadLetterToJson(d))}\n`),
    );
    return { positionsCommitted: false };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#files.extractions);
    closeSync(this.#files.deadLetters);
  }
}
