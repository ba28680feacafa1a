/**
 * Runs a VM's tick path on throwaway state before the VM reports it is ready, so its first real ticks are not its
 * first calls. Every VM starts at the same instant; cold, each one's first ticks parse and compile the tick code
 * (no optimising compiler under 500/s: every function's first call is a lazy compile), and 32-64 processes doing
 * that at once on 2 cores made the first ticks 10-30 ms late. The VM's own tick work (tick-work.ts) runs here with
 * rows going through the VM's own writer into the null device, first in a tight loop, then under the real tick loop
 * and timer for a few ticks: the wake-up path (a timer firing, the loop's step, its choice of wait) cost each
 * process about 1 ms of CPU at its first tick, 64 of them at once. Nothing here touches the VM's own clocks, random
 * stream, files or sockets (wire-warm-up.ts warms the sockets' path on a link of its own).
 */

import { devNull } from 'node:os';
import { LatencyHistogram } from '../model/latency-histogram.js';
import { Machine } from '../model/machine.js';
import { RunStats } from '../model/run-stats.js';
import { seededRandom } from '../shared/seeded-random.js';
import { CsvLog } from './csv-log.js';
import { FrameDecoder } from './frame-decoder.js';
import { messageIntake } from './message-intake.js';
import { runTickLoop, type TickTimer } from './tick-scheduler.js';
import { precisePeriodMs } from './tick-wait.js';
import { tickWork } from './tick-work.js';

/**
 * Enough rounds to compile every function of the tick path once; a VM fast enough to keep V8's optimising compiler
 * (launcher/vm-node-options.ts) runs enough for it to optimise them before the start, not in its first second.
 */
export const warmUpRounds = (rate: number): number => (rate >= 500 ? 3000 : 64);

/**
 * Ticks of the real loop rehearsed: the first runs at once (the loop's immediate path), the second after a wait
 * and the timer's wake-up, the path of every tick of the run. A third ran no code the two had not (and cost a slow
 * VM 6 ms of its start-up).
 */
export const rehearsalTicks = 2;

/**
 * The rate the loop is rehearsed at: the VM's own where its period takes the sub-millisecond waits, and just over
 * their limit where it sleeps in whole milliseconds (the same code and waits, in ~20 ms instead of a slow VM's
 * seconds).
 */
export const rehearsalRate = (rate: number): number =>
  1000 / rate > precisePeriodMs ? 1000 / (precisePeriodMs + 1) : rate;

/** Runs the tick loop for real, from now, for `rehearsalTicks` ticks at the rehearsal rate of `rate`. */
export function rehearseTickLoop(timer: TickTimer, rate: number, onTick: (tick: number) => void): Promise<void> {
  const at = rehearsalRate(rate);
  const startAt = timer.now();
  const stopAt = startAt + (rehearsalTicks * 1000) / at;
  const { loop, ended } = runTickLoop({ timer, rate: at, startAt, stopAt, onTick });
  // A no-op here, but the run calls it as its loop starts: not for the first time then.
  loop.stopBy(stopAt);
  return ended.then(() => {});
}

export type WarmUpFor = { id: number; machines: number; eventRange: number; clockRate: number };

/** Returns the ticks run and the frames decoded, so the work cannot be optimised away (and tests can see it ran). */
export async function warmUp(vm: WarmUpFor, timer: TickTimer): Promise<{ ticks: number; frames: number }> {
  const machine = new Machine(vm.id, vm.machines, vm.eventRange, seededRandom(0, 0));
  const decoder = new FrameDecoder();
  const csv = new CsvLog(devNull, vm.id, true);
  let frames = 0;
  const intake = messageIntake({
    machine,
    latency: new LatencyHistogram(),
    peerOffsetsMs: new Float64Array(vm.machines),
    faults: undefined,
    timer,
    queueBound: Number.POSITIVE_INFINITY,
    onQueueFull() {},
  });
  const work = tickWork({
    id: vm.id,
    machines: vm.machines,
    machine,
    csv,
    stats: new RunStats(),
    faults: undefined,
    timer,
    startAt: timer.now(),
    firstTick: 0,
    // Copies come back through the decoder and the VM's own intake into the throwaway machine, so its receive
    // ticks run too; a few queued are enough (a broadcast among 256 VMs over 3,000 rounds would queue ~70,000).
    mesh: {
      sendEncoded: (_peer: number, frame: Buffer) => {
        if (machine.queued >= 16) return true;
        for (const decoded of decoder.push(frame)) {
          if (!decoded.ok || decoded.frame.t !== 'msg') continue;
          frames += 1;
          intake(decoded.frame);
        }
        return true;
      },
    },
    coordinator: { reportDrop() {}, reportProgress() {} },
    verboseLog: undefined,
    onCannotWrite(line) {
      throw new Error(`warm-up: ${line}`); // /dev/null takes every write: a bug
    },
  });
  try {
    const rounds = warmUpRounds(vm.clockRate);
    for (let tick = 0; tick < rounds; tick++) work.onTick(tick);
    await rehearseTickLoop(timer, vm.clockRate, (tick) => work.onTick(rounds + tick));
  } finally {
    csv.close();
  }
  // The first sub-millisecond waits set up their machinery: not on tick 0.
  timer.block(0.01);
  return { ticks: work.ticks(), frames };
}
