/** The agreement of VMs run by hand: the start is given only once what must precede it (onAgreed) is done. */
import { describe, expect, test } from '@jest/globals';
import { manualCoordinator } from '../../vm/manual-coordinator.js';
import type { PeerMesh } from '../../vm/peer-mesh.js';

const mesh = { broadcast: () => {} } as unknown as PeerMesh;

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
});
