import { expect, test } from '@jest/globals';
import { fidelityWarnings } from '../../cli/fidelity-warnings.js';

test('the load warning counts cores as a count of one reads: "on 1 core", "on 2 cores"', () => {
  const vms = (n: number) => Array.from({ length: n }, () => 1000);
  expect(fidelityWarnings(vms(11), 1)).toEqual([
    'warning: 11000 ticks/s in all on 1 core (about 10000/s per core is faithful); VMs will fall behind their deadlines',
  ]);
  expect(fidelityWarnings(vms(21), 2)).toEqual([expect.stringMatching(/ in all on 2 cores /)]);
});
