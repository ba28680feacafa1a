/**
 * A VM under the launcher: the run arrives on the IPC channel, the outcome goes back on it.
 *
 * It obeys that channel only, never SIGINT or SIGTERM: a terminal's Ctrl-C signals the whole foreground process
 * group, VMs included, and a VM dying there would lose the run's accounting. The launcher hears the same Ctrl-C and
 * stops every VM at one instant over the channel; if the launcher dies, the channel closes and the VM stops
 * (launched-coordinator.ts), so ignoring these signals (main.ts, before this module loads) never leaves an orphan.
 */

import { exitCodes } from '../shared/exit-codes.js';
import type { LauncherToVm, VmToLauncher } from '../shared/ipc-messages.js';
import type { VmSpec } from '../shared/vm-spec.js';
import { launchedCoordinator } from './launched-coordinator.js';
import { runVm } from './vm-run.js';

export async function runLaunched(id: number): Promise<number> {
  const coordinator = launchedCoordinator(id);
  const spec = await new Promise<VmSpec>((resolve) => {
    const onInit = (raw: unknown) => {
      const message = raw as LauncherToVm;
      if (message.type !== 'init') return;
      process.off('message', onInit);
      resolve(message.spec);
    };
    process.on('message', onInit);
  });
  const log = {
    event: (line: string) => console.log(line),
    warn: (line: string) => console.error(line),
  };
  const outcome = await runVm(spec, coordinator, log);
  const reply: VmToLauncher = outcome.ok
    ? { type: 'done', id, stats: outcome.stats }
    : { type: 'failed', id, reason: outcome.reason, detail: outcome.detail };
  await new Promise<void>((resolve) => {
    if (!process.connected) return resolve();
    process.send?.(reply, undefined, {}, () => resolve());
  });
  // The launcher may be gone by now (its channel closed is what stopped us): disconnecting again would throw.
  if (process.connected) process.disconnect?.();
  return outcome.ok ? exitCodes.ok : exitCodes.failed;
}
