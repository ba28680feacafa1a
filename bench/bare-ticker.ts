/**
 * One bare reference process: the VM's tick loop and waits (vm/tick-scheduler.ts, vm/real-timer.ts) with nothing
 * in the tick but a time stamp: no links, no CSV, no clocks. It tells its parent it is ready, starts at the common
 * instant it is given (the same kind of barrier as a launcher run), and reports how late its ticks ran and the CPU
 * it used. Driven by bare-reference.ts over IPC.
 */
import { adoptHandedMapping, epochToLocalMs } from '../shared/precise-epoch.js';
import { realTimerFor } from '../vm/real-timer.js';
import { startNaps } from '../vm/start-nap.js';
import { runTickLoop } from '../vm/tick-scheduler.js';
import { rehearseTickLoop } from '../vm/warm-up.js';
import type { BareToParent, ParentToBare } from './bare-protocol.js';
import { summarizeLateness } from './lateness-summary.js';

const next = <T extends ParentToBare['type']>(type: T) =>
  new Promise<Extract<ParentToBare, { type: T }>>((resolve) => {
    const on = (raw: unknown) => {
      if ((raw as ParentToBare).type !== type) return;
      process.off('message', on);
      resolve(raw as Extract<ParentToBare, { type: T }>);
    };
    process.on('message', on);
  });
const tell = (message: BareToParent) =>
  new Promise<void>((resolve) => process.send?.(message, undefined, {}, () => resolve()));

// The bench's clock mapping, as a launched VM takes its launcher's (shared/precise-epoch.ts).
const clockProblem = adoptHandedMapping(process.env);
if (clockProblem !== undefined) throw new Error(clockProblem);
const { rate } = await next('init');
const realTimer = realTimerFor(rate);
// As a VM does before it is ready (vm/warm-up.ts): its first real tick is not the loop's first wake-up.
await rehearseTickLoop(realTimer, rate, () => realTimer.now());
const started = next('start');
// As a VM waits for its start (vm/start-nap.ts).
const naps = startNaps(realTimer);
await tell({ type: 'ready' });
const window = await started;
const toLocal = epochToLocalMs;
const startAt = toLocal(window.startEpochMs);
const lateMs: number[] = [];
const cpuBefore = process.cpuUsage();
// As a VM (vm/vm-run.ts), the loop is armed in the lead and the naps go on beside it: at the start instant only the
// loop's wake-up and tick 0 run.
const run = runTickLoop({
  timer: realTimer,
  rate,
  startAt,
  stopAt: toLocal(window.stopEpochMs),
  // As the VM stamps its row: the time at the start of the tick's work, against the deadline.
  onTick: (tick) => lateMs.push(realTimer.now() - startAt - (tick * 1000) / rate),
});
void naps.until(startAt);
await run.ended;
naps.stop();
const cpu = process.cpuUsage(cpuBefore);
const durationS = (window.stopEpochMs - window.startEpochMs) / 1000;
await tell({ type: 'done', ...summarizeLateness(lateMs, rate, durationS), cpuUs: cpu.user + cpu.system });
process.disconnect?.();
