/** The agreement of VMs run by hand: the start is given only once what must precede it (onAgreed) is done. */
import { describe, expect, test } from '@jest/globals';
import { manualCoordinator } from '../../vm/manual-coordinator.js';
import type { PeerMesh } from '../../vm/peer-mesh.js';
import type { StartedFrame } from '../../vm/wire-frames.js';

const mesh = { broadcast: () => {}, answerLatePeers: () => {} } as unknown as PeerMesh;

/** A mesh that records what it was asked to broadcast and to tell peers that dial in late. */
function recordingMesh() {
  const broadcasts: unknown[] = [];
  const answers: StartedFrame[] = [];
  const fake = {
    broadcast: (frame: unknown) => broadcasts.push(frame),
    answerLatePeers: (answer: StartedFrame) => answers.push(answer),
  };
  return { mesh: fake as unknown as PeerMesh, broadcasts, answers };
}

describe('manualCoordinator', () => {
  test('the window waits for onAgreed (the old CSV removed) before the VM may create its own', async () => {
    const steps: string[] = [];
    let finish: () => void = () => {};
    const coordinator = manualCoordinator(5000, 2, 1000, () => {
      steps.push('agreed');
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    const window = coordinator.agreeWindow(mesh).then((w) => {
      steps.push('window');
      return w;
    });
    expect(coordinator.started).toBe(false);
    coordinator.onPeerReady(1, Date.now() + 700);
    expect(coordinator.started).toBe(true);
    await Promise.resolve();
    expect(steps).toEqual(['agreed']);
    finish();
    const given = await window;
    expect(steps).toEqual(['agreed', 'window']);
    expect(given.stopEpochMs - given.startEpochMs).toBe(1000);
  });

  test('once agreed, a peer that dials in later is told the session started at the agreed instant', async () => {
    const { mesh: recorded, answers } = recordingMesh();
    const coordinator = manualCoordinator(5000, 3, 1000);
    const window = coordinator.agreeWindow(recorded);
    coordinator.onPeerReady(1, Date.now() + 700);
    expect(answers).toEqual([]); // one proposal of two: every link is up, but nothing is agreed yet
    coordinator.onPeerReady(2, Date.now() + 800);
    const { startEpochMs } = await window;
    expect(answers).toEqual([{ t: 'started', at: startEpochMs }]);
  });

  test('the agreed start is kept for vm-K.json: none before the agreement, the latest proposal after', async () => {
    const coordinator = manualCoordinator(5000, 2, 1000);
    const window = coordinator.agreeWindow(mesh);
    expect(coordinator.startEpochMs).toBeUndefined();
    const latest = Date.now() + 60_000;
    coordinator.onPeerReady(1, latest);
    expect((await window).startEpochMs).toBe(latest);
    expect(coordinator.startEpochMs).toBe(latest);
  });

  test('ready proposals after the start, however many and whatever they say, change nothing', async () => {
    const { mesh: recorded, answers } = recordingMesh();
    const coordinator = manualCoordinator(5000, 2, 1000);
    const window = coordinator.agreeWindow(recorded);
    coordinator.onPeerReady(1, Date.now() + 700);
    const agreed = await window;
    for (let n = 0; n < 10_000; n++) coordinator.onPeerReady(1, Date.now() + 59_000);
    expect(coordinator.started).toBe(true);
    expect(answers).toEqual([{ t: 'started', at: agreed.startEpochMs }]);
  });

  test("a late VM's line names the session's ports and its due stop, from its own config", () => {
    const coordinator = manualCoordinator(5000, 3, 60_000);
    const at = Date.now() - 1000;
    const line = coordinator.startedWithout?.(1, at) ?? '';
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(line).toContain(`VM 1 says the by-hand session on ports 5000-5002 started at ${iso(at)} without this VM`);
    expect(line).toContain(`is due to stop at ${iso(at + 60_000)}`);
  });

  test("who stopped the session: the peer of the earliest stop kept, unless this VM's own Ctrl-C came first", () => {
    const coordinator = manualCoordinator(5000, 3, 1000);
    expect(coordinator.stoppedBy).toBeUndefined();
    coordinator.onPeerStop?.(2, 5000);
    coordinator.onPeerStop?.(1, 4000); // both Ctrl-C'd: every VM keeps the earliest instant
    coordinator.onPeerStop?.(2, 4500);
    expect(coordinator.stoppedBy).toEqual({ vm: 1, atEpochMs: 4000 });
    coordinator.interrupt(); // its own, now: later than 4000 (an epoch instant long past), so VM 1's stop stands
    expect(coordinator.stoppedBy).toEqual({ vm: 1, atEpochMs: 4000 });
    const own = manualCoordinator(5000, 3, 1000);
    own.interrupt();
    own.onPeerStop?.(1, Date.now() + 60_000); // a peer's later instant: this VM's own stop is the one kept
    expect(own.stoppedBy).toBeUndefined();
  });
});
