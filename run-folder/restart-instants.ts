/**
 * A VM's restarts, as the launcher (or the sim) saw them, for the manifest's per-VM `restarts`: for each injected
 * kill a new life came back from, when the launcher killed the life it replaced and when the new life rejoined the
 * running schedule (was handed the running window: its first tick is the first deadline after that). Real ms after
 * the start, on the clock the VM's rows count on, as stopElapsedMs. The analysis counts the ticks due in between as
 * lost with the kill, not late (analysis/restart-downtime.ts). Absent for a VM never restarted, and in runs of older
 * launchers, whose down time still counts as due.
 */
import { z } from 'zod';
import { microsecondMs } from '../shared/microsecond-ms.js';

export const RestartInstant = z.object({
  /** When the launcher killed the life this restart replaced. */
  killElapsedMs: z.number().min(0),
  /** When the new life rejoined the running schedule. */
  rejoinElapsedMs: z.number().min(0),
});
export type RestartInstant = z.infer<typeof RestartInstant>;

export const RestartInstants = z.array(RestartInstant);
export type RestartInstants = z.infer<typeof RestartInstants>;

/** Restarts as the real engine writes them, to the microsecond: the sim's virtual instants without their float noise. */
export function toMicrosecond(restarts: RestartInstants): RestartInstants {
  return restarts.map(({ killElapsedMs, rejoinElapsedMs }) => ({
    killElapsedMs: microsecondMs(killElapsedMs),
    rejoinElapsedMs: microsecondMs(rejoinElapsedMs),
  }));
}

/**
 * What is wrong with a VM's restarts (a manifest edited by hand), or null: each rejoin comes after its kill, each
 * kill after the rejoin before it, and all within the run's real length and before the VM's own stop.
 */
export function restartInstantsIssue(
  restarts: RestartInstants,
  endMs: number,
): { index: number; message: string } | null {
  let after = 0;
  for (const [index, { killElapsedMs: kill, rejoinElapsedMs: rejoin }] of restarts.entries()) {
    if (kill < after || rejoin < kill || rejoin > endMs) {
      const allowed = `kill <= rejoin <= ${endMs} (the VM's stop, else the run's real length), after the restart before it`;
      return { index, message: `found kill ${kill}, rejoin ${rejoin}; allowed: ${allowed}` };
    }
    after = rejoin;
  }
  return null;
}
