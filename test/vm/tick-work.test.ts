import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Machine } from '../../model/machine.js';
import { RunStats } from '../../model/run-stats.js';
import type { Drop } from '../../shared/drop-causes.js';
import { seededRandom } from '../../shared/seeded-random.js';
import type { VmProgress } from '../../vm/coordinator.js';
import { CsvLog } from '../../vm/csv-log.js';
import { progressEveryMs, tickWork } from '../../vm/tick-work.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-tick-work-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** VM `id` of 3 whose every action is a send (event range 3), with peer 2's link down. */
const setUp = (file: string, id = 0, firstTick = 0) => {
  let time = 1000;
  const csv = new CsvLog(file, id);
  const stats = new RunStats();
  const drops: Drop[] = [];
  const progress: VmProgress[] = [];
  const sends: { peer: number; rowsOnDisk: number }[] = [];
  const work = tickWork({
    id,
    machines: 3,
    machine: new Machine(id, 3, 3, seededRandom(5, id)),
    csv,
    stats,
    faults: undefined,
    timer: { now: () => time },
    startAt: 1000,
    firstTick,
    mesh: {
      sendEncoded: (peer: number) => {
        sends.push({ peer, rowsOnDisk: readFileSync(file, 'utf8').trim().split('\n').length - 1 });
        return peer !== 2;
      },
    },
    coordinator: { reportDrop: (drop) => drops.push(drop), reportProgress: (p) => progress.push(p) },
    verboseLog: undefined,
    onCannotWrite: (line) => {
      throw new Error(`unexpected: ${line}`);
    },
  });
  const tickAt = (tick: number, at: number) => {
    time = at;
    work.onTick(tick);
  };
  return { work, csv, stats, drops, progress, sends, tickAt };
};

describe('tickWork', () => {
  test('a send leaves after its row is on disk; a copy to a link that is down is told as a drop', () => {
    const { work, csv, stats, drops, sends, tickAt } = setUp(join(dir, 'vm-0.csv'));
    for (let tick = 0; tick < 20; tick++) tickAt(tick, 1000 + tick * 10);
    csv.close();
    expect(work.ticks()).toBe(20);
    expect(sends.length).toBeGreaterThan(0);
    // Every copy of tick k's message was handed over with k + 1 rows in the file.
    const rows = readFileSync(join(dir, 'vm-0.csv'), 'utf8').trim().split('\n').slice(1);
    const sendTicks = rows.filter((row) => row.split(',')[2] === 'send').map((row) => Number(row.split(',')[1]));
    const firstCopyRows = sends[0]?.rowsOnDisk;
    expect(firstCopyRows).toBe((sendTicks[0] ?? -1) + 1);
    const toPeer2 = sends.filter((s) => s.peer === 2).length;
    expect(drops).toHaveLength(toPeer2);
    expect(drops.every((drop) => drop.reason === 'link-down' && drop.copy.endsWith('>2'))).toBe(true);
    expect(stats.sentTo.get(2)).toBeUndefined();
    expect(stats.sentTo.get(1)).toBe(sends.filter((s) => s.peer === 1).length);
  });

  test('a row that cannot be written (a full disk) is told, and its tick goes no further: no send, not counted', () => {
    const unwritable: string[] = [];
    const sends: number[] = [];
    const stats = new RunStats();
    const work = tickWork({
      id: 0,
      machines: 3,
      // Every action a send, so a tick that went on would hand over a copy.
      machine: new Machine(0, 3, 3, seededRandom(5, 0)),
      csv: { write: () => ({ kind: 'io-failure', line: 'cannot write /r/vm-0.csv (ENOSPC)' }) },
      stats,
      faults: undefined,
      timer: { now: () => 1000 },
      startAt: 1000,
      firstTick: 0,
      mesh: {
        sendEncoded: (peer: number) => {
          sends.push(peer);
          return true;
        },
      },
      coordinator: { reportDrop: () => {}, reportProgress: () => {} },
      verboseLog: undefined,
      onCannotWrite: (line) => unwritable.push(line),
    });
    work.onTick(0);
    expect(unwritable).toEqual(['cannot write /r/vm-0.csv (ENOSPC)']);
    expect(sends).toEqual([]);
    expect(work.ticks()).toBe(0);
    expect(stats.sentTo.size).toBe(0);
  });

  test(`progress is told after the first tick at or past each ${progressEveryMs} ms of this VM's phase`, () => {
    // VM 1 of 3: its phase is a third of the cycle (reports due at 1166.7, 1666.7, ...); a restarted life counts its
    // ticks on from its first one (5 here).
    const { csv, progress, tickAt } = setUp(join(dir, 'vm-1-progress.csv'), 1, 5);
    tickAt(5, 1000);
    tickAt(6, 1200);
    tickAt(7, 1600);
    tickAt(8, 1700);
    csv.close();
    expect(progress.map((p) => p.tick)).toEqual([7, 9]);
  });
});
