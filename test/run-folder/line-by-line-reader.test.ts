/**
 * A CSV csv-parse refuses as a whole (a quote a hand left out of place) is read on line by line: the line that does
 * not read is one record of no fields, every other line is handed over once, as it reads. Through the one reader
 * every command uses (read-vm-csv.ts), on the fast path and with csv-parse alone.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { csvColumns } from '../../run-folder/csv-columns.js';
import { type StreamOptions, streamVmCsv, streamVmCsvFields } from '../../run-folder/read-vm-csv.js';

const header = csvColumns.join(',');
const row = (tick: number) =>
  `0,${tick},internal,2026-01-01T00:00:00.000Z,${tick}.500,${tick + 1},1,0,,,,"{""0"":${tick + 1}}"`;
const rows = (count: number) => Array.from({ length: count }, (_, tick) => row(tick));
const readers: StreamOptions[] = [{}, { reader: 'csv-parse' }];

let dir = '';
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-line-by-line-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(file: string, options: StreamOptions) {
  const records: [number, string[]][] = [];
  const summary = await streamVmCsv(file, (record, line) => records.push([line, record]), options);
  return { summary, records };
}

async function written(text: string): Promise<string> {
  const file = join(dir, `vm-${n++}.csv`);
  await writeFile(file, text);
  return file;
}

/** The records of `lines` read whole, with the line at `at` (0 is the header) replaced by a record of no fields. */
async function expectedWith(lines: string[], at: number, options: StreamOptions) {
  const clean = await read(await written(`${lines.join('\n')}\n`), options);
  return clean.records.map(([line, record]): [number, string[]] => [line, line === at + 1 ? [] : record]);
}

describe('a file csv-parse refuses is read line by line', () => {
  const lines = [header, ...rows(6)];
  test.each([
    ['a stray quote inside a field (Invalid Opening Quote)', (line: string) => line.replace('.500,', '.500",')],
    ['a quote opening a field, never closed', (line: string) => line.replace(',3.500,', ',"3.500,')],
    ['a quoted field with text after its closing quote', (line: string) => line.replace(',3,', ',"3"x,')],
  ])('%s: that line is one record of no fields, every other row as before', async (_, edit) => {
    const broken = [...lines];
    broken[4] = edit(broken[4] as string);
    for (const options of readers) {
      const file = await written(`${broken.join('\n')}\n`);
      const { summary, records } = await read(file, options);
      expect({ options, summary }).toMatchObject({ options, summary: { ok: true, records: 6, fields: 12 } });
      expect({ options, records }).toEqual({ options, records: await expectedWith(lines, 4, options) });
    }
  });

  test('CRLF line ends with one broken line: the other lines read without their CR', async () => {
    const broken = [...lines];
    broken[2] = (broken[2] as string).replace('.500,', '.500",');
    const file = await written(`${broken.join('\r\n')}\r\n`);
    for (const options of readers) {
      expect(await read(file, options)).toEqual({
        summary: expect.objectContaining({ ok: true, records: 6 }),
        records: await expectedWith(lines, 2, options),
      });
    }
  });

  test('field offsets (the report): the broken line has no fields, the others read', async () => {
    const broken = [...lines];
    broken[3] = (broken[3] as string).replace('.500,', '.500",');
    const counts: [number, number][] = [];
    const summary = await streamVmCsvFields(await written(`${broken.join('\n')}\n`), (_text, _s, _e, count, line) =>
      counts.push([line, count]),
    );
    expect(summary).toMatchObject({ ok: true, records: 6 });
    expect(counts).toEqual([2, 3, 4, 5, 6, 7].map((line) => [line, line === 4 ? 0 : 12]));
  });

  test('a line deep in a file of many chunks: no record lost or handed over twice', async () => {
    const run = await mkdtemp(join(dir, 'run-'));
    await writeSyntheticRun(run, { rows: 40_000, machines: 3, seed: 5 });
    const plain = (await readFile(join(run, 'vm-2.csv'), 'utf8')).split('\n').slice(0, -1);
    const at = Math.floor(plain.length * 0.8);
    const broken = [...plain];
    broken[at] = (broken[at] as string).replace(/,(\d+\.\d+),/, ',$1",');
    const file = await written(`${broken.join('\n')}\n`);
    for (const options of readers) {
      const { summary, records } = await read(file, options);
      expect(summary).toMatchObject({ ok: true, records: plain.length - 1 });
      expect(records.length).toBe(plain.length - 1);
      expect(records).toEqual(await expectedWith(plain, at, options));
    }
  });

  test('a header whose quotes do not read: unreadable, as csv-parse says', async () => {
    const file = await written(`${header.replace(',tick,', ',"tick,')}\n${row(0)}\n`);
    for (const options of readers) {
      const { summary } = await read(file, options);
      expect(summary).toMatchObject({ ok: false, problem: 'csv-parse' });
      expect(!summary.ok && summary.detail).toMatch(/Quote/);
    }
  });
});

describe('a file csv-parse reads whole is never read line by line', () => {
  test('a quoted field holding a line break stays one record', async () => {
    const file = await written(`${header}\n${row(0).replace(',internal,', ',"inter\nnal",')}\n${row(1)}\n`);
    const { summary, records } = await read(file, {});
    expect(summary).toMatchObject({ ok: true, records: 2 });
    expect(records.map(([, record]) => record[2])).toEqual(['inter\nnal', 'internal']);
  });
});
