/**
 * Files the service writes that may hold narratives or what was read from them (extractions, dead
 * letters, the template cache, validated records) are readable by their owner only.
 */
import { closeSync, fchmodSync, fstatSync, openSync, renameSync, writeFileSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;

/**
 * Opens `path` for writing with mode 0600. The mode given to open applies only to a file it
 * creates, so a file that already existed is narrowed too — when it is a regular file (not
 * /dev/stdout or a pipe) and ours to change.
 */
export function openPrivateFile(path: string, flags: 'w' | 'a' = 'w'): number {
  const fd = openSync(path, flags, PRIVATE_FILE_MODE);
  try {
    if (fstatSync(fd).isFile()) fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
      closeSync(fd);
      throw error;
    }
  }
  return fd;
}

/** Writes `data` to `path` (replacing it) with mode 0600. */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  const fd = openPrivateFile(path);
  try {
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `lines` (each ending in a newline), mode 0600, written a megabyte at a time
 * so that a large file is never one string in memory, and atomically: a crash mid-write leaves the
 * previous file.
 */
export function replacePrivateFileLines(path: string, lines: Iterable<string>): void {
  const partial = `${path}.tmp`;
  const fd = openPrivateFile(partial);
  try {
    let chunk: string[] = [];
    let length = 0;
    for (const line of lines) {
      chunk.push(line);
      length += line.length;
      if (length >= WRITE_CHUNK_CHARS) {
        writeFileSync(fd, chunk.join(''));
        chunk = [];
        length = 0;
      }
    }
    if (chunk.length > 0) writeFileSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

const WRITE_CHUNK_CHARS = 1 << 20;
