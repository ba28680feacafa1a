import { describe, expect, test } from '@jest/globals';
import { startTimeoutMs } from '../../launcher/phase-deadlines.js';
import { handshakeTimeoutMs, meshConnectMs } from '../../shared/mesh-deadlines.js';

describe('the start deadlines, by the number of VMs', () => {
  test('up to 100 VMs the limits are the fixed ones they were', () => {
    for (const machines of [2, 3, 64, 100]) {
      expect(meshConnectMs(machines)).toBe(10_000);
      expect(startTimeoutMs(machines)).toBe(20_000);
      expect(handshakeTimeoutMs(machines)).toBe(3000);
    }
  });

  test('past 100 they grow, the square of the number for the mesh: 200 VMs got 10 s and needed up to 21.7 s', () => {
    expect(meshConnectMs(200)).toBe(40_000);
    expect(meshConnectMs(256)).toBe(65_536);
    expect(handshakeTimeoutMs(200)).toBe(6000);
  });

  test("the launcher waits longer than the VMs: a VM's own peer-timeout, naming its peers, comes first", () => {
    for (const machines of [2, 100, 150, 200, 256]) {
      expect(startTimeoutMs(machines)).toBeGreaterThan(meshConnectMs(machines));
    }
  });
});
