/**
 * The vector_clock cell of one VM's rows, kept from row to row (csv-row.ts's csvVectorCell, but cheaper). Building
 * the cell anew wrote every nonzero entry's text on every tick: with 64 VMs every vector soon has 64 entries, and at
 * 100 ticks/s (no optimising compiler there, launcher/vm-node-options.ts) that was the largest single function of a
 * VM's tick in perf (~10% of the VMs' CPU). From one tick to the next only a few entries change (the VM's own, and
 * those a receive raised), so each nonzero entry keeps its text and the cell is one join of them.
 */
export class VectorCellText {
  /** The entries the texts below were built from (a vector is a fresh array on every event, so values are kept). */
  #entries: number[] = [];
  /** The text of each nonzero entry, in id order, and where each id's text is in it (-1: a zero entry). */
  #texts: string[] = [];
  #at: number[] = [];

  text(vector: readonly number[]): string {
    if (vector.length !== this.#entries.length) this.#reset(vector.length);
    let setChanged = false;
    for (let id = 0; id < vector.length; id++) {
      const entry = vector[id] ?? 0;
      if (entry === this.#entries[id]) continue;
      this.#entries[id] = entry;
      const at = this.#at[id] ?? -1;
      if (at === -1 || entry === 0) setChanged = true;
      else this.#texts[at] = entryText(id, entry);
    }
    // An entry turned nonzero (or back to zero, which no run does): rare, at most once per VM id in a run.
    if (setChanged) this.#rebuild();
    // An empty vector has no quotes to double, and csv-stringify leaves `{}` bare.
    return this.#texts.length === 0 ? '{}' : `"{${this.#texts.join(',')}}"`;
  }

  #reset(length: number): void {
    // NaN never equals itself: every entry reads as changed on the first vector of this length.
    this.#entries = new Array<number>(length).fill(Number.NaN);
    this.#at = new Array<number>(length).fill(-1);
    this.#texts = [];
  }

  #rebuild(): void {
    this.#texts = [];
    for (let id = 0; id < this.#entries.length; id++) {
      const entry = this.#entries[id] as number;
      if (entry === 0) {
        this.#at[id] = -1;
        continue;
      }
      this.#at[id] = this.#texts.length;
      this.#texts.push(entryText(id, entry));
    }
  }
}

/** One entry as it reads inside the quoted cell: `""id"":value`. */
const entryText = (id: number, entry: number): string => `""${id}"":${entry}`;
