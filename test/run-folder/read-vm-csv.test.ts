import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { csvColumns } from '../../run-folder/csv-columns.js';
import { streamVmCsv, streamVmCsvFields } from '../../run-folder/read-vm-csv.js';

const header = csvColumns.join(',');
const row = (tick: number) => `0,${tick},internal,2026-01-01T00:00:00.000Z,${tick}.000,${tick + 1},1,0,,,`;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-read-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(name: string, text: string | null) {
  const file = join(dir, name);
  if (text !== null) await writeFile(file, text);
  const records: { line: number; record: string[] }[] = [];
  const summary = await streamVmCsv(file, (record, line) => records.push({ line, record }));
  return { summary, records };
}

describe('streamVmCsv', () => {
  test('hands over each data record with its line number', async () => {
    const { summary, records } = await read('ok.csv', `${header}\n${row(0)}\n${row(1)}\n`);
    expect(summary).toMatchObject({ ok: true, missing: false, records: 2, cutTailBytes: 0 });
    expect(records.map((r) => r.line)).toEqual([2, 3]);
    expect(records[1]?.record).toEqual(row(1).split(','));
  });

  test('leaves out a cut last line and says how long it was', async () => {
    const { summary, records } = await read('cut.csv', `${header}\n${row(0)}\n0,1,inter`);
    expect(summary).toMatchObject({ ok: true, records: 1, cutTailBytes: '0,1,inter'.length });
    expect(records).toHaveLength(1);
  });

  test('a file cut inside its header, an empty file and a missing file have no rows', async () => {
    expect((await read('half-header.csv', 'vm,tick,ev')).summary).toMatchObject({
      ok: true,
      records: 0,
      cutTailBytes: 10,
    });
    expect((await read('empty.csv', '')).summary).toMatchObject({ ok: true, records: 0, cutTailBytes: 0 });
    expect((await read('header-only.csv', `${header}\n`)).summary).toMatchObject({ ok: true, records: 0 });
    expect((await read('missing.csv', null)).summary).toMatchObject({ ok: true, missing: true, records: 0 });
  });

  test('quoted fields are CSV, not errors', async () => {
    const { records } = await read(
      'quoted.csv',
      `${header}\n0,0,send,"2026-01-01T00:00:00.000Z",0.5,1,1,0,"1;2",0-1,1\n`,
    );
    expect(records[0]?.record[8]).toBe('1;2');
  });

  test('a wrong header, or quoting that breaks the header, makes the file unreadable', async () => {
    expect((await read('header.csv', `vm,tick\n${row(0)}\n`)).summary).toMatchObject({
      ok: false,
      problem: 'csv-header',
    });
    expect((await read('quote.csv', `vm,"tick\n${row(0)}\n`)).summary).toMatchObject({
      ok: false,
      problem: 'csv-parse',
    });
  });

  test('broken quoting in a row costs that row only (line-by-line-reader.test.ts has the cases)', async () => {
    const { summary, records } = await read('quote-row.csv', `${header}\n0,"0,internal\n${row(1)}\n`);
    expect(summary).toMatchObject({ ok: true, records: 2 });
    expect(records).toEqual([
      { line: 2, record: [] },
      { line: 3, record: row(1).split(',') },
    ]);
  });

  test('a byte-order mark before the header (a spreadsheet saved the file) is read past and told, by every reader', async () => {
    const bom = '\ufeff';
    const rows = [row(0).split(','), row(1).split(',')];
    const plain = await read('bom.csv', `${bom}${header}\n${row(0)}\n${row(1)}\n`);
    expect(plain.summary).toMatchObject({ ok: true, records: 2, byteOrderMark: true, fields: csvColumns.length });
    expect(plain.records).toEqual([
      { line: 2, record: rows[0] },
      { line: 3, record: rows[1] },
    ]);
    const records: string[][] = [];
    const parsed = await streamVmCsv(join(dir, 'bom.csv'), (record) => records.push(record), { reader: 'csv-parse' });
    expect([parsed, records]).toMatchObject([{ ok: true, records: 2, byteOrderMark: true }, rows]);
    // A quoted field sends the file to csv-parse; broken quoting in a row, on to the line-by-line read.
    const quoted = await read(
      'bom-quoted.csv',
      `${bom}${header}\n${row(0)}\n0,1,"internal",${row(1).slice('0,1,internal,'.length)}\n`,
    );
    expect(quoted.summary).toMatchObject({ ok: true, records: 2, byteOrderMark: true });
    expect(quoted.records.map((r) => r.record)).toEqual(rows);
    const broken = await read('bom-broken.csv', `${bom}${header}\n0,"0,internal\n${row(1)}\n`);
    expect(broken.summary).toMatchObject({ ok: true, records: 2, byteOrderMark: true });
    expect(broken.records).toEqual([
      { line: 2, record: [] },
      { line: 3, record: rows[1] },
    ]);
    expect((await read('ok.csv', `${header}\n${row(0)}\n`)).summary).toMatchObject({ byteOrderMark: false });
  });

  test('a visitor that throws is a bug: the promise rejects, on the fast path and with csv-parse', async () => {
    await writeFile(join(dir, 'throw.csv'), `${header}\n${row(0)}\n`);
    for (const reader of ['auto', 'csv-parse'] as const) {
      await expect(
        streamVmCsv(
          join(dir, 'throw.csv'),
          () => {
            throw new Error(`visitor bug (${reader})`);
          },
          { reader },
        ),
      ).rejects.toThrow(`visitor bug (${reader})`);
    }
  });
});

describe('streamVmCsvFields', () => {
  const vectorRow = (tick: number) =>
    `0,${tick},send,2026-01-01T00:00:00.000Z,${tick}.000,${tick + 1},1,0,1;2,0-${tick + 1},${tick + 1},"{""0"":${tick + 1}}"`;
  const header12 = header;

  /** Every record as strings, from the offsets (a quoted field's doubled quotes undoubled, as csv-parse does). */
  async function fieldsOf(file: string) {
    const records: string[][] = [];
    const summary = await streamVmCsvFields(file, (text, starts, ends, count) => {
      records.push(Array.from({ length: count }, (_, i) => text.slice(starts[i], ends[i]).replaceAll('""', '"')));
    });
    return { summary, records };
  }

  test('gives the same fields as streamVmCsv, on the fast path and after the csv-parse fallback', async () => {
    const own = `${header12}\n${vectorRow(0)}\n${vectorRow(1)}\n`;
    // A quoted first field (a hand edit) in the middle sends the whole file to csv-parse.
    const mixed = `${header12}\n${vectorRow(0)}\n"${vectorRow(1).replace(',', '",')}\n${vectorRow(2)}\n`;
    for (const [name, text] of [
      ['own.csv', own],
      ['mixed.csv', mixed],
    ] as const) {
      const strings = await read(name, text);
      const offsets = await fieldsOf(join(dir, name));
      expect({ name, summary: offsets.summary }).toMatchObject({ name, summary: { ok: true, fields: 12 } });
      expect({ name, records: offsets.records }).toEqual({ name, records: strings.records.map((r) => r.record) });
    }
  });
});

describe('only regular files are read', () => {
  test('a FIFO named like a CSV is refused at once, not waited on', async () => {
    const fifo = join(dir, 'vm-9.csv');
    execFileSync('mkfifo', [fifo]);
    const summary = await streamVmCsv(fifo, () => {});
    expect(summary).toMatchObject({ ok: false, problem: 'not-a-file' });
    expect(!summary.ok && summary.detail).toMatch(/not a regular file \(a FIFO\)/);
  });
});
