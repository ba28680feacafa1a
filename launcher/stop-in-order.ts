/**
 * Ending a run early (a failure, an interrupt) as VMs end it themselves: every VM stops ticking at one instant just
 * ahead, trades end markers and flushes its CSV; one that has not ended after the grace is killed. Before the start
 * nothing ticked, so there is nothing to flush: every VM is killed at once.
 */
import type { TimerPort } from '../shared/timer-port.js';
import type { VmFleet } from './vm-fleet.js';

/** After the stop instant, how long the VMs get to trade end markers and flush before they are killed. */
export const finishGraceMs = 15_000;
/**
 * Lead time between a stop message and its instant, so every VM hears it first. Not the start lead: a stop reaches
 * VMs that are ticking (at 5000/s blocked in their waits), which the start lead's measurement (of VMs napping idle,
 * start-lead.ts) does not cover; this is the lead the stop paths were tested with.
 */
const stopLeadMs = (machines: number) => Math.max(50, 30 + 3 * machines);

export type StopContext = {
  fleet: VmFleet;
  ids: readonly number[];
  timer: TimerPort;
  /** The VMs were told the start instant: they may be ticking. */
  started: boolean;
  /** What the transport needs on top of the lead (the hosts' round trips), asked when the stop is sent. */
  extraLeadMs: () => number;
};

/** The instant a stop sent now names (epoch ms): far enough ahead that every VM hears it first. */
export function stopInstant({ ids, timer, extraLeadMs }: Pick<StopContext, 'ids' | 'timer' | 'extraLeadMs'>): number {
  return timer.now() + stopLeadMs(ids.length) + extraLeadMs();
}

/** The stop instant the VMs were told (epoch ms, the launcher's clock); undefined when they were killed at once. */
export async function stopInOrder(context: StopContext): Promise<number | undefined> {
  const { fleet, ids, timer, started } = context;
  if (!started) {
    fleet.kill();
    return undefined;
  }
  for (const id of ids) fleet.signal(id, 'SIGCONT'); // a paused VM must run to stop in order
  const atEpochMs = stopInstant(context);
  fleet.broadcast({ type: 'stop', atEpochMs });
  const grace = timer.setTimer(() => fleet.kill(), finishGraceMs);
  await fleet.exited();
  grace.cancel();
  return atEpochMs;
}
