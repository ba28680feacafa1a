/**
 * Whether a stop at some instant would cut any tick, by the VMs' own rule (shared/stop-tolerance.ts): a VM runs
 * every tick due before its stop, so a stop cuts one only when some VM has a deadline at or after the stop and
 * still before the run's planned stop. A Ctrl-C whose stop would cut none is too late: the run's ticks are complete.
 *
 * On several hosts the VMs get the start, the planned stop and any stop in their host's clock with one offset added
 * to all three (remote-host-state.ts), so their deadlines lie where the launcher's do, to float rounding: that can
 * only matter for a deadline within a microsecond of the stop, which the tolerance is there for.
 */
import { runsBeforeStop, tickDeadline } from '../shared/stop-tolerance.js';
import type { RunWindow } from './run-phases.js';

/** Whether a stop at `atEpochMs` cuts a tick of a VM ticking `rate` times per real second in `window`. */
export function stopCutsATick(window: RunWindow, rate: number, atEpochMs: number): boolean {
  const { startEpochMs, stopEpochMs } = window;
  // The first tick the stop keeps from running: estimated, then set right by the rule itself, as the VM applies it.
  let tick = Math.max(0, Math.floor(((atEpochMs - startEpochMs) * rate) / 1000));
  while (tick > 0 && !runsBeforeStop(tickDeadline(startEpochMs, rate, tick - 1), atEpochMs)) tick -= 1;
  while (runsBeforeStop(tickDeadline(startEpochMs, rate, tick), atEpochMs)) tick += 1;
  return runsBeforeStop(tickDeadline(startEpochMs, rate, tick), stopEpochMs);
}
