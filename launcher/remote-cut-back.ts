/**
 * Before a restarted life on another host: its file there is cut back to what the run folder holds, so that the
 * relay goes on from the same byte in both. When the life before left rows there that could not be fetched (the
 * CSV's record of them), the file is first copied whole under a name of its own (`vm-1.life-1.csv`): the new life
 * goes on from the run folder's byte, and the rows the run folder lacks are kept, not cut off.
 */
import { posix } from 'node:path';
import type { RemoteCsv } from './remote-csv.js';
import { refuseLink } from './remote-csv-fetch.js';
import { hostNamed, type RemoteHostLink } from './remote-host-link.js';
import { shellWord } from './remote-ssh.js';
import { cutBackCommand } from './remote-vm-exit.js';

/** What the command prints when it made the copy (a file that held nothing past the run folder's end needs none). */
export const setAsideMark = 'clocklab-set-aside';

/** Life `life`'s copy of the VM's file `file`, beside it: `vm-1.csv` -> `vm-1.life-1.csv`. */
export function asideFile(file: string, life: number): string {
  return posix.join(posix.dirname(file), `${posix.basename(file, '.csv')}.life-${life}.csv`);
}

/**
 * Copies `file` to `aside` (never over a file already there) and cuts `file` back to `bytes`, when it holds more;
 * prints setAsideMark once both are done. A copy whose cut-back failed is removed, so the record still names `file`,
 * whole. Its status is non-zero when either failed (cp's or truncate's complaint its last line); a missing file is
 * fine only when nothing is to be kept, as for a plain cut-back.
 */
export function setAsideCommand(file: string, aside: string, bytes: number): string {
  const from = shellWord(file);
  const to = shellWord(aside);
  return (
    `${refuseLink(from)}elif [ -f ${from} ]; then size=$(wc -c < ${from}) && if [ "$size" -gt ${bytes} ]; then ` +
    `[ ! -e ${to} ] && [ ! -L ${to} ] && cp ${from} ${to} 2>&1 && { truncate -s ${bytes} ${from} 2>&1 || { rm -f ${to}; false; }; } && ` +
    `echo ${setAsideMark}; fi; else [ ${bytes} -eq 0 ]; fi`
  );
}

/** A restarted life's file on its host: where it is, the run folder's CSV it feeds, and the VM's output line. */
export type CutBackTarget = {
  host: Pick<RemoteHostLink, 'name' | 'ssh' | 'shell'>;
  file: string;
  csv: Pick<RemoteCsv, 'life' | 'rowsOnHost' | 'dropKept' | 'setAside'>;
  say(line: string): void;
};

/**
 * Cuts the file back to `resumeAt` bytes, setting it aside first when the CSV records rows of the life before there.
 * If that fails the relay would write past the run folder's end, or the rows would be cut off: returns why, naming
 * the host, and the life ends before its VM starts (its file there as it was, the record naming it).
 */
export async function cutBackForRestart(target: CutBackTarget, resumeAt: number): Promise<string | undefined> {
  const { host, file, csv } = target;
  const kept = csv.rowsOnHost;
  const life = csv.life - 1;
  const aside = asideFile(file, life);
  const command = kept === undefined ? cutBackCommand(file, resumeAt) : setAsideCommand(file, aside, resumeAt);
  const result = await host.shell.run(command);
  if (!result.ok) {
    const why = result.output.at(-1) ?? 'the command failed';
    const what = kept === undefined ? 'cut back' : `set aside as ${aside} and cut back`;
    return `could not restart: its CSV on ${hostNamed(host)} could not be ${what} to ${resumeAt} bytes (${why})`;
  }
  if (kept === undefined) return undefined;
  if (result.output.includes(setAsideMark)) {
    csv.setAside(aside);
    target.say(
      `its life ${life}'s rows from byte ${resumeAt} on could not be fetched (${kept.why}): they stay on ${hostNamed(host)} in ${aside}; its life ${life + 1} goes on from that byte`,
    );
  } else {
    csv.dropKept();
    target.say(
      `its file on ${hostNamed(host)} holds nothing past byte ${resumeAt}: no row of its life ${life} is missing`,
    );
  }
  return undefined;
}
