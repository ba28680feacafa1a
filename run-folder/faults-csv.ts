/**
 * `faults.csv` in the run folder: every injected fault with the moment it took effect, in real elapsed ms (the
 * CSVs' clock) and in experiment seconds, so the analysis and the report can mark it on their charts.
 */
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { type Stringifier, stringify } from 'csv-stringify';
import { createExclusive, runFileMode } from './exclusive-file.js';

export const faultLogFileName = 'faults.csv';
export const faultLogColumns = ['elapsed_ms', 'experiment_s', 'kind', 'vm', 'peer', 'detail'] as const;

export type FaultKind =
  | 'link-delay'
  | 'link-drop'
  | 'partition-start'
  | 'partition-end'
  | 'pause'
  | 'resume'
  | 'kill'
  | 'restart'
  /** Not injected: what the launcher did to a killed VM's CSV before restarting it (a cut last row dropped). */
  | 'repair';

export type FaultEvent = { elapsedMs: number; kind: FaultKind; vm: number | ''; peer: number | ''; detail: string };

export class FaultLog {
  readonly #speed: number;
  readonly #stringifier: Stringifier;
  readonly #file: WriteStream;

  constructor(dir: string, speed: number) {
    this.#speed = speed;
    // Exclusive and never through a link: the run folder was claimed empty (exclusive-file.ts).
    const fd = openSync(join(dir, faultLogFileName), createExclusive, runFileMode);
    this.#file = createWriteStream('', { fd });
    this.#stringifier = stringify({ header: true, columns: [...faultLogColumns] });
    this.#stringifier.pipe(this.#file);
  }

  record(event: FaultEvent): void {
    const elapsed = Math.max(0, event.elapsedMs);
    this.#stringifier.write([
      elapsed.toFixed(3),
      ((elapsed * this.#speed) / 1000).toFixed(3),
      event.kind,
      event.vm,
      event.peer,
      event.detail,
    ]);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#file.once('finish', resolve);
      this.#file.once('error', reject);
      this.#stringifier.end();
    });
  }
}
