/**
 * A remote VM's rows on their way into the run folder: the bytes it relays over its channel, and those fetched from
 * its file on its host that it never relayed (remote-unrelayed-rows.ts), written at the offsets they hold there. Rows
 * that would leave a gap are refused: the VM is then stopped and its life fails. Rows the run folder cannot take (a
 * full disk) stay on the host. Either way the manifest records where they stay (rows-on-host.ts).
 */
import { csvFileName } from '../run-folder/csv-columns.js';
import { errorCode } from '../run-folder/unreadable.js';
import type { RemoteCsv } from './remote-csv.js';
import { hostNamed, type RemoteHostLink } from './remote-host-link.js';

export class RemoteVmRows {
  readonly #host: RemoteHostLink;
  readonly #id: number;
  readonly #csv: RemoteCsv;
  readonly #say: (line: string) => void;
  readonly #onRefused: () => void;
  readonly #onCannotWrite: (detail: string) => void;
  #refused: string | undefined;
  /** Rows of this life reached the run folder: it got its start, so the rows it wrote after the last that came are on its host. */
  #relayed = false;

  /**
   * `say`: one line on the VM's output; `onRefused`: rows were refused (once), the VM is to be stopped;
   * `onCannotWrite`: the run folder could not take its rows (once), the run fails as a local VM's full disk fails it.
   */
  constructor(
    host: RemoteHostLink,
    id: number,
    csv: RemoteCsv,
    say: (line: string) => void,
    events: { onRefused: () => void; onCannotWrite: (detail: string) => void },
  ) {
    this.#host = host;
    this.#id = id;
    this.#csv = csv;
    this.#say = say;
    this.#onRefused = events.onRefused;
    this.#onCannotWrite = events.onCannotWrite;
  }

  /** Why the life fails when its rows were refused (a gap), else undefined. */
  get refused(): string | undefined {
    return this.#refused;
  }

  /** Rows of this life reached the run folder. */
  get relayed(): boolean {
    return this.#relayed;
  }

  /** The VM's file on its host. */
  get hostFile(): string {
    return `${this.#host.scratchDir}/${csvFileName(this.#id)}`;
  }

  /** Returns why the rows were not written (also told once on the VM's output), else undefined. */
  write(offset: number, data: string | Buffer): string | undefined {
    // Once the run folder failed a write, what comes after stays on the host: neither written nor refused as a gap.
    const failed = this.#csv.failed;
    if (failed !== undefined) return `the run folder cannot take its rows (${failed})`;
    let refused: string | undefined;
    try {
      refused = this.#csv.write(offset, data);
    } catch (error) {
      const code = errorCode(error);
      const why = `the run folder cannot take them (${code})`;
      this.keep(why, false, false);
      this.#say(`its rows from byte ${this.#csv.length} stay on ${hostNamed(this.#host)} in ${this.hostFile}: ${why}`);
      this.#onCannotWrite(`cannot write ${this.#csv.path} (${code})`);
      return `the run folder cannot take its rows (${code})`;
    }
    if (refused === undefined && Buffer.byteLength(data) > 0) this.#relayed = true;
    if (refused === undefined || this.#refused !== undefined) return refused;
    // A hole of zero bytes in the run folder's CSV would pass for rows: the VM is stopped and its life fails.
    this.#refused = `had rows from host ${this.#host.name} refused (${refused})`;
    this.keep(`rows refused: ${refused}`, false, false);
    this.#say(`rows refused: ${refused}; they stay on host ${this.#host.name}`);
    this.#onRefused();
    return refused;
  }

  /**
   * For the manifest: its rows from what the run folder holds on stay in its file on the host, and why. `ifStarted`:
   * only if its start reached it (it makes that file on the start); `ifAny`: the launcher does not know whether that
   * file holds more (it never learned its size there).
   */
  keep(why: string, ifStarted: boolean, ifAny: boolean): void {
    this.#csv.keptOnHost({
      host: this.#host.name,
      file: this.hostFile,
      fromByte: this.#csv.length,
      why,
      ...(ifStarted ? { ifStarted: true as const } : {}),
      ...(ifAny ? { ifAny: true as const } : {}),
    });
  }
}
