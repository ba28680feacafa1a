import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { checkRun } from '../../analysis/check-run.js';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { formatVector } from '../../model/vector-clock.js';
import { csvColumns, lamportColumnCount } from '../../run-folder/csv-columns.js';
import { type StreamOptions, streamVmCsv } from '../../run-folder/read-vm-csv.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-own-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Everything a caller sees of a read: the outcome and, when it is readable, every record with its line. */
async function read(file: string, options: StreamOptions) {
  const records: [number, string[], number][] = [];
  const summary = await streamVmCsv(file, (record, line, fields) => records.push([line, record, fields]), options);
  // An unreadable file's records are thrown away by every caller (and csv-parse hands over a varying part of them).
  return summary.ok ? { summary, records } : { summary };
}

const header12 = csvColumns.join(',');
const header11 = csvColumns.slice(0, lamportColumnCount).join(',');
const hostile = fc.constantFrom('a', '1', ',', '"', '\r', ' ', ';', '{', '}', 'é', '😀', '\ufeff', '\0');
const ownRow = fc
  .tuple(fc.nat({ max: 1000 }), fc.array(fc.nat({ max: 50 }), { maxLength: 5 }))
  .map(([tick, vector]) =>
    stringify([[0, tick, 'internal', 'T', tick / 2, tick + 1, 1, 0, '', '', '', formatVector(vector)]]),
  );
const oldRow = fc
  .nat({ max: 1000 })
  .map((tick) => stringify([[0, tick, 'internal', 'T', tick / 2, tick + 1, 1, 0, '', '', '']]));
const strangeLine = fc.oneof(
  fc.string({ unit: hostile, maxLength: 40 }).map((s) => `${s}\n`),
  ownRow.map((row) => row.replace('\n', '\r\n')),
  ownRow.map((row) => row.replace(',T,', ',"T",')),
  ownRow.map((row) => row.replace(',internal,', ',"inter""nal",')),
  fc.constant('\n'),
);

describe('streamVmCsv: the fast reader against csv-parse', () => {
  test('any file, own rows and hostile lines mixed: the same records, lines and outcome', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          `${header12}\n`,
          `${header11}\n`,
          `${header12}\r\n`,
          `"vm",${header12.slice(3)}\n`,
          'vm,tick\n',
        ),
        fc.array(fc.oneof({ weight: 6, arbitrary: fc.oneof(ownRow, oldRow) }, { weight: 1, arbitrary: strangeLine }), {
          maxLength: 30,
        }),
        fc.string({ unit: hostile, maxLength: 5 }),
        async (head, rows, tail) => {
          const file = join(dir, `mixed-${n++}.csv`);
          await writeFile(file, head + rows.join('') + tail);
          expect(await read(file, {})).toEqual(await read(file, { reader: 'csv-parse' }));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a file of several chunks (over 1 MiB) reads record for record as csv-parse reads it', async () => {
    const run = await mkdtemp(join(dir, 'chunks-'));
    await writeSyntheticRun(run, { rows: 40_000, machines: 3, seed: 5 });
    const file = join(run, 'vm-2.csv');
    const own = await read(file, {});
    expect(own.records?.length).toBeGreaterThan(15_000);
    expect(own).toEqual(await read(file, { reader: 'csv-parse' }));
  });
});

describe('a run whose CSV is not exactly as the VMs write it', () => {
  let plain = '';
  beforeAll(async () => {
    plain = await mkdtemp(join(dir, 'run-'));
    await writeSyntheticRun(plain, { rows: 6000, machines: 3, seed: 9 });
  });

  /** A copy of the run with vm-1.csv passed through `edit`. */
  async function edited(edit: (text: string) => string): Promise<string> {
    const copy = await mkdtemp(join(dir, 'edited-'));
    await cp(plain, copy, { recursive: true });
    const file = join(copy, 'vm-1.csv');
    await writeFile(file, edit(await readFile(file, 'utf8')));
    return copy;
  }
  const same = async (copy: string) => {
    const [a, b] = [await analyzeRun(plain), await analyzeRun(copy)];
    if (!a.ok || !b.ok) throw new Error('both readable');
    expect({ ...b.analysis, runDir: '' }).toEqual({ ...a.analysis, runDir: '' });
    const [c, d] = [await checkRun(plain), await checkRun(copy)];
    expect({ ...d, runDir: '' }).toEqual({ ...c, runDir: '' });
  };

  test('CRLF line ends throughout: read by csv-parse, the same analysis and check', async () => {
    await same(await edited((text) => text.replaceAll('\n', '\r\n')));
  });

  test('one field quoted deep in the file (the writer never quotes it): the same analysis and check', async () => {
    await same(
      await edited((text) => {
        const lines = text.split('\n');
        const at = Math.floor(lines.length * 0.8);
        lines[at] = (lines[at] ?? '').replace(/,(\d+\.\d+),/, ',"$1",');
        return lines.join('\n');
      }),
    );
  });

  test('one CRLF line deep in the file: csv-parse refuses it, read line by line: the same analysis and check', async () => {
    const copy = await edited((text) => {
      const lines = text.split('\n');
      const at = Math.floor(lines.length / 2);
      lines[at] = `${lines[at]}\r`;
      return lines.join('\n');
    });
    const text = await readFile(join(copy, 'vm-1.csv'), 'utf8');
    expect(() => parse(text, { relax_column_count: true })).toThrow(/Invalid Closing Quote/);
    await same(copy);
  });

  test('a stray quote in one row deep in the file: one row-format finding at its line, that row left out', async () => {
    let at = 0;
    const copy = await edited((text) => {
      const lines = text.split('\n');
      at = lines.findIndex((line, i) => i > lines.length / 2 && line.includes(',internal,'));
      lines[at] = (lines[at] ?? '').replace(/,(\d+\.\d+),/, ',$1",');
      return lines.join('\n');
    });
    const [check, plainCheck] = [await checkRun(copy), await checkRun(plain)];
    expect(plainCheck.ok).toBe(true);
    expect(check).toMatchObject({
      ok: false,
      violationCount: 1,
      violations: [{ rule: 'row-format', vm: 1, line: at + 1, found: 'a line whose quotes do not read as CSV' }],
    });
    const [a, b] = [await analyzeRun(plain), await analyzeRun(copy)];
    if (!a.ok || !b.ok) throw new Error('both readable');
    const [before, after] = [a.analysis.vms, b.analysis.vms];
    expect(after[1]?.csv.badRows).toBe(1);
    expect(after[1]?.events).toEqual({ ...before[1]?.events, internal: (before[1]?.events.internal ?? 0) - 1 });
    // The rows after it are read: the last clock is the file's last.
    expect(after[1]?.clock.final).toBe(before[1]?.clock.final);
    expect([after[0], after[2]].map((vm) => vm?.events)).toEqual([before[0], before[2]].map((vm) => vm?.events));
  });
});
