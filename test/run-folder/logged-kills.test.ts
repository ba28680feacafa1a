import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { loggedKillsIn, readLoggedKills } from '../../run-folder/logged-kills.js';

const row = (elapsed_ms: string, kind: string, vm: string, detail = '') => ({ elapsed_ms, kind, vm, detail });

test('each kill pairs with the next restart of the same VM; kills without one are counted, not restarts', () => {
  const rows = [
    row('1001.343', 'kill', '1', 'restart after 1 s'),
    row('1500', 'partition-start', '', 'groups 0 | 1 2'),
    row('2018.950', 'restart', '1', 'clock kept'),
    row('2038.727', 'kill', '0', 'no restart'),
    row('4500.591', 'kill', '2', 'restart after 0.5 s'),
    row('5000.679', 'restart', '2', 'clock reset'),
    row('6000', 'kill', '2', 'restart after 1 s'),
  ];
  expect(loggedKillsIn(rows, 3)).toEqual({
    kills: [
      { kills: 1, restarts: [] },
      { kills: 1, restarts: ['kept'] },
      { kills: 2, restarts: ['reset'] },
    ],
    restarts: [
      [],
      [{ killElapsedMs: 1001.343, rejoinElapsedMs: 2018.95 }],
      [{ killElapsedMs: 4500.591, rejoinElapsedMs: 5000.679 }],
    ],
  });
});

test('rows naming no VM of the run, or a restart with no kill before it, are passed over', () => {
  const rows = [row('10', 'kill', '7'), row('20', 'restart', '0', 'clock kept'), row('x', 'kill', '1')];
  expect(loggedKillsIn(rows, 2)).toEqual({
    kills: [
      { kills: 0, restarts: [] },
      { kills: 0, restarts: [] },
    ],
    restarts: [[], []],
  });
});

test('a folder without a faults.csv that reads has none: the config stands in', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-logged-kills-'));
  try {
    expect(await readLoggedKills(dir, 2)).toBeNull();
    await writeFile(join(dir, 'faults.csv'), 'elapsed_ms,kind,vm\n"unclosed,kill,1\n');
    expect(await readLoggedKills(dir, 2)).toBeNull();
    await writeFile(
      join(dir, 'faults.csv'),
      'elapsed_ms,experiment_s,kind,vm,peer,detail,due_ms\n5.5,0.006,kill,1,,no restart,5\n',
    );
    expect((await readLoggedKills(dir, 2))?.kills[1]).toEqual({ kills: 1, restarts: [] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
