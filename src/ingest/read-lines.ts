/**
 * Splits a file's bytes into lines without decoding them, so that one line of invalid UTF-8 is
 * that line's problem and not the file's. Line numbers start at 1; blank lines are skipped.
 */
export type RawLine = { lineNumber: number; bytes: Buffer };

export function* splitLines(data: Buffer): Generator<RawLine> {
  let start = 0;
  let lineNumber = 0;
  while (start <= data.length) {
    let end = data.indexOf(0x0a, start);
    if (end === -1) end = data.length;
    lineNumber += 1;
    let line = data.subarray(start, end);
    if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
    if (line.some((byte) => byte !== 0x20 && byte !== 0x09)) yield { lineNumber, bytes: line };
    start = end + 1;
  }
}
