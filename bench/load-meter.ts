/**
 * How busy the machine was with work that is not the bench's: the whole machine's CPU over a step, minus the CPU of
 * the bench and every process it started (reaped children count into the bench's own figures). On a shared
 * 2-core box this says whether a step's figures were taken on a quiet machine.
 */
import { loadavg } from 'node:os';
import { machineBusyMs, ownTreeCpuMs } from './proc-stats.js';

export type LoadReading = { seconds: number; benchCores: number; otherCores: number; loadAvg1: number };

export function startLoadMeter(): () => LoadReading {
  const started = { at: performance.now(), machine: machineBusyMs(), own: ownTreeCpuMs() };
  return () => {
    const wallMs = performance.now() - started.at;
    const machine = machineBusyMs() - started.machine;
    const own = ownTreeCpuMs() - started.own;
    return {
      seconds: wallMs / 1000,
      benchCores: own / wallMs,
      otherCores: Math.max(0, machine - own) / wallMs,
      loadAvg1: loadavg()[0] ?? 0,
    };
  };
}
