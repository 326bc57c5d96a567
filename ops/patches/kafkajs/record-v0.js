// parsimony's replacement for kafkajs 2.2.4's src/protocol/recordBatch/record/v0/index.js, put in
// place at install by ops/patch-dependencies.mjs. The same bytes (Kafka's record v0: length,
// attributes, timestamp delta, offset delta, key, value, headers), written straight into one buffer
// of the record's exact size. The original started each record with a zero-filled 512-byte
// buffer, built every varint in a temporary array copied through Buffer.from, and zigzagged the
// timestamp delta through Long objects: ~2 KB of garbage a record and 3–4 % of the service's CPU.
const Encoder = require('../../../encoder')

// Past 2^52 the zigzag of a delta is no longer exact in a double; kafkajs passes milliseconds
// between a batch's messages.
const LARGEST_DELTA = 2 ** 52

module.exports = ({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }) => {
  if (!Number.isSafeInteger(timestampDelta) || Math.abs(timestampDelta) >= LARGEST_DELTA)
    throw new TypeError(`record timestampDelta must be an integer of milliseconds, got ${timestampDelta}`)
  if (!Number.isInteger(offsetDelta) || offsetDelta < 0 || offsetDelta > 0x7fffffff)
    throw new TypeError(`record offsetDelta must be a non-negative int32, got ${offsetDelta}`)

  const headerList = []
  for (const headerKey of Object.keys(headers)) {
    const headerValue = headers[headerKey]
    if (Array.isArray(headerValue)) for (const v of headerValue) headerList.push(headerKey, v)
    else headerList.push(headerKey, headerValue)
  }

  const keyLength = bytesLength(key)
  const valueLength = bytesLength(value)
  let headersSize = varIntSize(headerList.length / 2)
  for (let i = 0; i < headerList.length; i += 2) {
    const keyBytes = Buffer.byteLength(headerList[i])
    const valueBytes = Buffer.byteLength(headerList[i + 1])
    headersSize += varIntSize(keyBytes) + keyBytes + varIntSize(valueBytes) + valueBytes
  }
  const zigzagDelta = timestampDelta >= 0 ? timestampDelta * 2 : -timestampDelta * 2 - 1
  const bodySize =
    1 + // attributes: none used
    unsignedVarIntSize(zigzagDelta) +
    varIntSize(offsetDelta) +
    varIntSize(keyLength) + Math.max(0, keyLength) +
    varIntSize(valueLength) + Math.max(0, valueLength) +
    headersSize
  const size = varIntSize(bodySize) + bodySize

  // Every byte is written below, so the buffer need not be zeroed first.
  const buf = Buffer.allocUnsafe(size)
  let at = writeUnsigned(buf, 0, zigzag(bodySize))
  buf[at++] = 0
  at = writeUnsigned(buf, at, zigzagDelta)
  at = writeUnsigned(buf, at, zigzag(offsetDelta))
  at = writeBytes(buf, at, key, keyLength)
  at = writeBytes(buf, at, value, valueLength)
  at = writeUnsigned(buf, at, zigzag(headerList.length / 2))
  for (let i = 0; i < headerList.length; i += 2) {
    at = writeBytes(buf, at, headerList[i], Buffer.byteLength(headerList[i]))
    at = writeBytes(buf, at, headerList[i + 1], Buffer.byteLength(headerList[i + 1]))
  }
  if (at !== size) throw new Error(`record encoded to ${at} bytes, sized ${size}`)

  // An Encoder holding the record, as the record batch expects, without its constructor's own buffer.
  const encoder = Object.create(Encoder.prototype)
  encoder.buf = buf
  encoder.offset = size
  return encoder
}

/** -1 for an absent key or value, as the protocol writes it; a string's UTF-8 length. */
function bytesLength(bytes) {
  if (bytes == null) return -1
  return Buffer.isBuffer(bytes) ? bytes.length : Buffer.byteLength(bytes)
}

function writeBytes(buf, at, bytes, length) {
  at = writeUnsigned(buf, at, zigzag(length))
  if (length <= 0) return at
  if (Buffer.isBuffer(bytes)) bytes.copy(buf, at)
  else buf.write(String(bytes), at, length, 'utf8')
  return at + length
}

/** An int32's zigzag: small magnitudes, positive or negative, become small unsigned numbers. */
function zigzag(value) {
  return ((value << 1) ^ (value >> 31)) >>> 0
}

function varIntSize(value) {
  return unsignedVarIntSize(zigzag(value))
}

/** Bytes of an unsigned LEB128 varint of a non-negative integer below 2^53. */
function unsignedVarIntSize(value) {
  let bytes = 1
  while (value >= 0x80) {
    value = Math.floor(value / 0x80)
    bytes += 1
  }
  return bytes
}

function writeUnsigned(buf, at, value) {
  while (value >= 0x80) {
    buf[at++] = (value % 0x80) | 0x80
    value = Math.floor(value / 0x80)
  }
  buf[at++] = value
  return at
}
