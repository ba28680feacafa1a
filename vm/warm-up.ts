/**
 * Runs a VM's tick path on throwaway state before the VM reports it is ready, so its first real ticks are not its
 * first calls. Every VM starts at the same instant; cold, each one's first ticks parse and compile the tick code
 * (no optimising compiler under 500/s: every function's first call is a lazy compile), and 32-64 processes doing
 * that at once on 2 cores made the first ticks 10-30 ms late. The rows go through the VM's own writer, into the
 * null device. Nothing here touches the VM's own clocks, random stream, files or sockets (wire-warm-up.ts warms the
 * sockets' path on a link of its own).
 */

import { devNull } from 'node:os';
import { Machine } from '../model/machine.js';
import { RunStats } from '../model/run-stats.js';
import { seededRandom } from '../shared/seeded-random.js';
import { CsvLog } from './csv-log.js';
import { encodeFrame, FrameDecoder } from './frame-decoder.js';
import type { TickTimer } from './tick-scheduler.js';
import type { MessageFrame } from './wire-frames.js';

/**
 * Enough rounds to compile every function of the tick path once; a VM fast enough to keep V8's optimising compiler
 * (launcher/local-vm-transport.ts) runs enough for it to optimise them before the start, not in its first second.
 */
export const warmUpRounds = (rate: number): number => (rate >= 500 ? 3000 : 64);

/** Returns the characters produced, so the work cannot be optimised away (and tests can see it ran). */
export function warmUp(id: number, machines: number, eventRange: number, rate: number, timer: TickTimer): number {
  const rounds = warmUpRounds(rate);
  const machine = new Machine(id, machines, eventRange, seededRandom(0, 0));
  const decoder = new FrameDecoder();
  const stats = new RunStats();
  // The row goes through the VM's own writer (its first writes were a cold part of tick 0), into the null device.
  const rows = new CsvLog(devNull, id, true);
  let produced = 0;
  for (let tick = 0; tick < rounds; tick++) {
    const now = timer.now();
    const outcome = machine.tick(now);
    produced += rows.write({ tick, systemTime: new Date().toISOString(), elapsedMs: now }, outcome);
    stats.record(outcome);
    if (outcome.event !== 'send') continue;
    for (const peer of outcome.to) stats.sent(peer);
    const frame: MessageFrame = {
      t: 'msg',
      id: outcome.msgId,
      from: id,
      clock: outcome.clock,
      sentAt: Date.now(),
      vc: outcome.vector,
    };
    const line = Buffer.from(encodeFrame(frame));
    for (const decoded of decoder.push(line)) {
      if (decoded.ok && decoded.frame.t === 'msg') machine.deliver({ id: decoded.frame.id, from: id, clock: 0 });
    }
    produced += line.length;
  }
  rows.close();
  // The first sub-millisecond waits set up their machinery: not on tick 0.
  timer.block(0.01);
  return produced;
}
