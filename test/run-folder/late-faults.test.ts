import { describe, expect, test } from '@jest/globals';
import { lateBoundMs, lateFaultLine, lateFaultsIn } from '../../run-folder/late-faults.js';

describe('lateBoundMs', () => {
  test('10 real ms, or one tick period of the fastest VM when that is longer', () => {
    expect(lateBoundMs(1000, [2, 4, 6])).toBe(10);
    expect(lateBoundMs(1, [2, 4, 5])).toBe(200);
    expect(lateBoundMs(1, [])).toBe(10);
  });
});

describe('lateFaultsIn', () => {
  const header = 'elapsed_ms,experiment_s,kind,vm,peer,detail,due_ms';
  test('only rows with a due instant acted past the bound', () => {
    const text = [
      header,
      '0.000,0.000,link-drop,0,1,from 0 to 1: p=0.1,',
      '30.000,30.000,kill,2,,no restart,20.000',
      '51.000,51.000,pause,0,,for 1 s,40.000',
    ].join('\n');
    expect(lateFaultsIn(text, 10)).toEqual([{ kind: 'pause', vm: 0, detail: 'for 1 s', dueMs: 40, actedMs: 51 }]);
  });

  test("an older folder's faults.csv, without due_ms, has none", () => {
    const text = ['elapsed_ms,experiment_s,kind,vm,peer,detail', '57.000,57.000,pause,1,,for 10 s'].join('\n');
    expect(lateFaultsIn(text, 10)).toEqual([]);
  });
});

describe('lateFaultLine', () => {
  test('at speed 1 the cause is a late wake-up, a partition named by its groups', () => {
    const late = { kind: 'partition-start', vm: '' as const, detail: '{0} | {1,2}', dueMs: 1000, actedMs: 1400.5 };
    expect(lateFaultLine(late, 1, 200, 10)).toBe(
      'fault partition-start ({0} | {1,2}) acted 400.5 ms (real) late, past the 200 ms bound: due at 1 s (1000 ms real), acted at 1.401 s (1400.5 ms real); the launcher woke late (a busy machine)',
    );
  });
});
