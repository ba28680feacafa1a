/**
 * Shows that a run is alive: on a TTY one line per VM refreshed in place; otherwise (CI, a pipe) a plain line every
 * few seconds. Reads the VMs' progress messages; never touches their tick path.
 */
type VmProgress = { tick: number; clock: number; queue: number };

const plainEveryMs = 5000;
const ttyEveryMs = 200;

export class ProgressDisplay {
  readonly #out: NodeJS.WriteStream;
  readonly #rates: readonly number[];
  readonly #latest: (VmProgress | undefined)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #drawn = 0;
  #startEpochMs = 0;
  #stopEpochMs = 0;

  constructor(out: NodeJS.WriteStream, rates: readonly number[]) {
    this.#out = out;
    this.#rates = rates;
  }

  update(id: number, progress: VmProgress): void {
    this.#latest[id] = progress;
  }

  start(startEpochMs: number, stopEpochMs: number): void {
    this.#startEpochMs = startEpochMs;
    this.#stopEpochMs = stopEpochMs;
    this.#timer = setInterval(() => this.#draw(), this.#out.isTTY ? ttyEveryMs : plainEveryMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#out.isTTY) this.#draw();
  }

  #draw(): void {
    const elapsed = Math.max(0, (Date.now() - this.#startEpochMs) / 1000);
    const total = (this.#stopEpochMs - this.#startEpochMs) / 1000;
    const head = `running ${Math.min(elapsed, total).toFixed(0)}/${total.toFixed(0)} s`;
    const cells = this.#rates.map((rate, id) => {
      const p = this.#latest[id];
      return p === undefined
        ? `vm${id} (${rate}/s) starting`
        : `vm${id} (${rate}/s) tick ${p.tick} clock ${p.clock} queue ${p.queue}`;
    });
    if (!this.#out.isTTY) {
      this.#out.write(`${head}: ${cells.join(' | ')}\n`);
      return;
    }
    const lines = [head, ...cells.map((cell) => `  ${cell}`)];
    if (this.#drawn > 0) this.#out.write(`\x1b[${this.#drawn}A`);
    this.#out.write(lines.map((line) => `\x1b[2K${line}\n`).join(''));
    this.#drawn = lines.length;
  }
}
