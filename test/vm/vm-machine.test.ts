import { describe, expect, test } from '@jest/globals';
import type { VmRestart } from '../../shared/vm-spec.js';
import { goPastKeptRows, vmMachine } from '../../vm/vm-machine.js';

const spec = { id: 1, machines: 2, eventRange: 10, seed: 5 };
const restart = (more: Partial<VmRestart> = {}): VmRestart => ({
  clock: 9,
  sends: 3,
  rowsBefore: 6,
  vector: [2, 6],
  ...more,
});

describe('vmMachine on a restart', () => {
  test('numbers go on from the highest its CSV holds; the sends it counts stay those of its rows', () => {
    const machine = vmMachine({ ...spec, restart: restart({ lastNumber: 5 }) });
    expect([machine.clock, machine.sends, machine.vector]).toEqual([9, 5, [2, 6]]);
    // Its `sent` figure (sends less skippedNumbers): the 3 send rows, not 5.
    expect(machine.sends - machine.skippedNumbers).toBe(3);
  });
});

describe('goPastKeptRows', () => {
  test('nothing kept: nothing moves', () => {
    const machine = vmMachine({ ...spec, restart: restart() });
    goPastKeptRows(machine, restart(), 12);
    expect([machine.sends, machine.vector]).toEqual([3, [2, 6]]);
  });

  test("the kept rows are the last life's: past its own first tick", () => {
    const kept = restart({ aboveKeptRows: 'first-tick' });
    const machine = vmMachine({ ...spec, restart: kept });
    goPastKeptRows(machine, kept, 12);
    expect([machine.sends, machine.vector, machine.sends - machine.skippedNumbers]).toEqual([12, [2, 12], 3]);
  });

  test('a life began after the kept rows: past its first tick, the floor the launcher hands over', () => {
    const kept = restart({ aboveKeptRows: 8 });
    const machine = vmMachine({ ...spec, restart: kept });
    goPastKeptRows(machine, kept, 12);
    expect([machine.sends, machine.vector]).toEqual([8, [2, 8]]);
  });
});
