/**
 * Files the service writes that may hold narratives or what was read from them (extractions, dead
 * letters, the template cache, validated records) are readable by their owner only.
 */
import { closeSync, fchmodSync, fstatSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';

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
 * Replaces `path` with `lines` (each ending in a newline), mode 0600, atomically: a crash
 * mid-write leaves the previous file.
 */
export function replacePrivateFileLines(path: string, lines: Iterable<string>): void {
  const partial = `${path}.tmp`;
  const fd = openPrivateFile(partial);
  try {
    writeLines(fd, lines);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

/**
 * Writes `lines` to `fd` encoded into one reused megabyte buffer, never as one string: V8 keeps a
 * string over 128 KiB outside its young generation until the next full collection, and writing a
 * window's extractions or a saved cache as such strings raised a long run's peak by ~50 MiB.
 */
export function writeLines(fd: number, lines: Iterable<string>): void {
  let used = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line);
    if (used + bytes > writeBuffer.length) {
      writeAll(fd, writeBuffer.subarray(0, used));
      used = 0;
    }
    if (bytes > writeBuffer.length) writeAll(fd, Buffer.from(line));
    else used += writeBuffer.write(line, used);
  }
  writeAll(fd, writeBuffer.subarray(0, used));
}

/** Shared by every write: they are synchronous, so none interleaves with another. */
const writeBuffer = Buffer.allocUnsafe(1 << 20);

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}
