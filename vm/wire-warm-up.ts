/**
 * Runs the real send and receive path once before the start, on a throwaway link: two meshes of a two-VM "run" of
 * their own inside this process, on loopback, with a secret of their own, trading message frames.
 *
 * Why: the handshake leaves the message path cold. At the common start every VM sends and receives its first
 * message frames at the same instant (at tick 0 every queue is empty, so every VM draws an action: about seven times
 * the copies of a later tick), and each did it through code never run before: Node's socket writes of bytes and its
 * reads, the mesh's dispatch, the frame's bounds check, the arrival stamp: perf at 64 VMs x 100/s showed their lazy
 * compiles in the first 100 ms, 64 VMs at once on 2 cores. VMs fast enough to keep the optimising compiler
 * (launcher/vm-node-options.ts) also had it compile this path during their first second. Nothing here touches
 * the VM's own mesh, clocks, files or stream; a link that cannot be set up, or a round that never arrives, only
 * leaves the VM colder (at most a second each), never fails it.
 */
import { randomBytes } from 'node:crypto';
import { LatencyHistogram } from '../model/latency-histogram.js';
import { preciseEpochMs } from '../shared/precise-epoch.js';
import { encodeFrame } from './frame-decoder.js';
import type { MeshEvents } from './mesh-types.js';
import { PeerMesh } from './peer-mesh.js';
import type { MessageFrame } from './wire-frames.js';

/** Round trips (socket reads) and frames per round: enough for the optimising compiler from 500 ticks/s. */
export const wireWarmUpPlan = (rate: number): { rounds: number; batch: number } =>
  rate >= 500 ? { rounds: 60, batch: 40 } : { rounds: 16, batch: 4 };

/** Gives up on a round that never arrives (it would only mean a cold start, never a stuck VM). */
const roundTimeoutMs = 1000;

/** Returns the frames that came through (0 when the throwaway link could not be set up). */
export async function warmUpWire(rate: number): Promise<number> {
  const { rounds, batch } = wireWarmUpPlan(rate);
  const latency = new LatencyHistogram();
  let received = 0;
  let arrived = () => {};
  const events: MeshEvents = {
    onMessage: (frame) => {
      latency.record((preciseEpochMs() - frame.sentAt) * 1000);
      received += 1;
      arrived();
    },
    onReady() {},
    onStarted() {},
    onStop() {},
    onPeerLost() {},
    onRefused() {},
    onOutOfBounds() {},
  };
  const identity = { run: `warm-up-${process.pid}`, machines: 2, secret: randomBytes(16).toString('hex') };
  const sender = new PeerMesh({ ...identity, self: 0, host: '127.0.0.1' }, events);
  const receiver = new PeerMesh({ ...identity, self: 1, host: '127.0.0.1' }, events);
  try {
    const listening = await Promise.all([sender.listen(0), receiver.listen(0)]);
    const ports = listening.map((result) => (result.ok ? result.port : 0));
    if (ports.includes(0)) return 0;
    const giveUpAt = Date.now() + roundTimeoutMs;
    const connected = await Promise.all([sender, receiver].map((mesh) => mesh.connect((p) => ports[p] ?? 0, giveUpAt)));
    if (connected.some((result) => !result.ok)) return 0;
    for (let round = 0; round < rounds; round++) {
      const target = received + batch;
      const roundDone = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), roundTimeoutMs);
        arrived = () => {
          if (received < target) return;
          clearTimeout(timer);
          resolve(true);
        };
      });
      for (let i = 0; i < batch; i++) {
        const frame: MessageFrame = {
          t: 'msg',
          id: `0-${round * batch + i}`,
          from: 0,
          clock: round,
          sentAt: preciseEpochMs(),
          vc: [round, i],
        };
        sender.sendEncoded(1, encodeFrame(frame));
      }
      if (!(await roundDone)) break;
    }
    return received;
  } finally {
    sender.close();
    receiver.close();
  }
}
