import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { TickOutcome } from '../../model/machine.js';
import { csvColumns } from '../../run-folder/csv-columns.js';
import { CsvLog } from '../../vm/csv-log.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-csv-log-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const timing = (tick: number) => ({ tick, systemTime: '2026-11-26T03:00:00.000Z', elapsedMs: tick * 10 + 0.12345 });

describe('CsvLog', () => {
  test('writes the header and one row per outcome, each cell read back by csv-parse as written', async () => {
    const file = join(dir, 'vm-1.csv');
    const log = new CsvLog(file, 1);
    const outcomes: TickOutcome[] = [
      { event: 'internal', clock: 1, jump: 1, queueLen: 0, vector: [0, 1, 0] },
      { event: 'send', clock: 2, jump: 1, queueLen: 0, vector: [0, 2, 0], to: [2, 0], msgId: '1-1' },
      {
        event: 'receive',
        clock: 9,
        jump: 7,
        queueLen: 3,
        vector: [8, 3, 0],
        // An id read off the wire: whatever it holds must not shift the columns.
        message: { id: 'evil,"id"\nx', from: 0, clock: 8 },
      },
    ];
    outcomes.forEach((outcome, tick) => {
      log.write(timing(tick), outcome);
    });
    log.close();
    const records: string[][] = parse(await readFile(file, 'utf8'));
    expect(records[0]).toEqual([...csvColumns]);
    expect(records.slice(1)).toEqual([
      ['1', '0', 'internal', '2026-11-26T03:00:00.000Z', '0.123', '1', '1', '0', '', '', '', '{"1":1}'],
      ['1', '1', 'send', '2026-11-26T03:00:00.000Z', '10.123', '2', '1', '0', '0;2', '1-1', '2', '{"1":2}'],
      [
        '1',
        '2',
        'receive',
        '2026-11-26T03:00:00.000Z',
        '20.123',
        '9',
        '7',
        '3',
        '0',
        'evil,"id"\nx',
        '8',
        '{"0":8,"1":3}',
      ],
    ]);
  });

  test('a restarted VM appends to its file without a second header', async () => {
    const file = join(dir, 'vm-2.csv');
    const first = new CsvLog(file, 2);
    first.write(timing(0), { event: 'internal', clock: 1, jump: 1, queueLen: 0, vector: [0, 0, 1] });
    first.close();
    const again = new CsvLog(file, 2, true);
    again.write(timing(5), { event: 'internal', clock: 2, jump: 1, queueLen: 0, vector: [0, 0, 2] });
    again.close();
    const records: string[][] = parse(await readFile(file, 'utf8'));
    expect(records.map((r) => r[1])).toEqual(['tick', '0', '5']);
  });

  test('a new file is created exclusively: a planted symlink or an existing file is refused, never written', async () => {
    const target = join(dir, 'target.txt');
    await writeFile(target, 'precious\n');
    const link = join(dir, 'vm-7.csv');
    await symlink(target, link);
    expect(() => new CsvLog(link, 7)).toThrow(/EEXIST/);
    expect(() => new CsvLog(link, 7, true)).toThrow(/ELOOP/);
    expect(() => new CsvLog(target, 7)).toThrow(/EEXIST/);
    expect(await readFile(target, 'utf8')).toBe('precious\n');
  });

  test('open: a file that cannot be created or written is one line naming it, as a value', async () => {
    const planted = join(dir, 'vm-6.csv');
    await writeFile(planted, 'precious\n');
    expect(CsvLog.open(planted, 6)).toEqual({ kind: 'io-failure', line: `cannot create ${planted} (EEXIST)` });
    // A device that is always full: the header's write fails as on a full disk (the fd's error names no file).
    expect(CsvLog.open('/dev/full', 6, true)).toEqual({ kind: 'io-failure', line: 'cannot write /dev/full (ENOSPC)' });
    expect(await readFile(planted, 'utf8')).toBe('precious\n');
    const writable = CsvLog.open(join(dir, 'vm-6b.csv'), 6);
    expect(writable).toBeInstanceOf(CsvLog);
    if (writable instanceof CsvLog) writable.close();
  });

  test('a restarted VM appends without a second header, but writes it into an empty or missing file', async () => {
    const outcome: TickOutcome = { event: 'internal', clock: 1, jump: 1, queueLen: 0, vector: [1] };
    const kept = join(dir, 'vm-8.csv');
    const first = new CsvLog(kept, 8);
    first.write(timing(0), outcome);
    first.close();
    const second = new CsvLog(kept, 8, true);
    second.write(timing(1), outcome);
    second.close();
    const emptied = join(dir, 'vm-9.csv');
    await writeFile(emptied, '');
    const third = new CsvLog(emptied, 9, true);
    third.write(timing(0), outcome);
    third.close();
    for (const file of [kept, emptied]) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      expect({ file, headers: lines.filter((l) => l === csvColumns.join(',')).length }).toEqual({ file, headers: 1 });
      expect(lines[0]).toBe(csvColumns.join(','));
    }
  });
});
