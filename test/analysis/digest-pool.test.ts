import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { digestAll } from '../../analysis/digest-pool.js';
import { digestVm } from '../../analysis/vm-digest.js';
import { readRunManifest } from '../../run-folder/run-manifest.js';
import { fixtureRun } from './fixture-runs.js';

const manifest = await readRunManifest(fixtureRun('basic'));
if (!manifest.ok) throw new Error(manifest.detail);
// The fixture's rates: 5/s and 2/s.
const [input0, input1] = [0, 1].map((vmId) => ({
  file: join(fixtureRun('basic'), `vm-${vmId}.csv`),
  vmId,
  gridStepMs: 100,
  facts: manifest.facts,
}));

function vm1() {
  if (input1 === undefined) throw new Error('two inputs');
  return input1;
}

describe('digestAll', () => {
  test('one digest per VM, in VM order, the same whichever way it runs', async () => {
    const inputs = [input0, input1].filter((input) => input !== undefined);
    const auto = await digestAll(inputs);
    const inThread = await digestAll(inputs, { parallel: 'never' });
    expect(auto).toEqual(inThread);
    expect(auto.map((d) => (d.ok ? [d.vmId, d.rows] : d.problem))).toEqual([
      [0, 10],
      [1, 4],
    ]);
  });

  test('a digest survives the structured clone a worker thread sends it through', async () => {
    const digest = await digestVm(vm1());
    expect(structuredClone(digest)).toEqual(digest);
  });

  test("a VM's clock grid stops at its last row; analyzeRun extends it", async () => {
    const digest = await digestVm(vm1());
    if (!digest.ok) throw new Error(digest.detail);
    // Rows at 0.7, 500.7, 1000.7, 1500.7 ms: grid points 100..1500 are passed, each holding the value before.
    expect(digest.clockGrid).toEqual([1, 1, 1, 1, 1, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5]);
    expect(digest.finalClock).toBe(6);
  });
});
