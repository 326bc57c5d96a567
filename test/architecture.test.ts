/**
 * The layout is part of the design (src/README.md): each folder of src/ sits in a layer, imports
 * run only from a higher layer to a lower one (or within a folder), and no file imports itself
 * back through others. These tests read every import of src/ and fail naming the offending edge.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';

/** Lowest first: support below the record's path, the path's stages in order, then the drivers. */
const LAYERS: readonly (readonly string[])[] = [
  ['contract'],
  ['common'],
  ['config', 'pricing'],
  ['connect', 'topics'],
  ['ingest'],
  ['prepare'],
  ['rules'],
  ['validate'],
  ['cache'],
  ['routing'],
  ['providers'],
  ['dispatch'],
  ['emit'],
  ['feedback'],
  ['pipeline'],
  ['runner'],
  ['dev'],
  ['report'],
  ['cli'],
];

const SRC = new URL('../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*'(\.[^']+)'|(?:^|\n)\s*import\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

/** Every src file with the src files it imports (relative specifiers only; packages are not ours). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => normalize(join(dirname(file), (m[1] ?? m[2] ?? m[3])!)));
    graph.set(
      relative(SRC, file),
      targets.filter((t) => t.endsWith('.ts')).map((t) => relative(SRC, t)),
    );
  }
  return graph;
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '(src root)');
const layerOf = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

test('every folder of src/ has a layer', () => {
  const folders = new Set([...importGraph().keys()].map(folderOf));
  const unplaced = [...folders].filter((folder) => layerOf(folder) === -1);
  assert.deepEqual(unplaced, [], 'add new folders to LAYERS here and to the layout in src/README.md');
});

test('imports run from a higher layer to a lower one, never up', () => {
  const upward: string[] = [];
  for (const [file, targets] of importGraph()) {
    for (const target of targets) {
      const [from, to] = [layerOf(folderOf(file)), layerOf(folderOf(target))];
      if (from !== -1 && to !== -1 && to > from) upward.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(upward, []);
});

test('no import cycles between files', () => {
  const graph = importGraph();
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});

/** The packages a module loads when it is imported: its static value imports and theirs, never `import type` or `import()`. */
function packagesLoadedBy(entry: string): Map<string, string> {
  const loaded = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/^import\s+(?!type\b)[^'";]*?\bfrom\s*'([^']+)'|^import\s*'([^']+)'/gm)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) visit(normalize(join(dirname(file), specifier)));
      else if (!specifier.startsWith('node:') && !loaded.has(specifier)) loaded.set(specifier, relative(SRC, file));
    }
  };
  visit(join(SRC, entry));
  return loaded;
}

test('the embedded default loads no Kafka, schema registry or Elasticsearch client (tens of MiB it never uses)', () => {
  const loaded = packagesLoadedBy('cli/commands/extract.ts');
  const servers = ['kafkajs', '@kafkajs/confluent-schema-registry', '@elastic/elasticsearch'];
  assert.deepEqual(
    servers.filter((p) => loaded.has(p)).map((p) => `${p} (imported by ${loaded.get(p)})`),
    [],
  );
  assert.ok(loaded.has('openai') && loaded.has('@anthropic-ai/sdk'), 'the walk sees the packages extract does load');
});
