/** How fast the simulation engine runs in memory: ticks + deliveries per second of one simulation, no file written. */
import { simulate } from '../sim/simulate.js';
import { uniformSimPlan } from './uniform-sim-plan.js';

/** Ticks + deliveries per wall and per CPU second of one in-memory simulation; `rows` formats every CSV row (not written). */
export async function eventsPerSecond(machines: number, rate: number, seconds: number, rows: boolean) {
  let chars = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await simulate(
    uniformSimPlan(machines, rate, seconds, { seed: 3, latencyFigures: true }),
    rows
      ? (_vm, line) => {
          chars += line.length;
        }
      : undefined,
  );
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const events = result.ticks + result.deliveries;
  // Per CPU second as well: on a shared machine the wall clock counts other processes' time too.
  return { events, wallS, cpuS, perSecond: events / wallS, perCpuSecond: events / cpuS, chars };
}
