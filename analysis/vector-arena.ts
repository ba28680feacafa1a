/**
 * Vector clocks kept for later, packed: each is `width` (= machines) 32-bit entries in one of a few large
 * Uint32Array blocks, 4 x machines bytes apiece and nothing per vector besides its index. A million 64-entry vectors
 * as JavaScript arrays or JSON strings would cost several times that, plus a heap object each.
 */
const vectorsPerBlock = 8192;

export class VectorArena {
  readonly #width: number;
  readonly #blocks: Uint32Array[] = [];
  #count = 0;

  constructor(width: number) {
    this.#width = width;
  }

  /** Copies `vector` in; returns its index. */
  add(vector: Uint32Array): number {
    const index = this.#count++;
    const slot = index % vectorsPerBlock;
    if (slot === 0) this.#blocks.push(new Uint32Array(vectorsPerBlock * this.#width));
    (this.#blocks.at(-1) as Uint32Array).set(vector, slot * this.#width);
    return index;
  }

  /** A view of vector `index` (valid while the arena lives; do not write to it). */
  get(index: number): Uint32Array {
    const block = this.#blocks[Math.floor(index / vectorsPerBlock)];
    if (block === undefined || index >= this.#count) throw new RangeError(`no vector ${index}`);
    const start = (index % vectorsPerBlock) * this.#width;
    return block.subarray(start, start + this.#width);
  }

  get count(): number {
    return this.#count;
  }

  /** Bytes held, for the record. */
  get bytes(): number {
    return this.#blocks.length * vectorsPerBlock * this.#width * 4;
  }
}
