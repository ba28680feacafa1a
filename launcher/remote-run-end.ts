/**
 * The end of a run on hosts: each lost host that answers again is asked for its lost VMs' last rows (unless the run
 * was killed at once), the run folder's CSVs are closed, and each host not lost has its VMs' scratch CSVs removed,
 * but for those holding rows the run folder lacks (a fetch that failed, rows the run folder could not take) and the
 * earlier lives' files set aside before a restart: with them, the scratch folder stays. A lost host's all stay.
 * A stop signal meanwhile (`cut`: every VM has ended, nothing is left to stop) cuts the wait on the hosts still asked:
 * their sessions end at once, and the rows not fetched are recorded where they stay, as for a host that did not answer.
 */
import { posix } from 'node:path';
import { csvFileName } from '../run-folder/csv-columns.js';
import type { RemoteCsv } from './remote-csv.js';
import type { HostState } from './remote-host-state.js';
import { pauseMarks } from './remote-pause-guard.js';
import { shellWord } from './remote-ssh.js';

/** How long a lost host gets, at the end of a run, to let its VMs end and answer (remote-vm-exit.ts reapCommand). */
const recoverTimeoutMs = 10_000;

/** A host at the end of the run, with the VMs placed on it. */
export type HostAtEnd = { host: HostState; vms: readonly number[] };

/** Why rows a lost host was being asked for stay there when a stop signal cut the wait for its answer. */
export const cutWhy = 'a stop signal cut the wait for its answer';

/** `csvs`: each VM's CSV in the run folder, by VM id. */
export async function endRunOnHosts(
  hosts: readonly HostAtEnd[],
  csvs: ReadonlyMap<number, RemoteCsv>,
  ending: { killed: boolean; cut?: AbortSignal | undefined },
): Promise<void> {
  // Every host's rows first: on hosts that share a file system (namespace test hosts), one scratch folder is all.
  // A run killed at once (a second Ctrl-C) does not wait on lost hosts: their VMs' rows stay there, said so.
  const skip = ending.killed ? 'not asked: the run was killed at once' : undefined;
  const asking = new Set(hosts.map(({ host }) => host.shell));
  const cutWait = () => {
    for (const shell of asking) shell.close(cutWhy);
  };
  ending.cut?.addEventListener('abort', cutWait, { once: true });
  const complete = await Promise.all(
    hosts.map(({ host }) => recoverLostRows(host, skip, ending.cut).finally(() => asking.delete(host.shell))),
  ).finally(() => ending.cut?.removeEventListener('abort', cutWait));
  for (const csv of csvs.values()) csv.close();
  await Promise.all(
    hosts.map(async ({ host, vms }, index) => {
      // Rows the run folder lacks (a fetch that failed, a full disk) are only in their VM's file there: it stays.
      const whole = vms.filter((vm) => csvs.get(vm)?.rowsOnHost === undefined && csvs.get(vm)?.failed === undefined);
      if (complete[index] === true) await host.shell.run(cleanUpCommand(host.link.scratchDir, whole));
      host.shell.close();
    }),
  );
}

/**
 * The last rows of the VMs lost with the host, if it answers (`skip`: why it is not asked). True when every VM row
 * written on this host is in the run folder (its scratch folder may go).
 */
async function recoverLostRows(host: HostState, skip: string | undefined, cut?: AbortSignal): Promise<boolean> {
  if (host.lostLives.length === 0) return host.lost === undefined;
  let gaveUp = skip ?? (cut?.aborted === true ? cutWhy : undefined);
  // Those that may have rows there first: one never sent the start is asked only briefly (UnrelayedRows), and its
  // host not answering that soon must not keep the others' rows from being asked for.
  const lives = [...host.lostLives].sort((a, b) => Number(b.mayHaveRows) - Number(a.mayHaveRows));
  for (const life of lives) {
    if (cut?.aborted === true) gaveUp ??= cutWhy;
    const fetched = await life.recoverRows(recoverTimeoutMs, gaveUp);
    // A host that did not answer for one VM is not waited on again for each of the others.
    if (!fetched.ok) gaveUp ??= fetched.why;
  }
  return gaveUp === undefined;
}

/**
 * Removes the given VMs' files from the host's scratch folder, then the folder if nothing else is left in it: hosts
 * that share a file system (one NFS home, or namespace test hosts) share the folder, and another host's VM may have
 * rows there that never reached the run folder, as may a VM of this host's left out (its file, its set-aside copies).
 */
function cleanUpCommand(scratch: string, vms: readonly number[]): string {
  const files = vms.map((vm) => shellWord(posix.join(scratch, csvFileName(vm))));
  // Pause marks (remote-pause-guard.ts) a pause left, should its end not have reached the host.
  const marks = vms.map((vm) => `${shellWord(pauseMarks(scratch, vm))}-*`);
  const remove = files.length === 0 ? '' : `rm -f ${[...files, ...marks].join(' ')}; `;
  return `${remove}rmdir ${shellWord(scratch)} 2>/dev/null || true`;
}
