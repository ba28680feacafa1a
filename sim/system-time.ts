/**
 * The `system_time` column of a simulated row: the virtual epoch plus the elapsed ms, as ISO text to the millisecond,
 * as a VM process writes its wall clock. toISOString per row was an eighth of a run: the text up to the second is
 * kept, the milliseconds are looked up.
 */
const millisText = Array.from({ length: 1000 }, (_, ms) => String(ms).padStart(3, '0'));

export class SystemTime {
  readonly #epochMs: number;
  #second = Number.NaN;
  #prefix = '';

  constructor(epochMs: number) {
    this.#epochMs = epochMs;
  }

  /** `2000-01-01T00:00:01.250Z` for 1250.7 ms after an epoch of 2000-01-01. */
  at(elapsedMs: number): string {
    const ms = Math.floor(this.#epochMs + elapsedMs);
    const second = Math.floor(ms / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#prefix = new Date(second * 1000).toISOString().slice(0, 20);
    }
    return `${this.#prefix}${millisText[ms - second * 1000]}Z`;
  }
}
