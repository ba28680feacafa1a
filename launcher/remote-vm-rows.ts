/**
 * A remote VM's rows on their way into the run folder: the ones it relays over its channel, and the ones it wrote
 * but never relayed (killed, or its channel stalled), fetched from its file on its host through the launcher's shell
 * session there. A restarted life's file there is first cut back to what the run folder holds. Rows that would
 * leave a gap are refused: the VM is then stopped and its life fails.
 */
import { csvFileName } from '../run-folder/csv-columns.js';
import { errorCode } from '../run-folder/unreadable.js';
import type { RemoteCsv } from './remote-csv.js';
import { fetchRest } from './remote-csv-fetch.js';
import { hostNamed, type RemoteHostLink } from './remote-host-link.js';
import { cutBackCommand } from './remote-vm-exit.js';

export class RemoteVmRows {
  readonly #host: RemoteHostLink;
  readonly #id: number;
  readonly #csv: RemoteCsv;
  readonly #say: (line: string) => void;
  readonly #onRefused: () => void;
  #refused: string | undefined;

  /** `say`: one line on the VM's output; `onRefused`: rows were refused (once), the VM is to be stopped. */
  constructor(host: RemoteHostLink, id: number, csv: RemoteCsv, say: (line: string) => void, onRefused: () => void) {
    this.#host = host;
    this.#id = id;
    this.#csv = csv;
    this.#say = say;
    this.#onRefused = onRefused;
  }

  /** Why the life fails when its rows were refused (a gap), else undefined. */
  get refused(): string | undefined {
    return this.#refused;
  }

  /** The VM's file on its host. */
  get hostFile(): string {
    return `${this.#host.scratchDir}/${csvFileName(this.#id)}`;
  }

  /** Returns why the rows were not written (also told once on the VM's output), else undefined. */
  write(offset: number, data: string | Buffer): string | undefined {
    let refused: string | undefined;
    try {
      refused = this.#csv.write(offset, data);
    } catch (error) {
      const why = `its rows cannot be written into the run folder (${errorCode(error)}): kept on host ${this.#host.name}`;
      this.#say(why);
      return why;
    }
    if (refused === undefined || this.#refused !== undefined) return refused;
    // A hole of zero bytes in the run folder's CSV would pass for rows: the VM is stopped and its life fails.
    this.#refused = `had rows from host ${this.#host.name} refused (${refused})`;
    this.#say(`rows refused: ${refused}; they stay on host ${this.#host.name}`);
    this.#onRefused();
    return refused;
  }

  /**
   * Before a restarted life: its file on the host is cut back to the `resumeAt` bytes the run folder holds, so the
   * relay goes on from there. If that fails the relay would write past the run folder's end: returns why, naming the
   * host, and the life ends before its VM starts.
   */
  async cutBack(resumeAt: number): Promise<string | undefined> {
    const result = await this.#host.shell.run(cutBackCommand(this.hostFile, resumeAt));
    if (result.ok) return undefined;
    const why = result.output.at(-1) ?? 'the command failed';
    return `could not restart: its CSV on ${hostNamed(this.#host)} could not be cut back to ${resumeAt} bytes (${why})`;
  }

  /** The rows the VM wrote but never relayed: read from its file on the host, from where the relay stopped. */
  async fetchRest(): Promise<void> {
    const from = this.#csv.length;
    const fetched = await fetchRest(this.#host.shell, this.hostFile, from, (offset, bytes) =>
      this.write(offset, bytes),
    );
    if (!fetched.ok)
      this.#say(`could not fetch its rows after byte ${from} from ${hostNamed(this.#host)}: ${fetched.why}`);
  }
}
