import { describe, expect, test } from '@jest/globals';
import { peerOffsetsFor } from '../../launcher/host-peer-offsets.js';

describe("each VM's peer clock offsets, from the hosts' measured offsets", () => {
  // VMs 0 and 3 on h0 (the launcher's clock), 1 and 4 on h1 (5 s ahead), 2 on h2 (1.5 ms behind).
  const placement = [0, 1, 2, 0, 1];
  const hostOffsetsMs = [0, 5000, -1.5];

  test("per peer, its host clock minus this VM's host clock: 0 on the same host", () => {
    expect(peerOffsetsFor(0, placement, hostOffsetsMs)).toEqual([0, 5000, -1.5, 0, 5000]);
    expect(peerOffsetsFor(4, placement, hostOffsetsMs)).toEqual([-5000, 0, -5001.5, -5000, 0]);
    expect(peerOffsetsFor(2, placement, hostOffsetsMs)).toEqual([1.5, 5001.5, 0, 1.5, 5001.5]);
  });

  test('to the microsecond, as the offsets were measured: no float noise of the difference', () => {
    // 0.3334 - 0.001 is 0.33240000000000003 in floats.
    expect(peerOffsetsFor(0, [0, 1], [0.001, 0.3334])).toEqual([0, 0.332]);
  });

  test('a host whose offset is unknown: null to and from its VMs, 0 among them (they share its clock)', () => {
    expect(peerOffsetsFor(1, placement, [0, null, -1.5])).toEqual([null, 0, null, null, 0]);
    expect(peerOffsetsFor(0, placement, [0, null, -1.5])).toEqual([0, null, -1.5, 0, null]);
  });
});
