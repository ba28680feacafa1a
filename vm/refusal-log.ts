/**
 * How a VM tells of the connections and frames it refused without letting a flood of them flood the terminal: the
 * first few of a burst are printed in full, the rest are counted and summed up in one line per second; a second
 * without refusals ends the burst. Every refusal is still counted in the VM's figures (`refused`). A launched VM
 * holds them until the start (hold()): a run that failed before it is torn down with every VM killed at once, and
 * each VM refused the handshakes its dying peers left half done (200 VMs: ~900 lines over the one saying why); the
 * VM that fails on its own still tells them in one line as it ends.
 */
export const refusalsInFull = 5;
export const summaryEveryMs = 1000;

export type RefusalClock = { after(ms: number, run: () => void): { cancel(): void } };

/** A timer that never keeps the VM alive on its own. */
export const realRefusalClock: RefusalClock = {
  after(ms, run) {
    const handle = setTimeout(run, ms).unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

export class RefusalLog {
  readonly #prefix: string;
  readonly #warn: (line: string) => void;
  readonly #clock: RefusalClock;
  #timer: { cancel(): void } | undefined;
  #inFull = 0;
  #held = 0;
  #latest = '';
  #holding = false;

  /** `reasons` are already printable (escaped where they quote the wire). */
  constructor(prefix: string, warn: (line: string) => void, clock: RefusalClock = realRefusalClock) {
    this.#prefix = prefix;
    this.#warn = warn;
    this.#clock = clock;
  }

  /** From now until release(), refusals are counted, not printed. */
  hold(): void {
    this.#holding = true;
  }

  /** The start: what was held is told in one line, and refusals are printed as they come again. */
  release(): void {
    this.#holding = false;
    this.#summarize();
  }

  refused(reason: string): void {
    if (this.#holding) {
      this.#held += 1;
      this.#latest = reason;
      return;
    }
    if (this.#timer === undefined) this.#timer = this.#clock.after(summaryEveryMs, () => this.#second());
    if (this.#inFull < refusalsInFull) {
      this.#inFull += 1;
      this.#warn(`${this.#prefix}: refused a connection or frame (${reason})`);
      return;
    }
    this.#held += 1;
    this.#latest = reason;
  }

  /** Prints what is still held (at the end of the run). */
  flush(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#summarize();
  }

  #second(): void {
    if (this.#held === 0) {
      this.#timer = undefined;
      this.#inFull = 0;
      return;
    }
    this.#summarize();
    this.#timer = this.#clock.after(summaryEveryMs, () => this.#second());
  }

  #summarize(): void {
    if (this.#held === 0) return;
    if (this.#held === 1 && this.#inFull === 0)
      this.#warn(`${this.#prefix}: refused a connection or frame (${this.#latest})`);
    else {
      const more = this.#inFull === 0 ? '' : ' more';
      this.#warn(`${this.#prefix}: refused ${this.#held}${more} connections or frames (latest: ${this.#latest})`);
    }
    this.#held = 0;
  }
}
