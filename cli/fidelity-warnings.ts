/**
 * Where a config (often through time compression) asks more of the machine than it can do faithfully: the lines to
 * warn with before the run. The thresholds come from `npm run bench` on a 2-core machine (see README, Performance).
 */
import { counted } from '../shared/counted.js';

/** Below this tick period, timer lateness (p99 about 1 ms) is a sizeable part of every tick. */
const minTickPeriodMs = 1;
/** Ticks per second, summed over every VM, that one core sustains with headroom. */
const ticksPerCorePerSecond = 10_000;

export function fidelityWarnings(realRates: readonly number[], cores: number): string[] {
  const warnings: string[] = [];
  const fastest = Math.max(...realRates);
  if (1000 / fastest < minTickPeriodMs) {
    warnings.push(
      `warning: the fastest VM ticks every ${(1000 / fastest).toFixed(3)} ms (${fastest}/s real); below ${minTickPeriodMs} ms ` +
        'timer and scheduling delays are a large share of a tick, so achieved rates and drift figures lose fidelity',
    );
  }
  const total = realRates.reduce((sum, rate) => sum + rate, 0);
  if (total > ticksPerCorePerSecond * cores) {
    warnings.push(
      `warning: ${Math.round(total)} ticks/s in all on ${counted(cores, 'core')} (about ${ticksPerCorePerSecond}/s per core is faithful); ` +
        'VMs will fall behind their deadlines',
    );
  }
  return warnings;
}
