/**
 * The rows a remote VM wrote but never relayed (killed, or its channel stalled), fetched from its file on its host
 * through the launcher's shell session there; for a VM lost with its host, at the end of the run if the host answers
 * again. Fetched rows go into the run folder through the relay (remote-vm-rows.ts), which refuses a gap. Rows that
 * could not be fetched stay in that file, recorded (rows-on-host.ts), and are asked for once more before a restart. A
 * restarted life's file there is first cut back to what the run folder holds; rows the run folder still lacks are set
 * aside first, whole, under a name of their own (remote-cut-back.ts).
 */
import type { RemoteCsv } from './remote-csv.js';
import { type FetchResult, fetchRest } from './remote-csv-fetch.js';
import { cutBackForRestart } from './remote-cut-back.js';
import { hostNamed, type RemoteHostLink } from './remote-host-link.js';
import { reapUnstarted } from './remote-unstarted-reap.js';
import { reapCommand } from './remote-vm-exit.js';
import type { RemoteVmRows } from './remote-vm-rows.js';

export class UnrelayedRows {
  readonly #host: RemoteHostLink;
  readonly #id: number;
  readonly #csv: RemoteCsv;
  readonly #say: (line: string) => void;
  readonly #relay: Pick<RemoteVmRows, 'write' | 'relayed' | 'hostFile' | 'keep'>;
  /** Its fetch after its kill failed: its rows past the run folder's end may be in its file there (recorded). */
  #unfetched = false;
  /** Its file's size on its host, once a fetch that failed learned it: rows past the run folder's end are there. */
  #sizeThere: number | undefined;

  /** `relay`: the VM's rows as they are relayed (the same VM, host and CSV); `say`: one line on the VM's output. */
  constructor(
    host: RemoteHostLink,
    id: number,
    csv: RemoteCsv,
    say: (line: string) => void,
    relay: Pick<RemoteVmRows, 'write' | 'relayed' | 'hostFile' | 'keep'>,
  ) {
    this.#host = host;
    this.#id = id;
    this.#csv = csv;
    this.#say = say;
    this.#relay = relay;
  }

  /**
   * Before a restarted life: its file on the host is cut back to the `resumeAt` bytes the run folder holds, set
   * aside first when the life before left rows there (remote-cut-back.ts). Returns why when that failed.
   */
  cutBack(resumeAt: number): Promise<string | undefined> {
    const file = this.#relay.hostFile;
    return cutBackForRestart({ host: this.#host, file, csv: this.#csv, say: this.#say }, resumeAt);
  }

  /**
   * After a kill: the rows the VM wrote but never relayed, from its file on the host, from where the relay stopped.
   * When that fails they stay there: recorded for the manifest, and that file is kept at the end of the run.
   */
  async fetchRest(): Promise<void> {
    const from = this.#csv.length;
    const fetched = await this.#fetch();
    if (fetched.ok) return;
    this.#unfetched = true;
    const any = this.#ifAny(fetched);
    this.#relay.keep(fetched.why, false, any);
    const where = `${hostNamed(this.#host)}: ${fetched.why}; they stay there in ${this.#relay.hostFile}`;
    this.#say(`could not fetch its rows after byte ${from}${any ? ', if any,' : ''} from ${where}`);
  }

  /**
   * Before the VM's restart, when the fetch after its kill failed (its host answers now: a process is about to start
   * there): its rows are asked for again. Fetched, they are in the run folder before the restart reads it, and no
   * record stays; else the record is renewed with this fetch's why, and the cut-back sets the file aside.
   */
  async fetchAgain(): Promise<void> {
    if (!this.#unfetched) return;
    const from = this.#csv.length;
    const fetched = await this.#fetch();
    this.#csv.dropKept();
    if (!fetched.ok) {
      this.#relay.keep(fetched.why, false, this.#ifAny(fetched));
      return;
    }
    this.#unfetched = false;
    this.#say(
      `its rows after byte ${from}, not fetched at its kill, were fetched from ${hostNamed(this.#host)} before its restart`,
    );
  }

  /**
   * At the end of a run, for a VM lost with its host (`pid` its process there): if the host answers again, the VM is
   * made sure to have ended there, then the rows it wrote after its last relay are fetched. `gaveUp`: the host did
   * not answer for another of its VMs just before, so it is not asked again. `startSent`: the launcher sent this life
   * its start (it makes its CSV only once the start reaches it; one never sent it is only made sure to be gone, and
   * not at the cost of a new connection: remote-unstarted-reap.ts). Says the outcome in one line, as much as is known;
   * returns whether its rows are all in the run folder (its file there may then go).
   */
  async recover(pid: number | undefined, timeoutMs: number, startSent: boolean, gaveUp?: string): Promise<FetchResult> {
    const from = this.#csv.length;
    const wrote = startSent || this.#relay.relayed;
    const ask = wrote ? () => this.#reapAndFetch(pid, timeoutMs) : () => reapUnstarted(this.#host.shell, pid, this.#id);
    const host = hostNamed(this.#host);
    // A host that does not answer takes a while to give up on: the wait is said, and that a signal ends it.
    if (wrote && gaveUp === undefined)
      this.#say(`asking ${host} for its rows after byte ${from}, never relayed (Ctrl-C stops waiting)`);
    const fetched: FetchResult = gaveUp === undefined ? await ask() : { ok: false, why: gaveUp };
    const file = this.#relay.hostFile;
    if (fetched.ok) {
      if (fetched.bytes > 0)
        this.#say(`its rows after byte ${from}, never relayed, were fetched from ${host} at the end`);
    } else if (!wrote) {
      // Lost before its start went out: it never made its CSV there, so nothing of it is left to fetch.
      this.#say(`no row of it stays on ${host}: it was never sent the start, so it wrote none (${fetched.why})`);
    } else if (!this.#relay.relayed) {
      // Cut off as its start went out: whether the start reached it, only its host knows.
      this.#relay.keep(fetched.why, true, false);
      this.#say(
        `no row of it came after its start was sent; if the start reached it, its rows after byte ${from} stay on ${host} in ${file} (${fetched.why})`,
      );
    } else {
      const any = this.#ifAny(fetched);
      this.#relay.keep(fetched.why, false, any);
      this.#say(`its rows after byte ${from}${any ? ', if any,' : ''} stay on ${host} in ${file} (${fetched.why})`);
    }
    return fetched;
  }

  /**
   * A failed fetch: true when no answer ever gave its file's size on the host (this one, or an earlier try), so
   * whether rows follow the run folder's end there the launcher cannot know (its last relay may have carried all).
   */
  #ifAny(fetched: { hostBytes?: number }): boolean {
    this.#sizeThere = fetched.hostBytes ?? this.#sizeThere;
    return this.#sizeThere === undefined;
  }

  async #reapAndFetch(pid: number | undefined, timeoutMs: number): Promise<FetchResult> {
    if (pid !== undefined) {
      const reaped = await this.#host.shell.run(reapCommand(pid, this.#id), timeoutMs);
      if (!reaped.ok) return { ok: false, why: reaped.output.at(-1) ?? 'the command failed' };
    }
    return this.#fetch();
  }

  #fetch(): Promise<FetchResult> {
    const write = (offset: number, bytes: Buffer) => this.#relay.write(offset, bytes);
    return fetchRest(this.#host.shell, this.#relay.hostFile, this.#csv.length, write);
  }
}
