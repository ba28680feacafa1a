/**
 * At the end of a run, a VM lost with its host before it was sent the start: it wrote nothing there (it makes its CSV
 * on the start), and it ends there by itself, at once when its channel's close reaches it, else after silentChannelMs
 * without a word from the launcher. Its host is only asked to make sure, and not at any cost: a host whose session the
 * launcher already lost is not asked (a new connection would wait out ssh's ConnectTimeout, up to 10 s, for nothing);
 * otherwise the VM is killed there at once (it has nothing to flush), in one command bounded at unstartedReapMs.
 */
import type { FetchResult } from './remote-csv-fetch.js';
import type { HostShell } from './remote-host-shell.js';
import { reapCommand } from './remote-vm-exit.js';

/** One round trip over the launcher's session (under 1 ms between the test hosts here), with room for a loaded host. */
export const unstartedReapMs = 2_000;

/** `pid`: the VM's process on its host, once it said hello. */
export async function reapUnstarted(
  shell: Pick<HostShell, 'run' | 'connectionLost'>,
  pid: number | undefined,
  id: number,
): Promise<FetchResult> {
  if (shell.connectionLost) return { ok: false, why: "not asked: the launcher's session there was lost too" };
  if (pid === undefined) return { ok: true, bytes: 0 };
  const reaped = await shell.run(reapCommand(pid, id, 0), unstartedReapMs);
  return reaped.ok ? { ok: true, bytes: 0 } : { ok: false, why: reaped.output.at(-1) ?? 'the command failed' };
}
