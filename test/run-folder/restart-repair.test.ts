import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { csvColumns } from '../../run-folder/csv-columns.js';
import { repairForRestart } from '../../run-folder/restart-repair.js';

const header = csvColumns.join(',');
const T = '2026-01-01T00:00:00.000Z';
const rows = [
  `1,0,internal,${T},0.500,1,1,0,,,,"{""1"":1}"`,
  `1,1,send,${T},50.500,2,1,0,0,1-1,2,"{""1"":2}"`,
  `1,2,receive,${T},100.500,7,5,0,0,0-3,6,"{""0"":4,""1"":3}"`,
];
const cut = `1,3,internal,${T},150.5`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-restart-repair-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('repairForRestart', () => {
  test('drops a cut last row and continues from the last complete one', async () => {
    const file = join(dir, 'cut.csv');
    await writeFile(file, `${header}\n${rows.join('\n')}\n${cut}`);
    const repair = await repairForRestart(file, 1, 2);
    if (!repair.ok) throw new Error(repair.detail);
    expect(repair.repaired).toBe(`dropped a cut last row (${cut.length} bytes)`);
    expect(repair.figures).toMatchObject({ rows: 3, badRows: 0, lastClock: 7, sends: 1, received: 1, maxJump: 5 });
    expect(repair.figures.lastVector).toEqual([4, 3]);
    expect(await readFile(file, 'utf8')).toBe(`${header}\n${rows.join('\n')}\n`);
  });

  test('a whole file is left as it is', async () => {
    const file = join(dir, 'whole.csv');
    const text = `${header}\n${rows.join('\n')}\n`;
    await writeFile(file, text);
    const repair = await repairForRestart(file, 1, 2);
    expect(repair).toMatchObject({ ok: true, repaired: null, figures: { lastClock: 7 } });
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  test('no file, or a cut header (emptied): the new life starts from zero and writes the header', async () => {
    const missing = join(dir, 'missing.csv');
    expect(await repairForRestart(missing, 1, 2)).toMatchObject({
      ok: true,
      repaired: null,
      figures: { missing: true, rows: 0, lastClock: 0 },
    });
    const cutHeader = join(dir, 'cut-header.csv');
    await writeFile(cutHeader, header.slice(0, 20));
    const repair = await repairForRestart(cutHeader, 1, 2);
    expect(repair).toMatchObject({ ok: true, repaired: 'dropped a cut header line (20 bytes)' });
    expect(await readFile(cutHeader, 'utf8')).toBe('');
  });

  test('a row that does not parse is counted, never read as a clock', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, `${header}\n${rows[0]}\n1,1,internal,${T},x,NaN,1,0,,,,{}\n`);
    const repair = await repairForRestart(file, 1, 2);
    expect(repair).toMatchObject({ ok: true, repaired: null, figures: { rows: 2, badRows: 1, lastClock: 1 } });
  });
});
