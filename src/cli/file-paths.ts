/**
 * A file run's paths, checked before anything is read or paid for: a run that would fail to
 * write its outputs, or write them over its input, stops at start and says why.
 */
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ParsimonyError } from '../common/errors.ts';

export type FileRunPaths = {
  input: string;
  /** Written by the run, by flag name; `undefined` ones are not written. */
  outputs: Record<string, string | undefined>;
  /** Written where its folders are made first (the template cache's file). */
  created?: Record<string, string | undefined>;
};

export function checkFileRunPaths(paths: FileRunPaths): void {
  if (!existsSync(paths.input)) throw new ParsimonyError('USAGE', `--input ${paths.input}: no such file`);
  const input = canonical(paths.input);
  const written = [
    ...Object.entries(paths.outputs).map(([flag, path]) => ({ flag, path, madeFolders: false })),
    ...Object.entries(paths.created ?? {}).map(([flag, path]) => ({ flag, path, madeFolders: true })),
  ].filter((w): w is { flag: string; path: string; madeFolders: boolean } => w.path !== undefined);
  const seen = new Map<string, string>();
  for (const { flag, path, madeFolders } of written) {
    const where = canonical(path);
    if (where === input) throw new ParsimonyError('USAGE', `${flag} ${path} is the input: the run would overwrite what it reads`);
    const other = seen.get(where);
    if (other) throw new ParsimonyError('USAGE', `${flag} and ${other} are the same file (${path})`);
    seen.set(where, flag);
    const problem = unwritable(where, madeFolders);
    if (problem) throw new ParsimonyError('OUTPUT_UNWRITABLE', `${flag} ${path}: ${problem}`);
  }
}

/** The same file under every spelling of its path: symbolic links followed as far as they exist. */
function canonical(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const folder = dirname(absolute);
  return folder === absolute ? absolute : resolve(canonical(folder), absolute.slice(folder.length + 1));
}

function unwritable(path: string, madeFolders: boolean): string | undefined {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) return 'is a directory';
    return writable(path) ? undefined : 'not writable';
  }
  let folder = dirname(path);
  if (!existsSync(folder)) {
    if (!madeFolders) return `its folder ${folder} does not exist`;
    while (!existsSync(folder)) folder = dirname(folder);
  }
  if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
  return writable(folder) ? undefined : `its folder ${folder} is not writable`;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
