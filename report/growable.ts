/**
 * Typed arrays that grow as rows stream in: a million-row run held as plain JS arrays of objects would take
 * hundreds of MB; as typed columns it takes a few bytes per value and packs straight into the page.
 */
type TypedArray = Int32Array | Float64Array | Uint8Array;
type TypedArrayClass<T extends TypedArray> = { new (length: number): T };

export class Growable<T extends TypedArray> {
  #data: T;
  #length = 0;
  readonly #make: TypedArrayClass<T>;

  constructor(make: TypedArrayClass<T>, capacity = 1024) {
    this.#make = make;
    this.#data = new make(capacity);
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new this.#make(this.#data.length * 2);
      bigger.set(this.#data as never);
      this.#data = bigger;
    }
    this.#data[this.#length++] = value;
  }

  /** A view of the values pushed so far (no copy). */
  values(): T {
    return this.#data.subarray(0, this.#length) as T;
  }
}

export const int32s = (): Growable<Int32Array> => new Growable(Int32Array);
export const float64s = (): Growable<Float64Array> => new Growable(Float64Array);
export const uint8s = (): Growable<Uint8Array> => new Growable(Uint8Array);
