import { describe, expect, test } from '@jest/globals';
import { ManifestVm } from '../../run-folder/manifest-vm.js';
import {
  endingFields,
  exitCodeOf,
  noRowFigures,
  type RunEnding,
  reasonOf,
  runStatusOf,
  stoppedVmEntry,
} from '../../run-folder/run-ending.js';
import { dropFigures } from '../../shared/drop-causes.js';

describe('how a run ended', () => {
  const cases: { ending: RunEnding; status: string; exitCode: number }[] = [
    { ending: { how: 'ok' }, status: 'ok', exitCode: 0 },
    {
      ending: { how: 'failed', reason: 'VM 1 exited with code 3 before the run ended' },
      status: 'failed',
      exitCode: 1,
    },
    { ending: { how: 'refused', reason: 'VM 0 could not start (port-in-use: 7000)' }, status: 'failed', exitCode: 2 },
    {
      ending: { how: 'interrupted', reason: 'stopped by a signal to the launcher' },
      status: 'interrupted',
      exitCode: 130,
    },
  ];

  test.each(cases)('$ending.how: status $status, exit $exitCode', ({ ending, status, exitCode }) => {
    expect(runStatusOf(ending)).toBe(status);
    expect(exitCodeOf(ending)).toBe(exitCode);
  });

  test('the manifest says why only when the run did not end ok', () => {
    expect(endingFields({ how: 'ok' })).toEqual({ status: 'ok' });
    expect('reason' in endingFields({ how: 'ok' })).toBe(false);
    expect(reasonOf({ how: 'ok' })).toBeUndefined();
    const refused: RunEnding = { how: 'refused', reason: 'port taken' };
    expect(endingFields(refused)).toEqual({ status: 'failed', reason: 'port taken' });
    expect(reasonOf(refused)).toBe('port taken');
  });
});

describe('stoppedVmEntry', () => {
  const figures = { rows: 40, sends: 7, received: 5, lastClock: 61, maxJump: 9, maxQueue: 3 };

  test('what the rows say, stopped early, with how it ended: a valid manifest entry once its drops are added', () => {
    const entry = {
      ...stoppedVmEntry({ id: 2, clockRate: 4 }, figures, 'killed by SIGKILL', 4242),
      ...dropFigures([]),
    };
    expect(ManifestVm.parse(entry)).toEqual(entry);
    expect(entry).toMatchObject({
      id: 2,
      clockRate: 4,
      ticks: 40,
      sent: 7,
      received: 5,
      finalClock: 61,
      maxJump: 9,
      maxQueue: 3,
      stoppedEarly: true,
      exit: 'killed by SIGKILL',
      pid: 4242,
    });
  });

  test('keeps the key order manifest.json has always had, so the file stays the same byte for byte', () => {
    expect(Object.keys(stoppedVmEntry({ id: 0, clockRate: 1 }, noRowFigures, 'unknown', null))).toEqual([
      'id',
      'clockRate',
      'port',
      'ticks',
      'sent',
      'received',
      'finalClock',
      'maxJump',
      'maxQueue',
      'pendingAtStop',
      'lostPeers',
      'unendedLinks',
      'refused',
      'stoppedEarly',
      'exit',
      'pid',
    ]);
  });

  test('a VM whose rows cannot be read counts nothing', () => {
    expect(stoppedVmEntry({ id: 1, clockRate: 2 }, noRowFigures, 'unknown', null)).toMatchObject({
      ticks: 0,
      sent: 0,
      received: 0,
      finalClock: 0,
      maxJump: 0,
      maxQueue: 0,
      pid: null,
    });
  });
});
