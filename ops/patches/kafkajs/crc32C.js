// parsimony's replacement for kafkajs 2.2.4's src/protocol/recordBatch/crc32C/crc32C.js, put in
// place at install by ops/patch-dependencies.mjs. The same CRC-32C (Castagnoli) of a record
// batch, read eight bytes a step through eight tables (slicing-by-8) where the original read one
// byte a step through one: it ran at ~2.2 ns a byte, ~1.5 µs of every 650-byte record a producer
// sends, the largest cost left in kafkajs' encoding of a batch.

// The polynomial 0x1EDC6F41, bit-reversed, as the reflected algorithm uses it.
const POLYNOMIAL = 0x82f63b78

// TABLES[k][b]: the CRC contribution of byte b followed by k zero bytes.
const TABLES = Array.from({ length: 8 }, () => new Int32Array(256))
for (let b = 0; b < 256; b++) {
  let crc = b
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1
  TABLES[0][b] = crc
}
for (let b = 0; b < 256; b++) {
  for (let k = 1; k < 8; k++) TABLES[k][b] = (TABLES[k - 1][b] >>> 8) ^ TABLES[0][TABLES[k - 1][b] & 0xff]
}
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES

const crc32C = buffer => {
  let crc = ~0
  let i = 0
  const stepsEnd = buffer.length - (buffer.length % 8)
  for (; i < stepsEnd; i += 8) {
    const low = crc ^ (buffer[i] | (buffer[i + 1] << 8) | (buffer[i + 2] << 16) | (buffer[i + 3] << 24))
    const high = buffer[i + 4] | (buffer[i + 5] << 8) | (buffer[i + 6] << 16) | (buffer[i + 7] << 24)
    crc =
      T7[low & 0xff] ^
      T6[(low >>> 8) & 0xff] ^
      T5[(low >>> 16) & 0xff] ^
      T4[low >>> 24] ^
      T3[high & 0xff] ^
      T2[(high >>> 8) & 0xff] ^
      T1[(high >>> 16) & 0xff] ^
      T0[high >>> 24]
  }
  for (; i < buffer.length; i++) crc = T0[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8)
  return ~crc >>> 0
}

module.exports = crc32C
