/**
 * A CSV csv-parse refuses as a whole (a quote a hand left out of place) is read on line by line: the line that does
 * not read is one record of no fields, every other line is handed over once, as it reads. Through the one reader
 * every command uses (read-vm-csv.ts), on the fast path and with csv-parse alone.
 */
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { csvColumns } from '../../run-folder/csv-columns.js';
import { readLineByLine } from '../../run-folder/line-by-line-reader.js';
import { type StreamOptions, streamVmCsv, streamVmCsvFields } from '../../run-folder/read-vm-csv.js';
import { unreadable } from '../../run-folder/unreadable.js';

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

describe('a quoted line break before the broken line (another tool wrote the file, then a hand edited it)', () => {
  test('every record is handed over once, at the physical line it starts on; only the broken line is malformed', async () => {
    // Row 2 holds a quoted line break (lines 3 and 4); row 4, at line 6, has a stray quote.
    const data = rows(5);
    data[1] = (data[1] as string).replace(',1.500,', ',"1\n500",');
    data[3] = (data[3] as string).replace('.500,', '.500",');
    const file = await written(`${[header, ...data].join('\n')}\n`);
    for (const options of readers) {
      const { summary, records } = await read(file, options);
      expect({ options, summary }).toMatchObject({ options, summary: { ok: true, records: 5, fields: 12 } });
      expect({ options, lines: records.map(([line]) => line) }).toEqual({ options, lines: [2, 3, 5, 6, 7] });
      expect({ options, malformed: records.filter(([, record]) => record.length === 0).map(([line]) => line) }).toEqual(
        { options, malformed: [6] },
      );
      expect(records[1]?.[1][4]).toBe('1\n500');
    }
  });

  test('many chunks: line numbers are physical before and after the switch, none skipped', async () => {
    const data = rows(20_000);
    data[99] = (data[99] as string).replace(',99.500,', ',"99\n500",');
    data[14_999] = (data[14_999] as string).replace('.500,', '.500",');
    const file = await written(`${[header, ...data].join('\n')}\n`);
    for (const options of readers) {
      const { summary, records } = await read(file, options);
      expect({ options, summary }).toMatchObject({ options, summary: { ok: true, records: 20_000 } });
      // Row i (0-based) is on line i + 2, or i + 3 after row 99, which spans two lines.
      const lines = records.map(([line]) => line);
      const wrong = lines.findIndex((line, i) => line !== (i <= 99 ? i + 2 : i + 3));
      const firstWrong = wrong < 0 ? null : { record: wrong, lines: lines.slice(Math.max(0, wrong - 2), wrong + 3) };
      expect({ options, firstWrong }).toEqual({ options, firstWrong: null });
      expect({ options, malformed: records.filter(([, record]) => record.length === 0).map(([line]) => line) }).toEqual(
        { options, malformed: [15_002] },
      );
      expect(records[99]?.[0]).toBe(101);
      expect(records[99]?.[1].slice(1, 5)).toEqual(['99', 'internal', '2026-01-01T00:00:00.000Z', '99\n500']);
      expect(lines.at(-1)).toBe(20_002);
    }
  });
});

describe('readLineByLine', () => {
  test('starts at the byte and line handed over: what csv-parse read is not read again', async () => {
    // Stand-ins for what csv-parse handed over: neither would read as a header here.
    const before = 'not,a,header\n"an,open quote\n';
    const file = await written(`${before}${row(7)}\n${row(8)}\n`);
    const handle = await open(file, 'r');
    const records: [number, string[]][] = [];
    try {
      const handed = { lines: 2, bytes: Buffer.byteLength(before), records: 5, fields: 12 };
      const refusal = unreadable('csv-parse', file, 'refused');
      const size = (await handle.stat()).size;
      const outcome = await readLineByLine(
        handle,
        file,
        size - 1,
        (r, line) => records.push([line, r]),
        handed,
        refusal,
      );
      expect(outcome).toEqual({ ok: true, records: 7, fields: 12 });
    } finally {
      await handle.close();
    }
    expect(records.map(([line, record]) => [line, record[1]])).toEqual([
      [3, '7'],
      [4, '8'],
    ]);
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
