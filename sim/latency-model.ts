/**
 * How long a message copy takes from the sender's write to the receiver's network queue, in the simulation: a
 * shifted log-normal (log-normal.ts). The default is the fit to what real VMs measured on this machine's loopback
 * (README "Simulation engine"; `node dist/scripts/fit-latency.js` refits it from real run folders).
 */
import type { LogNormalParams } from './log-normal.js';

/**
 * Fitted on 2026-12-01 to the 180 VMs of the notebook study (60 trials) at speed 20, on this 2-core machine shared with
 * other builds (load average 6.6): `npm run bench` step `sim` runs `launcher experiment config/experiment.json --speed
 * 20 --parallel 5 --seed 1000` and refits (`fitShiftedLogNormal`, as `node dist/scripts/fit-latency.js RUN...` does).
 * The model gives p50 213 us, p99 3.8 ms: a sleeping receiver's wake-up is most of it; the link itself is ~50 us
 * (README, Performance). An earlier fit on a machine four times as loaded gave mu 5.746, sigma 2.256 (p99 59 ms).
 */
export const fittedLoopback: LogNormalParams = { shiftUs: 0, mu: 5.361, sigma: 1.242 };
