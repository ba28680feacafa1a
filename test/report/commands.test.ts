import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { compareCommand, reportCommand } from '../../report/commands.js';
import { copyRun, fixtureRun } from '../analysis/fixture-runs.js';

function writers() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'clocklab-report-test-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('launcher report', () => {
  test('writes RUN_DIR/report.html and prints its path, size and rows', async () => {
    const copy = await copyRun('basic');
    try {
      const { out, err, io } = writers();
      expect(await reportCommand(copy.dir, {}, io)).toBe(0);
      const file = join(copy.dir, 'report.html');
      expect(out).toEqual([expect.stringMatching(new RegExp(`^report: ${file} \\(\\d+\\.\\d MB, 14 rows\\)$`))]);
      expect(err).toEqual([]);
      expect(await readFile(file, 'utf8')).toContain('<h1>Run basic</h1>');
    } finally {
      await copy.remove();
    }
  });

  test('--out writes elsewhere and leaves the run folder alone', async () => {
    const file = join(scratch, 'elsewhere.html');
    const { out, io } = writers();
    expect(await reportCommand(fixtureRun('basic'), { out: file }, io)).toBe(0);
    expect(out[0]).toMatch(/^report: .*elsewhere\.html/);
    expect((await stat(file)).size).toBeGreaterThan(500_000);
    await expect(stat(join(fixtureRun('basic'), 'report.html'))).rejects.toThrow();
  });

  test("the per-VM table shows each VM's late share and p99: 20.0% and 120.50 ms for late-ticks' VM 0", async () => {
    const file = join(scratch, 'late.html');
    expect(await reportCommand(fixtureRun('late-ticks'), { out: file }, writers().io)).toBe(0);
    const page = await readFile(file, 'utf8');
    const table = page.slice(page.indexOf('<table class="summary">'), page.indexOf('</table>'));
    const cells = (row: string) => [...row.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((m) => m[1]);
    const [head = '', vm0 = '', vm1 = ''] = table.split('</tr>');
    const late = cells(head).indexOf('late');
    expect(late).toBeGreaterThan(0);
    expect(cells(head)[late + 1]).toBe('late p99 ms');
    expect(cells(vm0).slice(late, late + 2)).toEqual(['20.0%', '120.50']);
    expect(cells(vm1).slice(late, late + 2)).toEqual(['0.0%', '0.70']);
  });

  test("a failed run (VM 1 killed): one line says each VM's ticks count up to its own stop; VM 1's 4 of 4 due ran", async () => {
    const file = join(scratch, 'ended-early.html');
    expect(await reportCommand(fixtureRun('ended-early'), { out: file }, writers().io)).toBe(0);
    const page = await readFile(file, 'utf8');
    expect(page).toContain(
      '<p class="small">No instant every VM stopped at (run failed): each VM\'s ticks due and achieved rate count up to its own stop, its last row (last rows at 0.601 to 1.8 s of 2 s).</p>',
    );
    const table = page.slice(page.indexOf('<table class="summary">'), page.indexOf('</table>'));
    const cells = (row: string) => [...row.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map((m) => m[1]);
    const [head = '', , vm1 = ''] = table.split('</tr>');
    const ticks = cells(head).indexOf('ticks');
    const achieved = cells(head).indexOf('achieved/configured');
    expect([cells(vm1)[ticks], cells(vm1)[achieved]]).toEqual(['4 / 4', '1']);
  });

  test('a folder that is not a run, or a CSV that cannot be read, exits 2 with one line saying why', async () => {
    const missing = writers();
    expect(await reportCommand(join(scratch, 'nope'), {}, missing.io)).toBe(2);
    expect(missing.err).toEqual([`unreadable: ${join(scratch, 'nope')}: no such folder`]);
    const badHeader = writers();
    expect(await reportCommand(fixtureRun('bad-header'), { out: join(scratch, 'x.html') }, badHeader.io)).toBe(2);
    expect(badHeader.err).toEqual([
      expect.stringMatching(/^unreadable: .*vm-1\.csv: header is '.*,queue,.*'; expected '.*'$/),
    ]);
  });

  test.each(['manifest.json', 'vm-0.csv'])(
    "--out naming the run's own %s is refused: exit 2, the file untouched",
    async (name) => {
      const copy = await copyRun('basic');
      try {
        const file = join(copy.dir, name);
        const before = await readFile(file, 'utf8');
        const { out, err, io } = writers();
        expect(await reportCommand(copy.dir, { out: file }, io)).toBe(2);
        expect(out).toEqual([]);
        expect(err).toEqual([`unwritable: ${file}: one of the own files of the run ${copy.dir}; give another file`]);
        expect(await readFile(file, 'utf8')).toBe(before);
      } finally {
        await copy.remove();
      }
    },
  );

  test('a run no VM logged a row in: one line, exit 1, no page of zeros, here or at --out', async () => {
    const copy = await copyRun('never-started');
    try {
      const elsewhere = join(scratch, 'never-started.html');
      for (const options of [{}, { out: elsewhere }]) {
        const { out, err, io } = writers();
        expect(await reportCommand(copy.dir, options, io)).toBe(1);
        expect(out).toEqual([]);
        expect(err).toEqual([
          `nothing to report: no VM logged a row in ${copy.dir} (run failed: VM 1 could not start (port-in-use: 127.0.0.1:40001: EADDRINUSE)); no page written`,
        ]);
      }
      await expect(stat(join(copy.dir, 'report.html'))).rejects.toThrow();
      await expect(stat(elsewhere)).rejects.toThrow();
    } finally {
      await copy.remove();
    }
  });

  test('a page that cannot be written exits 2', async () => {
    const { err, io } = writers();
    expect(await reportCommand(fixtureRun('basic'), { out: join(scratch, 'no', 'such', 'dir.html') }, io)).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(/^unwritable: .*dir\.html: cannot write \(ENOENT: its folder does not exist\)$/),
    ]);
  });
});

describe('launcher report on a folder that fails check', () => {
  test('the page written, its check listing the finding; one line says it first, exit 5', async () => {
    const file = join(scratch, 'jump.html');
    const { out, err, io } = writers();
    expect(await reportCommand(fixtureRun('jump-column'), { out: file }, io)).toBe(5);
    expect(err).toEqual([
      'figures from a folder that fails check: 1 violation, first: jump-column: vm-0.csv tick 5 (line 7): found jump 2; ' +
        `expected 6 - 5 = 1 (launcher check ${fixtureRun('jump-column')} for all)`,
    ]);
    expect(out).toEqual([expect.stringMatching(/^report: .*jump\.html \(/)]);
    expect(await readFile(file, 'utf8')).toContain('jump-column: vm-0.csv tick 5 (line 7)');
  });
});

describe('launcher compare', () => {
  test('prints the key figures side by side, one column per run', async () => {
    const { out, io } = writers();
    expect(await compareCommand([fixtureRun('basic'), fixtureRun('ended-early')], {}, io)).toBe(0);
    expect(out[0]).toMatch(/^figure\s+basic\s+ended-early$/);
    const row = (name: string) => out.find((line) => line.startsWith(name))?.split(/\s{2,}/);
    expect(row('machines')).toEqual(['machines', '2', '2']);
    expect(row('clock rates (ticks/s)')).toEqual(['clock rates (ticks/s)', '5, 2', '5, 5']);
    expect(row('jump max')).toEqual(['jump max', '3', '2']);
    expect(row('stopped by a signal at')).toEqual(['stopped by a signal at (experiment s)', '-', '-']);
    expect(out.map((line) => line.split(/\s{2,}/)[0])).toEqual([
      'figure',
      'status',
      'machines',
      'clock rates (ticks/s)',
      'duration (experiment s)',
      'stopped by a signal at (experiment s)',
      'speed',
      'jump mean',
      'jump max',
      'drift mean',
      'drift worst',
      'queue max',
      'gaps (events with jump > 1)',
      'gap share',
      'achieved / configured',
      'late share (ticks > 1 period late)',
      'late p99, worst VM (ms)',
    ]);
  });

  test("pools the late ticks over every VM: 2 of late-ticks' 14 ticks, none of basic's", async () => {
    const { out, io } = writers();
    expect(await compareCommand([fixtureRun('basic'), fixtureRun('late-ticks')], {}, io)).toBe(0);
    const row = (name: string) => out.find((line) => line.startsWith(name))?.split(/\s{2,}/);
    expect(row('late share')).toEqual(['late share (ticks > 1 period late)', '0', (2 / 14).toFixed(3)]);
    expect(row('late p99')).toEqual(['late p99, worst VM (ms)', '0.700', '120.500']);
  });

  test('--html writes the comparison page with the charts overlaid', async () => {
    const file = join(scratch, 'compare.html');
    const { out, io } = writers();
    expect(await compareCommand([fixtureRun('basic'), fixtureRun('ended-early')], { html: file }, io)).toBe(0);
    expect(out.at(-1)).toMatch(/^comparison: .*compare\.html \(\d+\.\d MB, 28 rows\)$/);
    const html = await readFile(file, 'utf8');
    const specs = JSON.parse(
      /<script type="application\/json" id="chart-specs">(.*?)<\/script>/s.exec(html)?.[1] ?? '[]',
    );
    expect(specs.map((c: { id: string }) => c.id)).toEqual([
      'compare-clock',
      'compare-drift',
      'compare-queue',
      'compare-jumps',
    ]);
    expect(html).not.toMatch(/<script[^>]+src=/i);
  });

  test("--html naming one of a compared run's own files is refused: exit 2, the file untouched", async () => {
    const copy = await copyRun('ended-early');
    try {
      const file = join(copy.dir, 'vm-1.csv');
      const before = await readFile(file, 'utf8');
      const { err, io } = writers();
      expect(await compareCommand([fixtureRun('basic'), copy.dir], { html: file }, io)).toBe(2);
      expect(err).toEqual([`unwritable: ${file}: one of the own files of the run ${copy.dir}; give another file`]);
      expect(await readFile(file, 'utf8')).toBe(before);
    } finally {
      await copy.remove();
    }
  });

  test('a run no VM logged a row in, wherever it stands: one line naming it, exit 1, no table, no page', async () => {
    const empty = fixtureRun('never-started');
    const ended = 'run failed: VM 1 could not start (port-in-use: 127.0.0.1:40001: EADDRINUSE)';
    const said = `cannot compare: no VM logged a row in ${empty} (${ended});`;
    const page = join(scratch, 'never-compared.html');
    for (const dirs of [
      [fixtureRun('basic'), empty],
      [empty, fixtureRun('basic'), fixtureRun('ended-early')],
    ]) {
      const bare = writers();
      expect(await compareCommand(dirs, {}, bare.io)).toBe(1);
      expect({ out: bare.out, err: bare.err }).toEqual({ out: [], err: [`${said} leave that run out`] });
      const html = writers();
      expect(await compareCommand(dirs, { html: page }, html.io)).toBe(1);
      expect({ out: html.out, err: html.err }).toEqual({
        out: [],
        err: [`${said} no page written; leave that run out`],
      });
    }
    await expect(stat(page)).rejects.toThrow();
  });

  test('several runs no VM logged a row in: every one named in the one line, however they stand', async () => {
    const empty = fixtureRun('never-started');
    const copy = await copyRun('never-started', (manifest) => ({
      ...manifest,
      status: 'interrupted',
      reason: 'a stop',
    }));
    try {
      const ended = 'run failed: VM 1 could not start (port-in-use: 127.0.0.1:40001: EADDRINUSE)';
      const bare = writers();
      expect(await compareCommand([empty, fixtureRun('basic'), copy.dir], {}, bare.io)).toBe(1);
      expect({ out: bare.out, err: bare.err }).toEqual({
        out: [],
        err: [
          `cannot compare: no VM logged a row in ${empty} (${ended}); no VM logged a row in ${copy.dir} (run interrupted: a stop); leave those 2 runs out`,
        ],
      });
    } finally {
      await copy.remove();
    }
  });

  test('a run whose folder fails check: one line naming it before the table, the table all the same, exit 5', async () => {
    const { out, err, io } = writers();
    expect(await compareCommand([fixtureRun('basic'), fixtureRun('clock-rising')], {}, io)).toBe(5);
    expect(err).toEqual([
      'figures from a folder that fails check: 1 violation, first: clock-rising: vm-0.csv tick 6 (line 8): found clock 6 ' +
        `after 6; expected above 6 (launcher check ${fixtureRun('clock-rising')} for all; the rules across VMs were not run here)`,
    ]);
    expect(out[0]).toMatch(/^figure +basic +clock-rising$/);
  });

  test('fewer than two runs, or one that cannot be read, exits 2', async () => {
    const one = writers();
    expect(await compareCommand([fixtureRun('basic')], {}, one.io)).toBe(2);
    expect(one.err).toEqual(['compare: found 1 run folder; allowed: 2 or more']);
    const bad = writers();
    expect(await compareCommand([fixtureRun('basic'), join(scratch, 'nope')], {}, bad.io)).toBe(2);
    expect(bad.err).toEqual([`unreadable: ${join(scratch, 'nope')}: no such folder`]);
    expect(bad.out).toEqual([]);
  });

  test('a folder given twice is said in a note and compared once; given twice alone, it is one run: exit 2', async () => {
    const basic = fixtureRun('basic');
    const again = writers();
    expect(await compareCommand([basic, fixtureRun('ended-early'), `${basic}/`], {}, again.io)).toBe(0);
    expect(again.err).toEqual([`note: ${basic} is given twice; compared once`]);
    expect(again.out[0]).toMatch(/^figure +basic +ended-early$/);
    const self = writers();
    expect(await compareCommand([basic, basic], {}, self.io)).toBe(2);
    expect(self.err).toEqual([
      `note: ${basic} is given twice; compared once`,
      'compare: found 1 run folder; allowed: 2 or more',
    ]);
    expect(self.out).toEqual([]);
  });
});
