import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Partitioners } from 'kafkajs';
import { KeyPartitioner, murmur2, partitionOfKey } from '#src/connect/key-partitioner.ts';
import { Random } from '#src/dev/generator/random.ts';

const metadata = (partitions: number) =>
  Array.from({ length: partitions }, (_, i) => ({ partitionId: i, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));

/** Keys of every length up to 40, of ASCII, accented, non-Latin and astral characters. */
function keys(count: number): string[] {
  const random = new Random(11);
  const alphabet = [...'abcXYZ019-_:/ ', 'é', 'ß', 'Ж', '中', '€', '😀', '\u0000'];
  return Array.from({ length: count }, () => Array.from({ length: random.int(0, 40) }, () => random.pick(alphabet)).join(''));
}

test('a keyed record goes to the partition kafkajs and the Java client give it, for keys of any length and script', () => {
  const theirs = Partitioners.DefaultPartitioner();
  const ours = KeyPartitioner();
  for (const [i, key] of keys(5_000).entries()) {
    const partitionMetadata = metadata(1 + (i % 12));
    for (const k of [key, Buffer.from(key)]) {
      const args = { topic: 't', partitionMetadata, message: { key: k, value: 'v' } };
      assert.equal(ours(args), theirs(args), `key ${JSON.stringify(key)} over ${partitionMetadata.length}`);
    }
  }
});

test('murmur2 matches the Java client on its published vectors', () => {
  // Values of org.apache.kafka.common.utils.Utils.murmur2, from the client's UtilsTest.
  const cases: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ];
  for (const [key, hash] of cases) assert.equal(murmur2(Buffer.from(key)), hash, key);
  assert.equal(murmur2(new Uint8Array([97, 98, 99])), murmur2(Buffer.from('abc')));
});

test('a key longer than the reused buffer is hashed whole', () => {
  const long = `${'k'.repeat(10_000)}é`;
  assert.equal(partitionOfKey(long, 7), partitionOfKey(Buffer.from(long), 7));
  assert.notEqual(murmur2(Buffer.from(long)), murmur2(Buffer.from('k'.repeat(10_000))));
});

test('a record with its own partition keeps it; one without a key is spread as kafkajs spreads it', () => {
  const ours = KeyPartitioner();
  const partitionMetadata = metadata(6);
  assert.equal(ours({ topic: 't', partitionMetadata, message: { key: 'x', value: 'v', partition: 4 } }), 4);
  const spread = new Set(Array.from({ length: 60 }, () => ours({ topic: 't', partitionMetadata, message: { value: 'v' } })));
  assert.equal(spread.size, 6);
});
