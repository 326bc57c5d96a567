import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Random } from '#src/dev/generator/random.ts';

type Patch = { name: string; version: string; file: string; publishedSha256: string } & (
  | { replacement: string }
  | { edits: { find: string; replace: string }[] }
);
// A plain .mjs (npm runs it at install, before anything is compiled), imported by path: no types of its own.
const script = join(import.meta.dirname, '../../ops/patch-dependencies.mjs');
const { applyPatches, PATCHES } = (await import(script)) as {
  applyPatches(root: string, patches?: Patch[]): string[];
  PATCHES: Patch[];
};

const require = createRequire(import.meta.url);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A root with one installed package `dep` at `version` whose lib/f.js reads `content`, and the replacement beside it. */
function root(version: string, content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'patch-'));
  mkdirSync(join(dir, 'node_modules/dep/lib'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/dep/package.json'), JSON.stringify({ name: 'dep', version }));
  writeFileSync(join(dir, 'node_modules/dep/lib/f.js'), content);
  writeFileSync(join(dir, 'replacement.js'), 'patched();\n');
  return dir;
}
const patch = { name: 'dep', version: '1.0.0', file: 'lib/f.js', publishedSha256: sha256('published();\n'), replacement: 'replacement.js' };
const installed = (dir: string) => readFileSync(join(dir, 'node_modules/dep/lib/f.js'), 'utf8');

test('a published file of the version a patch was written for is replaced once; an upgrade or a changed file is left with a warning', () => {
  const fresh = root('1.0.0', 'published();\n');
  assert.deepEqual(applyPatches(fresh, [patch]), ['dep/lib/f.js: patched now']);
  assert.equal(installed(fresh), 'patched();\n');
  assert.deepEqual(applyPatches(fresh, [patch]), ['dep/lib/f.js: patched']);

  const upgraded = root('1.1.0', 'published();\n');
  assert.match(applyPatches(upgraded, [patch])[0]!, /^warning: .*installed dep is 1\.1\.0, the patch was written for 1\.0\.0/);
  assert.equal(installed(upgraded), 'published();\n');

  const edited = root('1.0.0', 'someone else’s();\n');
  assert.match(applyPatches(edited, [patch])[0]!, /^warning: .*not the published file/);
  assert.equal(installed(edited), 'someone else’s();\n');

  assert.match(applyPatches(mkdtempSync(join(tmpdir(), 'patch-')), [patch])[0]!, /not installed/);
});

test('an edit changes its line of the published file once and leaves the rest; a file where its line is not once is refused', () => {
  const published = 'a();\nlet x = f()\nb();\n';
  const edit = {
    ...patch,
    publishedSha256: sha256(published),
    replacement: undefined,
    edits: [{ find: 'let x = f()', replace: 'let x = g(f())' }],
  };
  const fresh = root('1.0.0', published);
  assert.deepEqual(applyPatches(fresh, [edit]), ['dep/lib/f.js: patched now']);
  assert.equal(installed(fresh), 'a();\nlet x = g(f())\nb();\n');
  assert.deepEqual(applyPatches(fresh, [edit]), ['dep/lib/f.js: patched']);
  assert.match(applyPatches(root('1.0.0', 'let x = f()\n'), [edit])[0]!, /^warning: .*not the published file/);
  const twice = 'let x = f()\nlet x = f()\n';
  assert.throws(() => applyPatches(root('1.0.0', twice), [{ ...edit, publishedSha256: sha256(twice) }]), /not in it exactly once/);
});

test('the install patched kafkajs: a send’s messages grouped by partition in their order, in one pass', () => {
  assert.deepEqual(
    applyPatches(join(import.meta.dirname, '../..')).filter((line) => !line.endsWith(': patched')),
    [],
    'run `node ops/patch-dependencies.mjs`',
  );
  const group = require('kafkajs/src/producer/groupMessagesPerPartition.js');
  const partitionMetadata = Array.from({ length: 4 }, (_, i) => ({ partitionId: i, leader: 0 }));
  const messages = Array.from({ length: 50 }, (_, i) => ({ key: String(i), value: null, to: (i * 7) % 4 }));
  const partitioner = ({ message }: { message: { to: number } }) => message.to;
  const grouped = group({ topic: 't', partitionMetadata, messages, partitioner });
  assert.deepEqual(Object.keys(grouped).sort(), ['0', '1', '2', '3']);
  for (const [partition, list] of Object.entries(grouped))
    assert.deepEqual(
      list,
      messages.filter((m) => m.to === Number(partition)),
    );
  assert.deepEqual(group({ topic: 't', partitionMetadata: [], messages, partitioner }), {});
  assert.equal(PATCHES.length, 4);
});

type RecordFields = {
  offsetDelta: number;
  timestampDelta: number;
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  headers?: Record<string, string | Buffer | (string | Buffer)[]>;
};

/** The record as the protocol lays it out (Kafka's record v0), written with kafkajs' own Encoder primitives. */
function referenceRecord(r: RecordFields): Buffer {
  const Encoder = require('kafkajs/src/protocol/encoder.js');
  const headers = Object.entries(r.headers ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((value) => [k, value] as const));
  const body = new Encoder()
    .writeInt8(0)
    .writeVarLong(r.timestampDelta)
    .writeVarInt(r.offsetDelta)
    .writeVarIntBytes(r.key)
    .writeVarIntBytes(r.value);
  body.writeVarInt(headers.length);
  for (const [k, v] of headers) body.writeVarIntString(k).writeVarIntBytes(v);
  return new Encoder().writeVarInt(body.buffer.length).writeBuffer(body.buffer).buffer;
}

test('the install patched kafkajs: a record is encoded byte for byte as the protocol lays it out, and kafkajs decodes it back', () => {
  const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');
  const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js');
  const Decoder = require('kafkajs/src/protocol/decoder.js');
  const random = new Random(5);
  const bytes = (): Buffer | string | null | undefined => {
    const kind = random.int(0, 4);
    if (kind === 0) return null;
    if (kind === 1) return undefined;
    if (kind === 2) return `clé-${'x'.repeat(random.int(0, 200))}-😀`;
    return Buffer.from(Array.from({ length: random.int(0, kind === 3 ? 300 : 20_000) }, () => random.int(0, 255)));
  };
  for (let i = 0; i < 3_000; i += 1) {
    const headers: Record<string, string | Buffer | (string | Buffer)[]> = {};
    for (let h = random.int(0, 3); h > 0; h -= 1)
      headers[`h${random.int(0, 4)}é`] = random.chance(0.5) ? `v${random.int(0, 1e6)}` : [Buffer.from([1, 2, 3]), 'w'];
    const record: RecordFields = {
      offsetDelta: random.chance(0.7) ? random.int(0, 2_000) : random.int(0, 2 ** 31 - 1),
      timestampDelta: random.chance(0.7) ? random.int(-2_500, 2_500) : random.int(-(2 ** 40), 2 ** 40),
      key: bytes(),
      value: bytes(),
      ...(random.chance(0.5) ? { headers } : {}),
    };
    const encoded: Buffer = encodeRecord(record).buffer;
    assert.ok(encoded.equals(referenceRecord(record)), JSON.stringify(record).slice(0, 200));
    const decoder = new Decoder(encoded);
    const length = decoder.readVarInt();
    assert.equal(length, encoded.length - decoder.offset);
    const decoded = decodeRecord(decoder, { firstOffset: '0', firstTimestamp: '0' });
    assert.equal(decoded.offset, String(record.offsetDelta));
    assert.equal(decoded.timestamp, String(record.timestampDelta));
    const asBuffer = (b: Buffer | string | null | undefined) => (b == null ? null : Buffer.from(b));
    assert.deepEqual(decoded.key, asBuffer(record.key));
    assert.deepEqual(decoded.value, asBuffer(record.value));
  }
  assert.throws(() => encodeRecord({ offsetDelta: 0, timestampDelta: 1.5, key: null, value: null }), /timestampDelta/);
});

/** CRC-32C bit by bit, from its definition: the reflected polynomial 0x82F63B78. */
function referenceCrc32C(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

test('the install patched kafkajs: a record batch’s CRC-32C is the checksum’s definition, at every length and alignment', () => {
  const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/index.js');
  assert.equal(crc32C(Buffer.from('123456789')), 0xe3069283); // the check value of CRC-32C
  assert.equal(crc32C(Buffer.alloc(32)), 0x8a9136aa); // RFC 3720, B.4: 32 bytes of zeroes
  assert.equal(crc32C(Buffer.alloc(32, 0xff)), 0x62a8ab43); // and of ones
  assert.equal(crc32C(Buffer.alloc(0)), 0);
  const random = new Random(9);
  const bytes = Buffer.from(Array.from({ length: 5_000 }, () => random.int(0, 255)));
  for (let length = 0; length <= 70; length += 1)
    for (let start = 0; start < 8; start += 1) {
      const slice = bytes.subarray(start, start + length);
      assert.equal(crc32C(slice), referenceCrc32C(slice), `length ${length} from ${start}`);
    }
  assert.equal(crc32C(bytes), referenceCrc32C(bytes));
});

test('the install patched kafkajs: a request queue with nothing pending sets no timer (it polled every millisecond, with a TimeoutNegativeWarning)', async () => {
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js');
  const warnings: Error[] = [];
  const listener = (warning: Error) => warnings.push(warning);
  process.on('warning', listener);
  const setTimeoutCalls: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  try {
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      setTimeoutCalls.push(ms ?? 0);
      return realSetTimeout(fn, ms);
    }) as typeof setTimeout;
    const queue = new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 1000,
      logger: { debug() {}, warn() {}, error() {}, info() {} },
    });
    queue.scheduleCheckPendingRequests();
    await new Promise((resolve) => realSetTimeout(resolve, 20));
    queue.destroy?.();
  } finally {
    globalThis.setTimeout = realSetTimeout;
    process.off('warning', listener);
  }
  assert.deepEqual(setTimeoutCalls, []);
  assert.deepEqual(
    warnings.filter((w) => w.name === 'TimeoutNegativeWarning'),
    [],
  );
});
