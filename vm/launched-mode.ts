/**
 * A VM under the launcher: the run arrives on the control channel (IPC, or SSH for a VM on another host), the
 * outcome goes back on it.
 *
 * It obeys that channel only, never SIGINT or SIGTERM: a terminal's Ctrl-C signals the whole foreground process
 * group, VMs included, and a VM dying there would lose the run's accounting. The launcher hears the same Ctrl-C and
 * stops every VM at one instant over the channel; if the launcher dies, the channel closes and the VM stops
 * (launched-coordinator.ts), so ignoring these signals (main.ts, before this module loads) never leaves an orphan.
 */

import { exitCodes } from '../shared/exit-codes.js';
import type { VmToLauncher } from '../shared/ipc-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { type ControlChannel, ipcChannel } from './control-channel.js';
import { launchedCoordinator } from './launched-coordinator.js';
import { writeVmEndRecord } from './vm-end-record-file.js';
import type { VmOutcome } from './vm-outcome.js';
import { runVm, type VmLog } from './vm-run.js';

/**
 * `log`: where the VM's own lines go (stdout is the channel itself for a VM over SSH). `onSpec`: what must be ready
 * before the run (a VM on another host makes its CSV's folder there); a line saying what could not be written fails
 * the VM at once, as a CSV it cannot create would. `writesEndRecord`: whether a VM whose launcher is gone writes its
 * end record beside its CSV (vm-end-record-file.ts): not on another host, where no reader looks for it and its
 * folder is removed once unused.
 */
export async function runLaunched(
  id: number,
  channel: ControlChannel = ipcChannel(),
  log: VmLog = { event: (line) => console.log(line), warn: (line) => console.error(line) },
  onSpec: (spec: VmSpec) => string | undefined = () => undefined,
  writesEndRecord = true,
): Promise<number> {
  const coordinator = launchedCoordinator(id, channel);
  let init: (spec: VmSpec) => void = () => {};
  const spec = new Promise<VmSpec>((resolve) => {
    init = resolve;
  });
  channel.onMessage((message) => {
    if (message.type === 'init') init(message.spec);
  });
  const cannotWrite = onSpec(await spec);
  const outcome: VmOutcome =
    cannotWrite === undefined
      ? await runVm(await spec, coordinator, log)
      : { ok: false, reason: 'cannot-write', detail: cannotWrite };
  // Its launcher died during the run: nobody hears the reply below, so the figures go beside its CSV instead.
  const goneAt = coordinator.launcherGoneAtEpochMs;
  if (outcome.ok && goneAt !== undefined && writesEndRecord) {
    const problem = await writeVmEndRecord(
      await spec,
      { stopEpochMs: goneAt, stats: outcome.stats },
      coordinator.drops,
    );
    if (problem !== undefined) log.warn(problem);
  }
  const reply: VmToLauncher = outcome.ok
    ? { type: 'done', id, stats: outcome.stats }
    : { type: 'failed', id, reason: outcome.reason, detail: outcome.detail };
  await channel.sendLast(reply);
  channel.close();
  return outcome.ok ? exitCodes.ok : exitCodes.failed;
}
