/**
 * How a remote VM is started and how its end is read. The VM runs under the host's shell, which prints the VM's exit
 * status on stderr when it ends: with that line the VM itself ended (a code, or a signal as 128 + n); without it the
 * ssh connection ended first, and the host is what was lost.
 */
import { constants } from 'node:os';
import { refuseLink } from './remote-csv-fetch.js';
import { lastLine, shellWord } from './remote-ssh.js';
import { vmNodeOptions } from './vm-node-options.js';

const exitMarker = /^clocklab-vm-exit (\d+)$/;
/**
 * The host shell's own notice that the VM it ran was killed (bash: `bash: line 1: 4242 Killed   node ... --stdio`;
 * dash: `Killed`): the exit status that follows says the same, so it is not shown as the VM's output.
 */
const killNotice = /^(?:(?:\S+: )?(?:line \d+: +)?\d+ +Killed +node .*dist\/vm\/main\.js --id \d+ --stdio|Killed)$/;

export function remoteVmCommand(dir: string, id: number, rate: number): string {
  // The same options as a local VM's (vm-node-options.ts says why); none needs quoting.
  const flags = vmNodeOptions(rate)
    .map((option) => ` ${option}`)
    .join('');
  return `cd ${shellWord(dir)} && node${flags} dist/vm/main.js --id ${id} --stdio; echo "clocklab-vm-exit $?" >&2`;
}

/** The VM's exit status when `line` (from the session's stderr) is the shell's report of it. */
export function exitStatusIn(line: string): number | undefined {
  const marker = exitMarker.exec(line);
  return marker === null ? undefined : Number(marker[1]);
}

export function vmEnded(status: number): RemoteEnd {
  const signal = status > 128 ? Object.entries(constants.signals).find(([, n]) => n === status - 128)?.[0] : undefined;
  return signal === undefined ? { code: status, signal: undefined } : { code: undefined, signal };
}

export function hostLost(name: string, ssh: string, why: string): RemoteEnd {
  return {
    code: undefined,
    signal: undefined,
    lost: `was lost: host ${name} (${ssh}) became unreachable (${why})`,
  };
}

/**
 * Cuts the VM's file on its host back to `bytes` when it holds more (never lengthens it). Its status is truncate's
 * when it ran, so a failed cut-back is seen; a missing file is fine only when nothing is to be kept.
 */
export function cutBackCommand(file: string, bytes: number): string {
  const quoted = shellWord(file);
  return (
    `${refuseLink(quoted)}elif [ -f ${quoted} ]; then size=$(wc -c < ${quoted}) && { [ "$size" -le ${bytes} ] || truncate -s ${bytes} ${quoted}; }; ` +
    `else [ ${bytes} -eq 0 ]; fi`
  );
}

/**
 * At the end of a run, for a VM whose channel was lost while its host still answers: waits up to `waitMs` (6 s) for it
 * to end by itself (a VM stops in order when its channel closes: up to 5 s for its peers' end markers), then kills it
 * if it still runs there. Only a process running this VM's command is touched (its pid may be another's by then).
 */
export function reapCommand(pid: number, id: number, waitMs = 6_000): string {
  const runs = `ps -o args= -p ${pid} 2>/dev/null | grep -q -- '--id ${id} --stdio'`;
  const polls = Math.ceil(waitMs / 100);
  const wait = polls > 0 ? `n=0; while [ $n -lt ${polls} ] && ${runs}; do sleep 0.1; n=$((n+1)); done; ` : '';
  return `${wait}if ${runs}; then kill -KILL ${pid}; fi`;
}

export type RemoteEnd = { code: number | undefined; signal: string | undefined; lost?: string; neverReached?: true };

/**
 * A VM whose ssh session ended before the VM said a word (no hello, no exit status): the host, its sshd or the
 * network did not let it start, which `why` (ssh's last complaint) says; it did not "become" unreachable.
 */
export function hostNeverReached(name: string, ssh: string, why: string): RemoteEnd {
  return {
    code: undefined,
    signal: undefined,
    lost: `was never reached on host ${name} (${ssh}): its ssh session ended before the VM started there (${why})`,
    neverReached: true,
  };
}

/**
 * Reads how a remote VM's life ended from its session's stderr: the shell's report of the VM's status when it came,
 * else a VM the launcher's own kill reached on its host (dead, whatever became of its channel), else a lost host
 * named with ssh's last complaint.
 */
export class RemoteExitReading {
  #status: number | undefined;
  #sshError = '';
  #killed = false;

  /** Reads one stderr line; returns it when it is for the user (not the exit status). */
  read(line: string): string | undefined {
    const status = exitStatusIn(line);
    if (status !== undefined) {
      this.#status = status;
      return undefined;
    }
    if (killNotice.test(line)) return undefined;
    if (line.trim() !== '') this.#sshError = line;
    return line;
  }

  /** The launcher's SIGKILL was delivered to the VM on its host. */
  killed(): void {
    this.#killed = true;
  }

  /** True when the VM's own end is known (its rows on the host are then final and can be fetched). */
  get vmEnded(): boolean {
    return this.#status !== undefined || this.#killed;
  }

  /**
   * The end, once the ssh client closed with `code` / `signal`; `reached`: the VM said hello on its channel (else a
   * lost session never reached it).
   */
  end(
    host: { name: string; ssh: string },
    code: number | null,
    signal: NodeJS.Signals | null,
    reached = true,
  ): RemoteEnd {
    if (this.#status !== undefined) return vmEnded(this.#status);
    if (this.#killed) return { code: undefined, signal: 'SIGKILL' };
    const why = lastLine(this.#sshError) || (signal === null ? `ssh exit code ${code}` : `ssh ended by ${signal}`);
    return reached ? hostLost(host.name, host.ssh, why) : hostNeverReached(host.name, host.ssh, why);
  }
}
