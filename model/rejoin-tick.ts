/**
 * The first tick a restarted VM runs: it rejoins the running schedule at its first deadline (k x 1000 / rate ms)
 * at or after the instant it is back, skipping those that passed while it was down. One formula for the VM process
 * (vm/vm-run.ts, real ms and real rate) and the simulation (sim/sim-faults.ts, virtual ms), so both skip alike.
 */
export function rejoinTick(elapsedMs: number, ticksPerSecond: number): number {
  return Math.max(0, Math.ceil((elapsedMs * ticksPerSecond) / 1000));
}
