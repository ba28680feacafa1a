/** A FIFO with O(1) push and shift: a slow VM's queue can grow to many thousands of messages. */
export class FifoQueue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Moves every item of `other` to the end of this queue, in order. */
  drainFrom(other: FifoQueue<T>): void {
    for (let item = other.shift(); item !== undefined; item = other.shift()) this.push(item);
  }

  toArray(): T[] {
    return this.#items.slice(this.#head) as T[];
  }
}
