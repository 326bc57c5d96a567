// Replaces files of installed dependencies with the project's versions (ops/patches/), or edits
// a line of one in place, run by `npm install` / `npm ci` (postinstall) and before the tests and
// benches (ops/node-env.sh).
// A file is replaced only when the installed package is the version the patch was written for and
// the file is still the published one (checked by its SHA-256): after an upgrade the patch is
// left out, with a warning, until someone checks whether it is still needed and writes it again.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const PATCHES = [
  {
    name: 'kafkajs',
    version: '2.2.4',
    file: 'src/producer/groupMessagesPerPartition.js',
    publishedSha256: 'ea72357721fbf67770b5e06b9bf4260faa1e60f3affb556bff2cc7892c1881fb',
    replacement: 'ops/patches/kafkajs/groupMessagesPerPartition.js',
  },
  {
    name: 'kafkajs',
    version: '2.2.4',
    file: 'src/protocol/recordBatch/record/v0/index.js',
    publishedSha256: 'ffbc628c1f35f5de8ba798165616b1009d9af1c27ca959999a10e6e3c18f8215',
    replacement: 'ops/patches/kafkajs/record-v0.js',
  },
  {
    name: 'kafkajs',
    version: '2.2.4',
    file: 'src/protocol/recordBatch/crc32C/crc32C.js',
    publishedSha256: '1c09c7a44e7a207f2dabb920e6bf9f6b1b3fd9cc023e959a9e91ba83e5b6f61a',
    replacement: 'ops/patches/kafkajs/crc32C.js',
  },
  {
    name: 'kafkajs',
    version: '2.2.4',
    file: 'src/network/requestQueue/index.js',
    publishedSha256: 'b55986089c14f8f7bfc377922e2e65b3e4c1e7c7af2752d3b10a75dfe9e9260c',
    // After every response the queue checked its pending requests and, with none pending, set a
    // timer of -1 - Date.now() ms to check again: Node runs it after 1 ms (warning once a
    // process, TimeoutNegativeWarning), and it set the next — every connection, idle or not, woke
    // ~900 times a second (2 s idle: 1,742 checks, ~50 ms of CPU a second). A request enqueued
    // later schedules its own check (push does), so with none pending there is nothing to wait for.
    edits: [
      {
        find: 'let scheduleAt = this.throttledUntil - Date.now()',
        replace: 'if (this.pending.length === 0) return\n    let scheduleAt = this.throttledUntil - Date.now()',
      },
    ],
  },
];

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Applies each patch under `root`; returns what became of each, one line apiece. */
export function applyPatches(root, patches = PATCHES) {
  return patches.map((patch) => {
    const label = `${patch.name}/${patch.file}`;
    const packageJson = join(root, 'node_modules', patch.name, 'package.json');
    if (!existsSync(packageJson)) return `${label}: ${patch.name} is not installed; nothing to patch`;
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
    if (version !== patch.version)
      return `warning: ${label}: installed ${patch.name} is ${version}, the patch was written for ${patch.version}; left as published`;
    const target = join(root, 'node_modules', patch.name, patch.file);
    const installed = readFileSync(target, 'utf8');
    if (sha256(installed) === patch.publishedSha256) {
      writeFileSync(target, patched(root, patch, installed));
      return `${label}: patched now`;
    }
    if (isPatched(root, patch, installed)) return `${label}: patched`;
    return `warning: ${label}: not the published file of ${patch.name} ${version}; left as it is`;
  });
}

/** Whether the installed file is already as the patch makes it. */
function isPatched(root, patch, installed) {
  if (patch.replacement) return installed === readFileSync(join(root, patch.replacement), 'utf8');
  return patch.edits.every(({ replace }) => installed.includes(replace));
}

/** The file as the patch makes it: the project's replacement, or the published text with each edit made once. */
function patched(root, patch, published) {
  if (patch.replacement) return readFileSync(join(root, patch.replacement), 'utf8');
  return patch.edits.reduce((text, { find, replace }) => {
    if (text.split(find).length !== 2) throw new Error(`${patch.name}/${patch.file}: "${find}" is not in it exactly once`);
    return text.replace(find, () => replace);
  }, published);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of applyPatches(ROOT)) if (line.startsWith('warning') || line.endsWith('now')) console.error(`[patch-dependencies] ${line}`);
}
