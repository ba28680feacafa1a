import { execFileSync } from 'node:child_process';
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
    // Down when the log ends: VM 0's kill had no restart, VM 2's second had none yet.
    downAtMs: [2038.727, null, 6000],
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
    downAtMs: [null, null],
  });
});

test('no faults.csv: none logged (the config stands in); one that does not read or logs what no launcher does: one line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'clocklab-logged-kills-'));
  const file = join(dir, 'faults.csv');
  const header = 'elapsed_ms,experiment_s,kind,vm,peer,detail,due_ms\n';
  try {
    expect(await readLoggedKills(dir, 2, 8000)).toEqual({ ok: true, logged: null });
    await writeFile(file, `${header}5.5,0.006,kill,1,,no restart,5\n`);
    const read = await readLoggedKills(dir, 2, 8000);
    expect(read.ok && read.logged?.kills[1]).toEqual({ kills: 1, restarts: [] });
    await writeFile(file, 'elapsed_ms,kind,vm\n"unclosed,kill,1\n');
    expect(await readLoggedKills(dir, 2, 8000)).toMatchObject({ ok: false, problem: 'fault-log-invalid', file });
    // Edited by hand: a restart before the run, and one past its end (it read `down from 1.002 s to 1000000000 s`).
    await writeFile(file, `${header}-10,0,kill,0,,restart after 1 s,1000\n-5,0,restart,0,,clock kept,2000\n`);
    const before = await readLoggedKills(dir, 2, 8000);
    expect(!before.ok && before.detail).toMatch(/^VM 0's kill and restart rows: found kill -10, rejoin -5; allowed: /);
    await writeFile(file, `${header}1002,1,kill,0,,restart after 1 s,1000\n1e12,0,restart,0,,clock kept,2000\n`);
    expect(await readLoggedKills(dir, 2, 8000)).toMatchObject({ ok: false, problem: 'fault-log-invalid' });
    await rm(file);
    execFileSync('mkfifo', [file]);
    expect(await readLoggedKills(dir, 2, 8000)).toMatchObject({ ok: false, problem: 'not-a-file', file });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
