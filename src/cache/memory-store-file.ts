/**
 * The file of the embedded default's template store: JSON lines, a header first, then one
 * template or record link a line, so that saving and loading hold one line at a time rather than
 * the whole cache as one string. Readable by its owner only: skeletons and slot texts are cut from
 * narratives. A version 1 file (one JSON document) is still read.
 */
import { createReadStream, existsSync } from 'node:fs';
import { ParsimonyError } from '../common/errors.ts';
import { replacePrivateFileLines } from '../common/private-file.ts';
import { streamLines } from '../ingest/read-lines.ts';
import { type MemoryStoreOptions, MemoryTemplateStore } from './memory-store.ts';
import type { Template } from './template.ts';

type Header = { version: 2; embedder: string };
type Line = { template: Template } | { link: [string, string] };
type VersionOne = { version: 1; embedder: string; templates: Template[]; links: [string, string][] };

/** Float32 vectors written with the digits float32 has: a third of the file a double's 17 digits take. */
const VECTOR_DIGITS = 1e7;

export function saveTemplateFile(store: MemoryTemplateStore, path: string, embedder: string): void {
  replacePrivateFileLines(path, linesOf(store, embedder));
}

function* linesOf(store: MemoryTemplateStore, embedder: string): Generator<string> {
  yield `${JSON.stringify({ version: 2, embedder } satisfies Header)}\n`;
  for (const template of store.templates()) {
    const embedding = template.embedding?.map((x) => Math.round(x * VECTOR_DIGITS) / VECTOR_DIGITS) ?? null;
    yield `${JSON.stringify({ template: { ...template, embedding } } satisfies Line)}\n`;
  }
  for (const link of store.links()) yield `${JSON.stringify({ link } satisfies Line)}\n`;
}

/** A store from a file written by `saveTemplateFile`, or an empty one when the file does not exist yet. */
export async function loadTemplateFile(path: string, embedder: string, options: MemoryStoreOptions = {}): Promise<MemoryTemplateStore> {
  const store = new MemoryTemplateStore(options);
  if (!existsSync(path)) return store;
  let sameSpace = false;
  for await (const { lineNumber, bytes } of streamLines(createReadStream(path))) {
    const parsed = parseLine(path, lineNumber, bytes);
    if (lineNumber === 1) {
      if (isVersionOne(parsed)) return loadVersionOne(store, parsed, embedder);
      if ((parsed as Header).version !== 2)
        throw unreadable(path, `has version ${(parsed as Header).version}; this build reads versions 1 and 2`);
      // Vectors of another embedder live in another space: keep the templates for exact matches only.
      sameSpace = (parsed as Header).embedder === embedder;
      continue;
    }
    const line = parsed as Line;
    if ('template' in line) await store.put([sameSpace ? line.template : { ...line.template, embedding: null }]);
    else if ('link' in line) await store.linkRecords([{ recordId: line.link[0], templateId: line.link[1] }]);
  }
  return store;
}

async function loadVersionOne(store: MemoryTemplateStore, data: VersionOne, embedder: string): Promise<MemoryTemplateStore> {
  const sameSpace = data.embedder === embedder;
  await store.put(data.templates.map((t) => (sameSpace ? t : { ...t, embedding: null })));
  await store.linkRecords(data.links.map(([recordId, templateId]) => ({ recordId, templateId })));
  return store;
}

function isVersionOne(parsed: unknown): parsed is VersionOne {
  return (parsed as VersionOne).version === 1 && Array.isArray((parsed as VersionOne).templates);
}

function parseLine(path: string, lineNumber: number, bytes: Buffer): unknown {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) return parsed;
    throw new Error('not an object');
  } catch (error) {
    throw unreadable(path, `line ${lineNumber} is not readable JSON (${(error as Error).message})`);
  }
}

function unreadable(path: string, why: string): ParsimonyError {
  return new ParsimonyError('INPUT_INVALID', `template cache ${path} ${why}; delete it to start cold`);
}
