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

export function writeResumeMarker(path: string, input: string, linesDone: number): void {
  const { size, mtimeMs } = statSync(input);
  const marker: Marker = { input: resolve(input), input_bytes: size, input_modified_ms: mtimeMs, lines_done: linesDone };
  replacePrivateFileLines(path, [`${JSON.stringify(marker)}\n`]);
}

/** The line the interrupted run of this input got to; a clear error when there is nothing to resume or the input changed. */
export function readResumeMarker(path: string, input: string): number {
  if (!existsSync(path)) throw new ParsimonyError('USAGE', `--resume: no ${path}, so no interrupted run of this output to continue`);
  const marker = JSON.parse(readFileSync(path, 'utf8')) as Marker;
  const { size, mtimeMs } = statSync(input);
  if (marker.input !== resolve(input) || marker.input_bytes !== size || marker.input_modified_ms !== mtimeMs)
    throw new ParsimonyError(
      'USAGE',
      `--resume: ${path} is of another input or of ${marker.input} before it changed; run without --resume`,
    );
  return marker.lines_done;
}

export function removeResumeMarker(path: string): void {
  rmSync(path, { force: true });
}
