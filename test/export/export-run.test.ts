/**
 * exportCommand's outputs: a standard output that fails, and a --out file that is written whole or not at all (a
 * folder by that name, a link planted at its temporary name, one of the run's own files, a stop signal).
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import type { ExportIo } from '../../export/export-run.js';
import { fixtureRun } from '../analysis/fixture-runs.js';

/** Every CSV the export surveys, in order: the real survey, counted (loaded before the mock takes its place). */
const surveyed: string[] = [];
const { surveyCsv } = await import('../../export/csv-survey.js');
jest.unstable_mockModule('../../export/csv-survey.js', () => ({
  surveyCsv: (file: string) => {
    surveyed.push(file);
    return surveyCsv(file);
  },
}));
const { exportCommand } = await import('../../export/export-run.js');

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'clocklab-export-run-test-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A folder of its own for one test, holding `files` (name: text). */
async function folder(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir);
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

/** Runs the command with a standard output that takes `accepted` writes, then fails. */
async function command(
  options: { out?: string; accepted?: number; gone?: 'reader-gone' | 'failed'; interrupt?: AbortSignal },
  run = 'vectors',
) {
  const messages: string[] = [];
  let writes = 0;
  const stdout: ExportIo['stdout'] = {
    write: () => {
      writes += 1;
      return writes <= (options.accepted ?? Number.POSITIVE_INFINITY);
    },
    drained: async () => {},
    flushed: async () =>
      writes <= (options.accepted ?? Number.POSITIVE_INFINITY) ? 'flushed' : (options.gone ?? 'failed'),
  };
  const io: ExportIo = {
    stdout,
    message: (line) => messages.push(line),
    ...(options.interrupt === undefined ? {} : { interrupt: options.interrupt }),
  };
  const flags = { format: 'shiviz', ...(options.out === undefined ? {} : { out: options.out }) };
  const code = await exportCommand(run.startsWith('/') ? run : fixtureRun(run), flags, io);
  return { code, messages, writes };
}

describe('exportCommand to standard output', () => {
  test('a write that fails stops the export: no success line (the output said why), exit 4', async () => {
    // The vectors fixture is three writes: the header, VM 0's lines, VM 1's.
    expect((await command({})).writes).toBe(3);
    expect(await command({ accepted: 1 })).toEqual({ code: 4, messages: [], writes: 2 });
  });

  test('a run that is not exportable writes nothing to it, not even the header: one line, exit 1', async () => {
    expect(await command({}, 'vector-own')).toEqual({
      code: 1,
      messages: [
        `not exportable: ${fixtureRun('vector-own')}/vm-0.csv line 7: own vector entry 7 after 5; ShiViz needs 1, 2, 3, ... (see launcher check)`,
      ],
      writes: 0,
    });
  });

  test('each CSV is surveyed once, before the pass that writes nothing and the one that writes', async () => {
    surveyed.length = 0;
    expect(await command({})).toMatchObject({ code: 0, writes: 3 });
    expect(surveyed).toEqual([join(fixtureRun('vectors'), 'vm-0.csv'), join(fixtureRun('vectors'), 'vm-1.csv')]);
  });

  test('a reader that stopped reading (`| head`) stops the export: no line, exit 0', async () => {
    expect(await command({ accepted: 1, gone: 'reader-gone' })).toEqual({ code: 0, messages: [], writes: 2 });
  });

  test('it keeps pace with a slower reader: about a MiB of the log waits for it, not the whole log', async () => {
    const run = await folder('paced');
    await writeSyntheticRun(run, { rows: 60_000, machines: 3, seed: 4 });
    let waiting = 0;
    let most = 0;
    let total = 0;
    const io: ExportIo = {
      stdout: {
        write: (text) => {
          waiting += text.length;
          total += text.length;
          most = Math.max(most, waiting);
          return true;
        },
        // This reader takes what waits for it only when the export waits on it (a pipe read by `gzip`, say).
        drained: async () => {
          waiting = 0;
        },
        flushed: async () => 'flushed',
      },
      message: () => {},
    };
    expect(await exportCommand(run, { format: 'shiviz' }, io)).toBe(0);
    // Every byte of the log once waited for the reader before (the whole log in memory: 644 MB at a million rows).
    expect(total).toBeGreaterThan(5_000_000);
    // A MiB of CSV read between waits: 1.3 MB of log.
    expect(most).toBeLessThan(2_000_000);
  });
});

describe('exportCommand --out', () => {
  test('a folder by that name: exit 2, one line, no temporary file left', async () => {
    const dir = await folder('is-folder');
    const out = join(dir, 'o.shiviz');
    await mkdir(out);
    expect(await command({ out })).toMatchObject({ code: 2, messages: [`cannot write ${out} (EISDIR)`] });
    expect(await readdir(dir)).toEqual(['o.shiviz']);
    expect(await readdir(out)).toEqual([]);
  });

  test('a link planted at its temporary name is never written through: exit 2, the target untouched', async () => {
    const dir = await folder('planted', { 'target.txt': 'precious\n' });
    const out = join(dir, 'o.shiviz');
    await symlink(join(dir, 'target.txt'), `${out}.${process.pid}.tmp`);
    expect(await command({ out })).toMatchObject({ code: 2, messages: [`cannot write ${out} (EEXIST)`] });
    expect(await readFile(join(dir, 'target.txt'), 'utf8')).toBe('precious\n');
    expect((await readdir(dir)).sort()).toEqual([`o.shiviz.${process.pid}.tmp`, 'target.txt']);
  });

  test.each(['vm-0.csv', 'vm-1.csv', 'manifest.json'])(
    "the run's own %s is refused: exit 2, the file untouched",
    async (name) => {
      const run = join(scratch, `own-${name}`);
      await cp(fixtureRun('vectors'), run, { recursive: true });
      const before = await readFile(join(run, name), 'utf8');
      // Another spelling of the run folder is the same folder.
      const out = join(run, '..', `own-${name}`, name);
      expect(await command({ out }, run)).toEqual({
        code: 2,
        messages: [`cannot write ${out}: one of the own files of the run ${run}; give another file`],
        writes: 0,
      });
      expect(await readFile(join(run, name), 'utf8')).toBe(before);
      expect((await command({ out: join(run, 'run.shiviz') }, run)).code).toBe(0);
    },
  );

  test('a stop signal: exit 130, the earlier file kept, no temporary file left', async () => {
    const dir = await folder('stopped', { 'x.shiviz': 'earlier\n' });
    const stop = new AbortController();
    stop.abort();
    expect(await command({ out: join(dir, 'x.shiviz'), interrupt: stop.signal })).toMatchObject({
      code: 130,
      messages: [`interrupted: nothing written to ${join(dir, 'x.shiviz')}`],
    });
    expect(await readdir(dir)).toEqual(['x.shiviz']);
    expect(await readFile(join(dir, 'x.shiviz'), 'utf8')).toBe('earlier\n');
  });

  test('a run that is not exportable keeps the earlier file', async () => {
    const dir = await folder('not-exportable', { 'x.shiviz': 'earlier\n' });
    expect(await command({ out: join(dir, 'x.shiviz') }, 'vector-own')).toMatchObject({ code: 1 });
    expect(await readdir(dir)).toEqual(['x.shiviz']);
    expect(await readFile(join(dir, 'x.shiviz'), 'utf8')).toBe('earlier\n');
  });

  test('a run no VM logged a row in: one line, exit 1, nothing written, the earlier file kept', async () => {
    const dir = await folder('no-rows', { 'x.shiviz': 'earlier\n' });
    const ended = 'run failed: VM 1 could not start (port-in-use: 127.0.0.1:40001: EADDRINUSE)';
    const said = `nothing to export: no VM logged a row in ${fixtureRun('never-started')} (${ended}); nothing written to`;
    await mkdir(join(dir, 'a-folder'));
    // The run is looked at first: an --out that cannot be written (no such folder, a folder by that name, the run's
    // own file) does not hide that there is nothing to export.
    const unwritable = [
      join(dir, 'missing-dir', 'x.shiviz'),
      join(dir, 'a-folder'),
      join(fixtureRun('never-started'), 'manifest.json'),
    ];
    for (const out of [join(dir, 'x.shiviz'), join(dir, 'new.shiviz'), ...unwritable]) {
      expect(await command({ out }, 'never-started')).toEqual({ code: 1, messages: [`${said} ${out}`], writes: 0 });
    }
    // A run with rows and such an --out still hears of its --out.
    const good = await command({ out: join(dir, 'missing-dir', 'x.shiviz') });
    expect(good).toMatchObject({
      code: 2,
      messages: [`cannot write ${join(dir, 'missing-dir', 'x.shiviz')} (ENOENT: its folder does not exist)`],
    });
    expect(await command({}, 'never-started')).toEqual({ code: 1, messages: [`${said} standard output`], writes: 0 });
    expect((await readdir(dir)).sort()).toEqual(['a-folder', 'x.shiviz']);
    expect(await readFile(join(dir, 'x.shiviz'), 'utf8')).toBe('earlier\n');
  });

  test('CSVs that hold their header and no row are a run no VM logged a row in too', async () => {
    const run = join(scratch, 'headers-only');
    await cp(fixtureRun('vectors'), run, { recursive: true });
    for (const name of ['vm-0.csv', 'vm-1.csv']) {
      const header = (await readFile(join(run, name), 'utf8')).split('\n')[0];
      await writeFile(join(run, name), `${header}\n`);
    }
    const out = join(run, 'run.shiviz');
    expect(await command({ out }, run)).toEqual({
      code: 1,
      messages: [`nothing to export: no VM logged a row in ${run} (run ok); nothing written to ${out}`],
      writes: 0,
    });
    expect((await readdir(run)).sort()).toEqual(['manifest.json', 'vm-0.csv', 'vm-1.csv']);
  });
});
