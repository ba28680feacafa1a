/**
 * The simulation's agenda: a binary min-heap of events by virtual time, ties broken by the order they were added,
 * so the same inputs always pop in the same order (the whole engine's reproducibility rests on this).
 */
export class EventQueue<E> {
  // Parallel arrays: no object per entry, and comparisons read two numbers.
  readonly #times: number[] = [];
  readonly #seqs: number[] = [];
  readonly #events: E[] = [];
  #seq = 0;
  /** The virtual time of the event `pop` returned last. */
  time = 0;

  get size(): number {
    return this.#times.length;
  }

  peekTime(): number {
    return this.#times[0] ?? Number.POSITIVE_INFINITY;
  }

  push(time: number, event: E): void {
    const times = this.#times;
    const seqs = this.#seqs;
    const events = this.#events;
    const seq = this.#seq++;
    let i = times.length;
    times.push(time);
    seqs.push(seq);
    events.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      events[i] = events[parent] as E;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    events[i] = event;
  }

  /** The earliest event (its time goes to `time`), or undefined when none is left. */
  pop(): E | undefined {
    const times = this.#times;
    if (times.length === 0) return undefined;
    const seqs = this.#seqs;
    const events = this.#events;
    this.time = times[0] as number;
    const top = events[0] as E;
    const lastTime = times.pop() as number;
    const lastSeq = seqs.pop() as number;
    const lastEvent = events.pop() as E;
    const n = times.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const ct = times[child] as number;
        const rt = times[right] as number;
        if (rt < ct || (rt === ct && (seqs[right] as number) < (seqs[child] as number))) child = right;
      }
      const ct = times[child] as number;
      if (lastTime < ct || (lastTime === ct && lastSeq < (seqs[child] as number))) break;
      times[i] = ct;
      seqs[i] = seqs[child] as number;
      events[i] = events[child] as E;
      i = child;
    }
    times[i] = lastTime;
    seqs[i] = lastSeq;
    events[i] = lastEvent;
    return top;
  }
}
