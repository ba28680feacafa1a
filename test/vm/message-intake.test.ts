import { describe, expect, test } from '@jest/globals';
import { LatencyHistogram } from '../../model/latency-histogram.js';
import { Machine } from '../../model/machine.js';
import { preciseEpochMs } from '../../shared/precise-epoch.js';
import { seededRandom } from '../../shared/seeded-random.js';
import { messageIntake } from '../../vm/message-intake.js';
import { applyPeerOffsets, newPeerOffsets } from '../../vm/peer-clock-offsets.js';

/** VM 0 of 3; the frames' send stamps are set relative to now on this process's clock. */
function intakeWith(peerOffsetsMs: Float64Array) {
  const latency = new LatencyHistogram();
  const machine = new Machine(0, 3, 10, seededRandom(0, 0));
  const intake = messageIntake({
    machine,
    latency,
    peerOffsetsMs,
    faults: undefined,
    timer: { now: () => 0 },
    queueBound: Number.POSITIVE_INFINITY,
    onQueueFull() {},
  });
  /** A copy from `from` sent `agoMs` ago, stamped on a clock `aheadMs` ahead of this VM's. */
  const receive = (from: number, agoMs: number, aheadMs: number) =>
    intake({ t: 'msg', id: `${from}-1`, from, clock: 1, sentAt: preciseEpochMs() - agoMs + aheadMs });
  return { latency, machine, receive };
}

/** The true latency is `agoMs` and the wait since (it cannot be less); 5 s off is far past either. */
const expectAbout = (us: number, agoMs: number) => {
  expect(us).toBeGreaterThanOrEqual(agoMs * 1000);
  expect(us).toBeLessThan(agoMs * 1000 + 1_000_000);
};

describe('message intake: the latency of a copy from a peer on another host', () => {
  test("a peer whose host clock is 5000 ms ahead: the send stamp is put on this VM's clock, the latency the true one", () => {
    const offsets = newPeerOffsets({ machines: 3, peerHosts: ['a', 'b', 'c'] });
    applyPeerOffsets(offsets, { peerOffsetsMs: [0, 5000, -5000] });
    const { latency, machine, receive } = intakeWith(offsets);
    receive(1, 2, 5000);
    expectAbout(latency.figures().p50Us, 2);
    receive(2, 2, -5000);
    receive(2, 2, -5000);
    const figures = latency.figures();
    expect(figures.count).toBe(3);
    expectAbout(figures.maxUs, 2);
    expect(figures.unknownOffset).toBeUndefined();
    expect(machine.queued).toBe(3);
  });

  test('one clock (a local run, or no offsets given): the send stamp as it is', () => {
    const offsets = newPeerOffsets({ machines: 3 });
    applyPeerOffsets(offsets, {});
    const { latency, receive } = intakeWith(offsets);
    receive(1, 3, 0);
    expectAbout(latency.figures().p50Us, 3);
    expect(latency.figures()).not.toHaveProperty('unknownOffset');
  });

  test('a peer whose host offset is unknown: its copies are counted apart, delivered, and given no latency', () => {
    const offsets = newPeerOffsets({ machines: 3, peerHosts: ['a', 'b', 'c'] });
    applyPeerOffsets(offsets, { peerOffsetsMs: [0, null, 0] });
    const { latency, machine, receive } = intakeWith(offsets);
    receive(1, 2, 5000);
    receive(2, 2, 0);
    expect(latency.figures()).toMatchObject({ count: 1, unknownOffset: 1 });
    expect(machine.queued).toBe(2);
  });

  test('a restarted VM on several hosts hears peers before its start: unknown until the start gives the offsets', () => {
    const offsets = newPeerOffsets({
      machines: 2,
      peerHosts: ['a', 'b'],
      restart: { clock: 0, sends: 0, rowsBefore: 0, vector: [0, 0] },
    });
    const { latency, receive } = intakeWith(offsets);
    receive(1, 2, 5000);
    applyPeerOffsets(offsets, { peerOffsetsMs: [0, 5000] });
    receive(1, 2, 5000);
    expect(latency.figures()).toMatchObject({ count: 1, unknownOffset: 1 });
    expectAbout(latency.figures().p50Us, 2);
  });
});
