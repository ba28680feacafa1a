import { expect, test } from '@jest/globals';
import { slowestShares } from '../../experiment/claim-notes.js';
import type { VmPoint } from '../../experiment/vm-points.js';

const point = (vm: number, configuredRate: number, receiveShare: number): VmPoint => ({
  ...{ variant: 'a', trial: 1, vm, configuredRate, achievedRate: configuredRate },
  ...{ jumpMean: null, jumpMax: null, driftMean: null, queueMean: null, gapCount: 0, receiveShare },
});

test('the slowest-rate share counts its VMs as a count of one reads: "(1 VM)", "(2 VMs)"', () => {
  expect(slowestShares(['a'], [point(0, 1, 0.8), point(1, 3, 0.5), point(2, 6, 0.2)])).toBe(
    'receive share of the VMs at the slowest rate: a 80% at 1/s (1 VM)',
  );
  expect(slowestShares(['a'], [point(0, 1, 0.8), point(1, 1, 0.6)])).toBe(
    'receive share of the VMs at the slowest rate: a 70% at 1/s (2 VMs)',
  );
});
