/**
 * Where an interrupted `extract` stopped: a small file beside its output, rewritten after every
 * window written, naming the input (path, size, modification time) and the last line done. It is
 * removed when the run reads its file to the end; `--resume` continues after that line, appending
 * to the outputs. Written after the outputs, it can only lag them: a run killed between the two
 * answers the lines of that one window again (the same record_ids, which readers upsert).
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ParsimonyError } from '../common/errors.ts';
import { replacePrivateFileLines } from '../common/private-file.ts';

type Marker = { input: string; input_bytes: number; input_modified_ms: number; lines_done: number };

export function resumeMarkerPath(output: string): string {
  return `${output}.resume.json`;
}

/**
 * The input as the run found it at start, for every marker it writes: were the file to change
 * during the run, the marker would still name the version the lines done were read from.
 */
export function inputFingerprint(input: string): Omit<Marker, 'lines_done'> {
  const { size, mtimeMs } = statSync(input);
  return { input: resolve(input), input_bytes: size, input_modified_ms: mtimeMs };
}

export function writeResumeMarker(path: string, input: Omit<Marker, 'lines_done'>, linesDone: number): void {
  replacePrivateFileLines(path, [`${JSON.stringify({ ...input, lines_done: linesDone } satisfies Marker)}\n`]);
}

/** The line the interrupted run of this input got to; a clear error when there is nothing to resume or the input changed. */
export function readResumeMarker(path: string, input: Omit<Marker, 'lines_done'>): number {
  if (!existsSync(path)) throw new ParsimonyError('USAGE', `--resume: no ${path}, so no interrupted run of this output to continue`);
  const marker = JSON.parse(readFileSync(path, 'utf8')) as Marker;
  if (marker.input !== input.input || marker.input_bytes !== input.input_bytes || marker.input_modified_ms !== input.input_modified_ms)
    throw new ParsimonyError(
      'USAGE',
      `--resume: ${path} is of another input or of ${marker.input} before it changed; run without --resume`,
    );
  return marker.lines_done;
}

export function removeResumeMarker(path: string): void {
  rmSync(path, { force: true });
}
