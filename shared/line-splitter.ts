/**
 * Splits a byte stream into lines (newline-delimited JSON on an SSH channel). A line may arrive split across reads,
 * or several in one read; a line over `maxBytes` is reported once and skipped up to its newline, never buffered.
 */
const newline = 0x0a;
const noBytes = Buffer.alloc(0);

export type SplitLine = { ok: true; line: string } | { ok: false; detail: string };

export class LineSplitter {
  readonly #maxBytes: number;
  #pending: Buffer = noBytes;
  #skipping = false;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  push(chunk: Buffer): SplitLine[] {
    const out: SplitLine[] = [];
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    let start = 0;
    let end = data.indexOf(newline);
    while (end !== -1) {
      if (this.#skipping) this.#skipping = false;
      else if (end - start > this.#maxBytes) out.push({ ok: false, detail: `a line of ${end - start} bytes` });
      else if (end > start) out.push({ ok: true, line: data.toString('utf8', start, end) });
      start = end + 1;
      end = data.indexOf(newline, start);
    }
    const rest = data.length - start;
    if (rest > this.#maxBytes) {
      if (!this.#skipping) out.push({ ok: false, detail: `over ${this.#maxBytes} bytes without a newline` });
      this.#skipping = true;
    }
    this.#pending = this.#skipping || rest === 0 ? noBytes : Buffer.from(data.subarray(start));
    return out;
  }

  /** What is left unterminated when the stream ends. */
  get rest(): string {
    return this.#skipping ? '' : this.#pending.toString('utf8');
  }
}
