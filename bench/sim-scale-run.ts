/**
 * `node dist/bench/sim-scale-run.js MACHINES RATE SECONDS`: one large simulation in a process of its own, so its
 * peak memory is its own. The rows are made (every rule runs) but not formatted or written: 1,000 VMs at 100/s
 * for 60 s would be ~6 million rows of ~1,000-entry vectors, tens of GB of CSV. Prints one JSON line.
 */
import { simulate } from '../sim/simulate.js';
import { uniformSimPlan } from './uniform-sim-plan.js';

const [machines = 1000, rate = 100, seconds = 60] = process.argv.slice(2).map(Number);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await simulate(uniformSimPlan(machines, rate, seconds, { seed: 1, latencyFigures: false }), undefined);
const wallS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const pending = result.vms.reduce((sum, vm) => sum + vm.machine.pending().length, 0);
console.log(
  JSON.stringify({
    machines,
    rate,
    seconds,
    ticks: result.ticks,
    deliveries: result.deliveries,
    pending,
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
