/**
 * Shows that a run is alive: on a TTY one line per VM refreshed in place; otherwise (CI, a pipe) a plain line every
 * few seconds. Reads the VMs' progress messages; never touches their tick path.
 *
 * While it is live on a TTY it owns the terminal's last lines: anything else the run says (the stop line of a
 * Ctrl-C, a VM's output, a fault) goes through `write`, above the block. Written around it, a line shifted the block
 * down, so the next redraw overwrote that line (a Ctrl-C's `stopping every VM at one instant` vanished) and left a
 * stale `running` line above; the terminal's own `^C` echo moved the cursor too, so each redraw starts from column 0
 * and clears to the end of the screen.
 *
 * It speaks in experiment time, as the run's first line and the summary table after it do: a VM's rate per experiment
 * second and the experiment seconds gone; at a speed other than 1 the head names the speed and the real seconds too
 * (`running 100/120 s at speed 20 (5/6 s real)`). Real rates here (`vm0 (100/s)`) read as other rates than the
 * table's `rate/s` 5 a moment later.
 */
type VmProgress = { tick: number; clock: number; queue: number };

const plainEveryMs = 5000;
const ttyEveryMs = 200;

export class ProgressDisplay {
  readonly #out: NodeJS.WriteStream;
  readonly #rates: readonly number[];
  readonly #speed: number;
  readonly #latest: (VmProgress | undefined)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #drawn = 0;
  #startEpochMs = 0;
  #stopEpochMs = 0;

  /** `rates`: ticks per experiment second by VM id; `speed`: the run's time compression. */
  constructor(out: NodeJS.WriteStream, run: { rates: readonly number[]; speed: number }) {
    this.#out = out;
    this.#rates = run.rates;
    this.#speed = run.speed;
  }

  update(id: number, progress: VmProgress): void {
    this.#latest[id] = progress;
  }

  start(startEpochMs: number, stopEpochMs: number): void {
    this.#startEpochMs = startEpochMs;
    this.#stopEpochMs = stopEpochMs;
    // Drawn after the loop's next read of the VMs' messages: a launcher stopped (SIGSTOP, a suspended laptop) runs its
    // overdue timer before the messages queued meanwhile, and drew ticks from before the stop under the head's now.
    this.#timer = setInterval(
      () => {
        setImmediate(() => {
          if (this.#timer !== undefined) this.#draw();
        });
      },
      this.#out.isTTY ? ttyEveryMs : plainEveryMs,
    );
    this.#timer.unref();
    if (this.#out.isTTY) this.#draw();
  }

  /** Text (whole lines) said during the run: above the live block, which is drawn again under it. */
  write(text: string): void {
    if (!this.#out.isTTY || this.#timer === undefined || this.#drawn === 0) {
      this.#out.write(text);
      return;
    }
    this.#out.write(`${this.#erase()}${text}`);
    this.#drawn = 0;
    this.#draw();
  }

  /**
   * The last state, drawn once more. Only for a run that started: one stopped before (a Ctrl-C while its VMs got
   * ready) has no progress to show, and a `running 0/0 s` block would sit between its two lines.
   */
  stop(): void {
    const started = this.#timer !== undefined;
    if (started) clearInterval(this.#timer);
    this.#timer = undefined;
    if (started && this.#out.isTTY) this.#draw();
  }

  /** Back to the block's first line, at column 0 (a `^C` echo moved the cursor), clearing it and all below. */
  #erase(): string {
    return this.#drawn > 0 ? `\r\x1b[${this.#drawn}A\x1b[J` : '\r\x1b[J';
  }

  #draw(): void {
    const total = (this.#stopEpochMs - this.#startEpochMs) / 1000;
    const elapsed = Math.min(Math.max(0, (Date.now() - this.#startEpochMs) / 1000), total);
    const seconds = (gone: number, all: number) => `${gone.toFixed(0)}/${all.toFixed(0)} s`;
    const head =
      this.#speed === 1
        ? `running ${seconds(elapsed, total)}`
        : `running ${seconds(elapsed * this.#speed, total * this.#speed)} at speed ${this.#speed} (${seconds(elapsed, total)} real)`;
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
    this.#out.write(`${this.#erase()}${lines.map((line) => `${line}\n`).join('')}`);
    this.#drawn = lines.length;
  }
}

/**
 * The terminal of `launcher run`: what the run says goes through its live view while there is one (it owns the last
 * lines then), straight to the stream otherwise.
 */
export class LiveTerminal {
  readonly #out: NodeJS.WriteStream;
  #display: ProgressDisplay | undefined;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
  }

  /** The run's live view, made once the VMs' rates (per experiment second) are known. */
  watch(run: { rates: readonly number[]; speed: number }): ProgressDisplay {
    this.#display = new ProgressDisplay(this.#out, run);
    return this.#display;
  }

  write(text: string): void {
    if (this.#display === undefined) this.#out.write(text);
    else this.#display.write(text);
  }
}
