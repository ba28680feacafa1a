/**
 * How long a run's phases may take before the VMs not there yet fail it: the start (listening, connected) has a
 * fixed time; being done has the run's stop instant, which every VM knew from its start, and the finish grace.
 */
import { meshConnectMs } from '../shared/mesh-deadlines.js';
import { finishGraceMs } from './stop-in-order.js';

/**
 * Time for every VM to start and listen, then for every VM to connect: the VMs' own connect time
 * (shared/mesh-deadlines.ts, measured; it grows with the square of their number) and 10 s more, so that a VM that
 * cannot connect fails first, naming the peers it waited for. 20 s up to 100 VMs, as the fixed limit was.
 */
export function startTimeoutMs(machines: number): number {
  return meshConnectMs(machines) + 10_000;
}

/** When a VM not done is given up: it knew the run's end from its start, and had the finish grace after it. */
export const notDoneAfter = `${finishGraceMs / 1000} s after the run's stop instant, which every VM was told with the start`;

/** How long from `nowMs` every VM has to be done: to the run's stop instant, then the finish grace. */
export function doneWithinMs(stopEpochMs: number, nowMs: number): number {
  return stopEpochMs - nowMs + finishGraceMs;
}
