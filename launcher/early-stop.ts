/**
 * The decisions in ending a run early: whether a Ctrl-C stops anything (a stop that would cut no tick is too late),
 * and which stop instant a run stopped in order keeps (stop-in-order.ts stops it).
 */
import type { VmSpec } from '../shared/vm-spec.js';
import type { RunWindow } from './run-phases.js';
import { stopCutsATick } from './stop-cuts-ticks.js';
import { type StopContext, stopInOrder, stopInstant } from './stop-in-order.js';

/** The manifest's reason for a run whose VMs a second signal killed before the stop instant the first one told. */
export const killedBeforeTheStop =
  'stopped by a signal to the launcher, then killed at once by a second one before the stop instant it told the VMs';

/** A stop sent now would cut no tick of any VM: each one's next deadline after it is at or past the run's stop. */
export function tooLateToStop(
  window: RunWindow | undefined,
  specs: readonly VmSpec[],
  context: Pick<StopContext, 'ids' | 'timer' | 'extraLeadMs'>,
): boolean {
  if (window === undefined) return false;
  const stopAt = stopInstant(context);
  return !specs.some((spec) => stopCutsATick(window, spec.clockRate, stopAt));
}

/** A failed run's stop instant (epoch ms), and whether a second signal killed its VMs in the stop's lead. */
export type KeptStop = { stopEpochMs: number | undefined; killedInLead: boolean };

/**
 * Stops a failed run in order. It keeps the stop instant its VMs were told, never past the run's own stop (a VM only
 * moves its stop earlier); none when they were killed before the start, or killed before that instant.
 */
export async function stopFailedRun(
  context: Omit<StopContext, 'started'> & { window: RunWindow | undefined; killedAt(): number | undefined },
): Promise<KeptStop> {
  const { window } = context;
  const toldStop = await stopInOrder({ ...context, started: window !== undefined });
  if (toldStop === undefined || window === undefined) return { stopEpochMs: undefined, killedInLead: false };
  const stopEpochMs = Math.min(toldStop, window.stopEpochMs);
  const killedAt = context.killedAt();
  // Killed in the stop's lead: no VM stopped at the instant told, so the run has no stop instant.
  if (killedAt !== undefined && killedAt < stopEpochMs) return { stopEpochMs: undefined, killedInLead: true };
  return { stopEpochMs, killedInLead: false };
}
