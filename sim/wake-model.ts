/**
 * How late a VM's tick runs after its deadline, in the simulation. A VM process sleeps until each deadline and the
 * OS wakes it a little after it (the timer's slack, other processes on the two cores): a fraction of a millisecond
 * typically, more than a copy takes over loopback. That order decides a race the classic experiment is full of: at
 * an instant two VMs' deadlines share (with rates 3, 4 and 5, every second; at every tick of two VMs at one rate), a
 * copy sent at the instant often reaches its peer before the peer's own late tick, which then takes it at once.
 * Ticks exactly at their deadlines never saw such a copy in time, so the sim had fewer receives without a clock gap
 * and smaller jumps than real processes (README "Simulation engine").
 *
 * Drawn per tick from a shifted log-normal fitted to real runs (wake-fit.ts), from a stream of its own per VM, so a
 * VM's event and fault draws are those of a sim without it.
 */
import type { LogNormalModel, LogNormalParams } from './log-normal.js';

/**
 * Fitted on 2026-12-02 to the 180 VMs of the notebook study at speed 20 (`launcher experiment config/experiment.json
 * --speed 20 --parallel 5 --seed 1000`, 60 trials of 3 VMs at 20-200 ticks/s), on this 2-core machine with other
 * work on it (load average 3-5), by `node dist/scripts/fit-wake.js` (`npm run bench`, step `sim`, refits it): the
 * median VM's ticks ran p10 0.24 ms, p50 0.77 ms and p99 4.7 ms after their deadlines (the model: 0.26, 0.71 and
 * 4.4 ms).
 */
export const fittedWake: LogNormalParams = { shiftUs: 0, mu: 6.56, sigma: 0.79 };

/**
 * One tick's lateness in ms, at most half the VM's period: the model is a wake-up's slack, not a machine too busy
 * for the rate, so a simulated tick never runs past the next one's deadline nor counts as late (the on-time figure
 * of a sim run stays 100%).
 */
export function wakeLateMs(model: LogNormalModel, rate: number): number {
  return Math.min(model.sampleMs(), 500 / rate);
}
