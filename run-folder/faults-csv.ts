/**
 * `faults.csv` in the run folder: every injected fault with the moment it took effect, in real elapsed ms (the
 * CSVs' clock) and in experiment seconds, so the analysis and the report can mark it on their charts.
 */
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { type Stringifier, stringify } from 'csv-stringify';
import { createExclusive, runFileMode } from './exclusive-file.js';

export const faultLogFileName = 'faults.csv';
/**
 * `due_ms`: when the config had the fault act, in real ms after the start (empty for link faults, which act all
 * along, and repairs); with `elapsed_ms` it shows how late the launcher's timer acted (late-faults.ts). Last, so
 * readers by column name of older folders, which lack it, read as before.
 */
export const faultLogColumns = ['elapsed_ms', 'experiment_s', 'kind', 'vm', 'peer', 'detail', 'due_ms'] as const;

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

export type FaultEvent = {
  elapsedMs: number;
  kind: FaultKind;
  vm: number | '';
  peer: number | '';
  detail: string;
  /** Real ms after the start the fault was due at; absent for faults with no instant (links, repairs). */
  dueMs?: number;
};

export class FaultLog {
  readonly #speed: number;
  readonly #stringifier: Stringifier;
  readonly #file: WriteStream;
  #failure: unknown;

  constructor(dir: string, speed: number) {
    this.#speed = speed;
    // Exclusive and never through a link: the run folder was claimed empty (exclusive-file.ts).
    const path = join(dir, faultLogFileName);
    const fd = openSync(path, createExclusive, runFileMode);
    this.#file = createWriteStream('', { fd });
    // A write failing mid-run (a full disk) is kept for close() to report, naming the file, not thrown as a crash.
    this.#file.on('error', (error) => {
      this.#failure ??= Object.assign(error, { path });
    });
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
      event.dueMs === undefined ? '' : event.dueMs.toFixed(3),
    ]);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#failure !== undefined) return reject(this.#failure);
      this.#file.once('finish', resolve);
      this.#file.once('close', () => (this.#failure === undefined ? resolve() : reject(this.#failure)));
      this.#stringifier.end();
    });
  }
}
