/**
 * What a VM does with each message frame that reaches it, between its ticks: stamp the copy's latency, put it in
 * the network queue (with its injected delay, if any), and fail the run if the queues pass their memory bound.
 * Built, like tick-work.ts, both for the run (vm-mesh.ts) and on throwaway state before the VM is ready
 * (warm-up.ts): the first copy that arrives at the start is then not the first call of this code (each of
 * 64 VMs compiling it at that instant took a quarter of the CPU of the first 30 ms, perf).
 */
import type { LatencyHistogram } from '../model/latency-histogram.js';
import type { LinkFaults } from '../model/link-faults.js';
import type { Incoming, Machine } from '../model/machine.js';
import { preciseEpochMs } from '../shared/precise-epoch.js';
import type { TimerPort } from '../shared/timer-port.js';
import type { MessageFrame } from './wire-frames.js';

export type MessageIntakeParts = {
  machine: Machine;
  latency: LatencyHistogram;
  /** Per sender id, its clock minus this VM's in ms (peer-clock-offsets.ts): filled at the start, read per copy. */
  peerOffsetsMs: Float64Array;
  faults: LinkFaults | undefined;
  timer: Pick<TimerPort, 'now'>;
  /** The most messages the queues may hold. */
  queueBound: number;
  /** Called once the queues hold more than `queueBound`. */
  onQueueFull(): void;
};

export function messageIntake(parts: MessageIntakeParts): (frame: MessageFrame) => void {
  const { machine, latency, peerOffsetsMs, faults, timer, queueBound, onQueueFull } = parts;
  return (frame) => {
    // The send stamp on this VM's clock: one lookup and a subtraction (of 0 on one host); NaN for an unknown offset.
    const sentAt = frame.sentAt - (peerOffsetsMs[frame.from] ?? 0);
    if (!Number.isNaN(sentAt)) latency.record((preciseEpochMs() - sentAt) * 1000);
    else latency.unknownOffset();
    // Built in one literal, no spreads: this runs for every copy received (40,000/s across 64 VMs), mostly
    // without the optimising compiler (under 500/s), where a conditional spread costs a property walk each time.
    const vector = frame.vc;
    const message: Incoming =
      vector === undefined
        ? { id: frame.id, from: frame.from, clock: frame.clock }
        : { id: frame.id, from: frame.from, clock: frame.clock, vector };
    if (faults !== undefined) message.readyAt = faults.readyAt(frame.from, timer.now());
    machine.deliver(message);
    if (machine.queued > queueBound) onQueueFull();
  };
}
