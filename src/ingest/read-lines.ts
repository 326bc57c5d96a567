/**
 * Splits a file's bytes into lines without decoding them, so that one line of invalid UTF-8 is
 * that line's problem and not the file's. Line numbers start at 1; blank lines are skipped.
 */
import type { Readable } from 'node:stream';

export type RawLine = { lineNumber: number; bytes: Buffer };

export function* splitLines(data: Buffer): Generator<RawLine> {
  let start = 0;
  let lineNumber = 0;
  while (start <= data.length) {
    let end = data.indexOf(0x0a, start);
    if (end === -1) end = data.length;
    lineNumber += 1;
    const line = lineOf(data.subarray(start, end));
    if (line) yield { lineNumber, bytes: line };
    start = end + 1;
  }
}

/**
 * The same lines read from a stream, chunk by chunk: a file of any size is held one chunk and one
 * line at a time.
 */
export async function* streamLines(stream: Readable): AsyncGenerator<RawLine> {
  let pending: Buffer = Buffer.alloc(0);
  let lineNumber = 0;
  for await (const chunk of stream) {
    const data = pending.length > 0 ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let end = data.indexOf(0x0a, start); end !== -1; end = data.indexOf(0x0a, start)) {
      lineNumber += 1;
      const line = lineOf(data.subarray(start, end));
      // A copy: the line outlives the chunk it was cut from only as long as it is needed.
      if (line) yield { lineNumber, bytes: Buffer.from(line) };
      start = end + 1;
    }
    pending = Buffer.from(data.subarray(start));
  }
  lineNumber += 1;
  const last = lineOf(pending);
  if (last) yield { lineNumber, bytes: last };
}

/** The lines `streamLines` would give past line `after`: what a progress report counts down from. */
export async function countLines(stream: Readable, after = 0): Promise<number> {
  let count = 0;
  for await (const line of streamLines(stream)) if (line.lineNumber > after) count += 1;
  return count;
}

/** A line without its carriage return; undefined when blank. */
function lineOf(bytes: Buffer): Buffer | undefined {
  const line = bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes;
  return line.some((byte) => byte !== 0x20 && byte !== 0x09) ? line : undefined;
}
