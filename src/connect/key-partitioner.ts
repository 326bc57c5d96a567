/**
 * The partition of a keyed record, as Kafka's Java client and kafkajs' DefaultPartitioner give it
 * (murmur2 of the key's UTF-8 bytes, sign bit cleared, modulo the topic's partitions), so a key
 * lands where any other client would put it. kafkajs computes murmur2 with emulated 64-bit
 * integers: 1–2 µs and ~2 KB of garbage a message, paid for every output record; in 32-bit
 * arithmetic, on a reused buffer, it costs a small fraction of that. Records without a key or
 * with a partition of their own are left to kafkajs' DefaultPartitioner.
 */
import { type ICustomPartitioner, Partitioners } from 'kafkajs';

const SEED = 0x9747_b28c;
const M = 0x5bd1_e995;

/** Kafka's murmur2 over `length` bytes of `data`, as a signed 32-bit integer (Utils.murmur2 of the Java client). */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    h = Math.imul(h, M) ^ Math.imul(k, M);
  }
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= data[whole + 2]! << 16;
    if (tail >= 2) h ^= data[whole + 1]! << 8;
    h = Math.imul(h ^ data[whole]!, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  return h ^ (h >>> 15);
}

/** Keys are written here to be hashed; grown when a key is longer. */
let scratch = Buffer.allocUnsafe(256);

/** The partition of `key` among `partitions`. */
export function partitionOfKey(key: string | Buffer, partitions: number): number {
  let hash: number;
  if (typeof key === 'string') {
    if (key.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, key.length * 3));
    hash = murmur2(scratch, scratch.write(key, 'utf8'));
  } else hash = murmur2(key);
  return (hash & 0x7fff_ffff) % partitions;
}

/** A producer's partitioner (`createPartitioner`): keyed records by partitionOfKey, the rest as kafkajs' default does. */
export const KeyPartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  return (args) => {
    const { message, partitionMetadata } = args;
    if (message.partition !== undefined && message.partition !== null) return message.partition;
    if (message.key === undefined || message.key === null) return fallback(args);
    return partitionOfKey(message.key, partitionMetadata.length);
  };
};
