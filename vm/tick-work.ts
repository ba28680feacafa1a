/**
 * What a VM does in one tick, built from what it works on: the machine draws an action or processes a message, the
 * row goes to the CSV, a send leaves for each recipient (or its drop is told), and now and then progress is told.
 * The VM builds it for its run (vm-run.ts) and, before it says it is ready, on throwaway state (warm-up.ts): its
 * first real tick then runs code that has run before.
 */

import type { LinkFaults } from '../model/link-faults.js';
import type { Machine, TickOutcome } from '../model/machine.js';
import type { RunStats } from '../model/run-stats.js';
import { preciseEpochMs } from '../shared/precise-epoch.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { Coordinator } from './coordinator.js';
import type { CsvLog } from './csv-log.js';
import { describeEvent } from './describe-event.js';
import { encodeFrame } from './frame-decoder.js';
import type { PeerMesh } from './peer-mesh.js';
import type { MessageFrame } from './wire-frames.js';

/**
 * How often, after a tick, a VM tells the launcher where it is (the live progress line). Each VM reports at its own
 * phase of this cycle (id / machines of it): VMs tick in step, and reports due at the same tick in every VM made the
 * launcher wake for all of them at once.
 */
export const progressEveryMs = 500;

export type TickWorkParts = {
  id: number;
  machines: number;
  machine: Machine;
  csv: Pick<CsvLog, 'write'>;
  stats: RunStats;
  faults: LinkFaults | undefined;
  /** The tick timer, and the run's start on its clock: rows carry the time since. */
  timer: Pick<TimerPort, 'now'>;
  startAt: number;
  /** The first tick of this life (a restarted VM's progress counts on from it). */
  firstTick: number;
  /** `sendEncoded` hands one encoded frame to the link to `peer`, false when that link is down. */
  mesh: Pick<PeerMesh, 'sendEncoded'>;
  coordinator: Pick<Coordinator, 'reportDrop' | 'reportProgress'>;
  /** Takes each event's line when the VM is verbose. */
  verboseLog: { event(line: string): void } | undefined;
  /** The tick's row could not be written (`cannot write .../vm-0.csv (ENOSPC)`): the tick went no further. */
  onCannotWrite(line: string): void;
};

export type TickWork = { onTick(tick: number): void; ticks(): number };

export function tickWork(parts: TickWorkParts): TickWork {
  // No closure of the caller's on this path: its first call would compile it at the start, in every VM at once.
  const { id, machine, csv, stats, faults, timer, startAt, firstTick, mesh, coordinator, verboseLog } = parts;
  const { onCannotWrite } = parts;
  let ticks = 0;
  let progressDue = startAt + (progressEveryMs * id) / parts.machines;

  const send = (outcome: Extract<TickOutcome, { event: 'send' }>, elapsedMs: number) => {
    const frame: MessageFrame = {
      t: 'msg',
      id: outcome.msgId,
      from: id,
      clock: outcome.clock,
      sentAt: preciseEpochMs(),
      vc: outcome.vector,
    };
    const line = encodeFrame(frame);
    for (const peer of outcome.to) {
      const reason = faults?.dropReason(peer, elapsedMs) ?? (mesh.sendEncoded(peer, line) ? undefined : 'link-down');
      if (reason === undefined) {
        stats.sent(peer);
        continue;
      }
      coordinator.reportDrop({ copy: `${outcome.msgId}>${peer}`, reason });
    }
  };

  const onTick = (tick: number) => {
    const at = timer.now();
    const outcome = machine.tick(at);
    // The row first: a message never leaves without its send row on record, so none leaves when the row failed.
    const unwritten = csv.write({ tick, systemTime: new Date().toISOString(), elapsedMs: at - startAt }, outcome);
    if (unwritten !== undefined) {
      onCannotWrite(unwritten.line);
      return;
    }
    if (outcome.event === 'send') send(outcome, at - startAt);
    stats.record(outcome);
    ticks += 1;
    if (verboseLog !== undefined) verboseLog.event(describeEvent(id, tick, at - startAt, outcome));
    // Progress goes out after a tick rather than on a timer of its own: a timer would wake the VM once more.
    if (at >= progressDue) {
      while (progressDue <= at) progressDue += progressEveryMs;
      coordinator.reportProgress({ tick: firstTick + ticks, clock: machine.clock, queue: machine.messageQueue.length });
    }
  };
  return { onTick, ticks: () => ticks };
}
