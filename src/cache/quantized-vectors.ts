/**
 * Unit vectors by key, kept as signed bytes in a few large blocks instead of one Float32Array
 * each: a 256-dimension vector takes 256 bytes instead of ~1.1 KB (the array, its buffer and
 * the buffer's own allocation), and a long run that learns and drops templates reuses freed
 * slots instead of allocating and freeing a buffer for each.
 *
 * Each vector is scaled so its largest component is ±127 and rounded: a scalar quantization to
 * bytes, as the service's int8 HNSW index in Elasticsearch also makes (per segment there, per
 * vector here). With the rounded vector's own norm kept beside it, a similarity is the exact
 * cosine between the query and the rounded vector, within a few thousandths of the cosine to the
 * original at 256 dimensions (the test measures it).
 * Only directions are kept: every embedder here returns unit vectors, and cosine ignores length.
 */
const BLOCK_VECTORS = 1_024;
const LEVELS = 127;

export class QuantizedVectors {
  readonly #dimensions: number;
  readonly #blocks: Int8Array[] = [];
  /** 1 / the rounded vector's norm, by slot. */
  #inverseNorms = new Float64Array(0);
  readonly #slots = new Map<string, number>();
  readonly #free: number[] = [];

  constructor(dimensions: number) {
    if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
    this.#dimensions = dimensions;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Slots allocated, used or free. */
  get capacity(): number {
    return this.#blocks.length * BLOCK_VECTORS;
  }

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  set(key: string, vector: ArrayLike<number>): void {
    if (vector.length !== this.#dimensions)
      throw new RangeError(`a vector of ${vector.length} dimensions where ${this.#dimensions} are kept`);
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = this.#free.pop() ?? this.#grow();
      this.#slots.set(key, slot);
    }
    let largest = 0;
    for (let i = 0; i < vector.length; i += 1) largest = Math.max(largest, Math.abs(vector[i]!));
    const scale = largest === 0 ? 0 : LEVELS / largest;
    const block = this.#blocks[Math.floor(slot / BLOCK_VECTORS)]!;
    const start = (slot % BLOCK_VECTORS) * this.#dimensions;
    let squares = 0;
    for (let i = 0; i < vector.length; i += 1) {
      const q = Math.round(vector[i]! * scale);
      block[start + i] = q;
      squares += q * q;
    }
    this.#inverseNorms[slot] = squares === 0 ? 0 : 1 / Math.sqrt(squares);
  }

  delete(key: string): boolean {
    const slot = this.#slots.get(key);
    if (slot === undefined) return false;
    this.#slots.delete(key);
    this.#free.push(slot);
    return true;
  }

  /** The key set longest ago (setting a key again keeps its place). */
  oldestKey(): string | undefined {
    return this.#slots.keys().next().value;
  }

  /** Cosine similarity of `query` (a unit vector) to the vector kept under `key`. */
  similarity(key: string, query: ArrayLike<number>): number | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    const block = this.#blocks[Math.floor(slot / BLOCK_VECTORS)]!;
    const start = (slot % BLOCK_VECTORS) * this.#dimensions;
    let dot = 0;
    for (let i = 0; i < this.#dimensions; i += 1) dot += query[i]! * block[start + i]!;
    return dot * this.#inverseNorms[slot]!;
  }

  /** The unit vector kept under `key`, as rounded. */
  get(key: string): number[] | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    const block = this.#blocks[Math.floor(slot / BLOCK_VECTORS)]!;
    const start = (slot % BLOCK_VECTORS) * this.#dimensions;
    const inverseNorm = this.#inverseNorms[slot]!;
    const unit = new Array<number>(this.#dimensions);
    for (let i = 0; i < this.#dimensions; i += 1) unit[i] = block[start + i]! * inverseNorm;
    return unit;
  }

  /** A new block's first slot; its other slots go to the free list, lowest first out. */
  #grow(): number {
    const first = this.#blocks.length * BLOCK_VECTORS;
    this.#blocks.push(new Int8Array(BLOCK_VECTORS * this.#dimensions));
    const norms = new Float64Array(first + BLOCK_VECTORS);
    norms.set(this.#inverseNorms);
    this.#inverseNorms = norms;
    for (let slot = first + BLOCK_VECTORS - 1; slot > first; slot -= 1) this.#free.push(slot);
    return first;
  }
}
