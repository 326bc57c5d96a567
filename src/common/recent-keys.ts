/**
 * The keys touched most recently, up to a bound, each with a count: what the cache remembers of
 * the records it served and the router of the skeletons it saw. Long runs fill them to the bound,
 * so they are kept in a few typed arrays: a key as a 53-bit hash (two keys of a bound of 100,000
 * share one with odds of about one in a billion), about 40 bytes each where a Map of the strings
 * took 80 to 150, and none of the key strings kept alive.
 *
 * It answers as a Map whose key is deleted and set again at each touch, the first key dropped
 * past the bound: the least recently touched goes first, and a key touched often stays.
 */
export class RecentKeys {
  readonly #capacity: number;
  /** By slot: the key's hash in two halves, its count, its neighbours in touch order (-1: none). */
  readonly #high: Uint32Array;
  readonly #low: Uint32Array;
  readonly #counts: Uint32Array;
  readonly #older: Int32Array;
  readonly #newer: Int32Array;
  /** Open addressing over slots + 1 (0: empty), linear probing. */
  readonly #table: Int32Array;
  readonly #mask: number;
  #oldest = -1;
  #newest = -1;
  /** Slots freed by a deletion, chained through #newer; slots at #fresh and above were never used. */
  #freed = -1;
  #fresh = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
    this.#high = new Uint32Array(capacity);
    this.#low = new Uint32Array(capacity);
    this.#counts = new Uint32Array(capacity);
    this.#older = new Int32Array(capacity);
    this.#newer = new Int32Array(capacity);
    let tableSize = 2;
    while (tableSize < capacity * 2) tableSize *= 2;
    this.#table = new Int32Array(tableSize);
    this.#mask = tableSize - 1;
  }

  get size(): number {
    return this.#size;
  }

  has(key: string): boolean {
    hash(key);
    return this.#find(hashedHigh, hashedLow) >= 0;
  }

  /** The key's count, 0 when it is not kept. */
  count(key: string): number {
    hash(key);
    const at = this.#find(hashedHigh, hashedLow);
    return at < 0 ? 0 : this.#counts[this.#table[at]! - 1]!;
  }

  /** Keeps the key, as the most recently touched, with `count` (at least 1). */
  set(key: string, count = 1): void {
    hash(key);
    this.#put(hashedHigh, hashedLow, this.#find(hashedHigh, hashedLow), count);
  }

  /** Adds one to the key's count and makes it the most recently touched; returns the count before (0 when it was not kept). */
  increment(key: string): number {
    hash(key);
    const found = this.#find(hashedHigh, hashedLow);
    const before = found < 0 ? 0 : this.#counts[this.#table[found]! - 1]!;
    this.#put(hashedHigh, hashedLow, found, before + 1);
    return before;
  }

  /** Sets the count of the key hashed to `high`/`low`, found at table position `found` (-1: not kept), as the newest. */
  #put(high: number, low: number, found: number, count: number): void {
    const clamped = Math.max(1, Math.min(count, 0xffff_ffff));
    if (found >= 0) {
      const slot = this.#table[found]! - 1;
      this.#counts[slot] = clamped;
      this.#unlink(slot);
      this.#link(slot);
      return;
    }
    if (this.#size === this.#capacity) this.#remove(this.#find(this.#high[this.#oldest]!, this.#low[this.#oldest]!));
    const slot = this.#take();
    this.#high[slot] = high;
    this.#low[slot] = low;
    this.#counts[slot] = clamped;
    let at = this.#home(high, low);
    while (this.#table[at] !== 0) at = (at + 1) & this.#mask;
    this.#table[at] = slot + 1;
    this.#link(slot);
    this.#size += 1;
  }

  delete(key: string): boolean {
    hash(key);
    const at = this.#find(hashedHigh, hashedLow);
    if (at < 0) return false;
    this.#remove(at);
    return true;
  }

  /** The table position holding the key, or -1. */
  #find(high: number, low: number): number {
    for (let at = this.#home(high, low); ; at = (at + 1) & this.#mask) {
      const entry = this.#table[at]!;
      if (entry === 0) return -1;
      if (this.#high[entry - 1] === high && this.#low[entry - 1] === low) return at;
    }
  }

  #home(high: number, low: number): number {
    return (Math.imul(low ^ high, 0x9e37_79b1) >>> 0) & this.#mask;
  }

  #take(): number {
    if (this.#freed < 0) return this.#fresh++;
    const slot = this.#freed;
    this.#freed = this.#newer[slot]!;
    return slot;
  }

  /** Makes the slot the newest. */
  #link(slot: number): void {
    this.#older[slot] = this.#newest;
    this.#newer[slot] = -1;
    if (this.#newest >= 0) this.#newer[this.#newest] = slot;
    else this.#oldest = slot;
    this.#newest = slot;
  }

  #unlink(slot: number): void {
    const older = this.#older[slot]!;
    const newer = this.#newer[slot]!;
    if (older >= 0) this.#newer[older] = newer;
    else this.#oldest = newer;
    if (newer >= 0) this.#older[newer] = older;
    else this.#newest = older;
  }

  /** Empties a table position and frees its slot, shifting back the entries probed past it so every key stays findable. */
  #remove(at: number): void {
    const slot = this.#table[at]! - 1;
    this.#unlink(slot);
    this.#newer[slot] = this.#freed;
    this.#freed = slot;
    this.#table[at] = 0;
    this.#size -= 1;
    let hole = at;
    for (let next = (at + 1) & this.#mask; this.#table[next] !== 0; next = (next + 1) & this.#mask) {
      const moving = this.#table[next]! - 1;
      const home = this.#home(this.#high[moving]!, this.#low[moving]!);
      // Moved back only when its home is not between the hole and where it sits (cyclically).
      if (((next - home) & this.#mask) >= ((next - hole) & this.#mask)) {
        this.#table[hole] = this.#table[next]!;
        this.#table[next] = 0;
        hole = next;
      }
    }
  }
}

/** The key's 53-bit hash, in two halves: two multiplicative lanes over its UTF-16 code units, each finished with the other's bits. */
let hashedHigh = 0;
let hashedLow = 0;
function hash(key: string): void {
  let a = 0x811c_9dc5;
  let b = 0x2545_f491;
  for (let i = 0; i < key.length; i += 1) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x0100_0193);
    b = Math.imul(b ^ unit, 0x5bd1_e995);
  }
  a = finish(a ^ Math.imul(b, 0x9e37_79b9));
  b = finish(b ^ a);
  hashedHigh = b & 0x1f_ffff;
  hashedLow = a >>> 0;
}

/** Spreads every input bit over the output (the finaliser of 32-bit MurmurHash3). */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
