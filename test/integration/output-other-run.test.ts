/**
 * An output naming a file of ANOTHER run folder, through the built CLI: `report --out`, `export --out` and
 * `compare --html` each refuse it (exit 2, one line naming that run, the file untouched), where they replaced another
 * run's CSV with a page or a log and `check` then found it unreadable. The run's own files too, said alike by all
 * three. A command's own page in its own folder, and a
 * CSV's name in a folder that is no run, are still written.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { launcher, tempDir } from './cli-harness.js';

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
  for (const [name, seed] of [
    ['r1', 1],
    ['c1', 2],
    ['fr', 3],
  ] as const) {
    await mkdir(join(dir.path, name));
    await writeSyntheticRun(join(dir.path, name), { rows: 60, machines: 3, seed });
  }
  await writeFile(join(dir.path, 'fr', 'summary.json'), '{"kept":true}\n');
  await writeFile(join(dir.path, 'fr', 'report.html'), 'fr page\n');
});
afterAll(() => dir.remove());

const read = (file: string) => readFile(join(dir.path, file), 'utf8');

/** The command's exit code and stderr, and whether `victim` still holds what it held. */
async function refused(args: string[], victim: string) {
  const before = await read(victim);
  const result = await launcher(args, dir.path);
  return { exitCode: result.exitCode, stderr: result.stderr, kept: (await read(victim)) === before };
}

describe("an output naming another run folder's file", () => {
  test.each([
    [
      ['report', 'r1', '--out', 'fr/vm-1.csv'],
      'unwritable: fr/vm-1.csv: a file of the run folder fr; give another file',
    ],
    [
      ['export', 'r1', '--format', 'shiviz', '--out', 'fr/vm-2.csv'],
      'cannot write fr/vm-2.csv: a file of the run folder fr; give another file',
    ],
    [
      ['compare', 'r1', 'c1', '--html', 'fr/vm-0.csv'],
      'unwritable: fr/vm-0.csv: a file of the run folder fr; give another file',
    ],
    [
      ['report', 'r1', '--out', 'fr/manifest.json'],
      'unwritable: fr/manifest.json: a file of the run folder fr; give another file',
    ],
    [
      ['export', 'r1', '--format', 'shiviz', '--out', 'fr/summary.json'],
      'cannot write fr/summary.json: a file of the run folder fr; give another file',
    ],
    [
      ['report', 'r1', '--out', 'fr/report.html'],
      'unwritable: fr/report.html: a file of the run folder fr; give another file',
    ],
  ])('%j: refused, exit 2, the file untouched', async (args, line) => {
    const victim = args.at(-1) ?? '';
    expect(await refused(args, victim)).toEqual({ exitCode: 2, stderr: line, kept: true });
  });

  test("the read run's own file: report, compare and export refuse it in one phrase after the file", async () => {
    const why = 'one of the own files of the run r1; give another file';
    const lines = [
      [['report', 'r1', '--out', 'r1/vm-0.csv'], `unwritable: r1/vm-0.csv: ${why}`],
      [['compare', 'r1', 'c1', '--html', 'r1/manifest.json'], `unwritable: r1/manifest.json: ${why}`],
      [['export', 'r1', '--format', 'shiviz', '--out', 'r1/vm-1.csv'], `cannot write r1/vm-1.csv: ${why}`],
    ] as const;
    for (const [args, line] of lines) {
      const victim = args.at(-1) ?? '';
      const result = await refused([...args], victim);
      // compare prints its table on stdout; only the page is refused.
      expect([args[0], result]).toEqual([args[0], { exitCode: 2, stderr: line, kept: true }]);
    }
  });

  test('through a link to it, and in a folder a run is being written into (its claim held)', async () => {
    await symlink(join(dir.path, 'fr', 'vm-1.csv'), join(dir.path, 'to-fr.csv'));
    expect(await refused(['export', 'r1', '--format', 'shiviz', '--out', 'to-fr.csv'], 'fr/vm-1.csv')).toEqual({
      exitCode: 2,
      stderr: `cannot write to-fr.csv: a file of the run folder ${join(dir.path, 'fr')}; give another file`,
      kept: true,
    });
    await mkdir(join(dir.path, 'running'));
    await writeFile(join(dir.path, 'running', '.launcher-claim'), `${process.pid}\n`);
    await writeFile(join(dir.path, 'running', 'vm-0.csv'), 'rows so far\n');
    expect(await refused(['report', 'r1', '--out', 'running/vm-0.csv'], 'running/vm-0.csv')).toEqual({
      exitCode: 2,
      stderr: 'unwritable: running/vm-0.csv: a file of the run folder running; give another file',
      kept: true,
    });
  });

  test("the run's own page, and a CSV's name in a folder that is no run: written, exit 0", async () => {
    const own = await launcher(['report', 'r1', '--out', 'r1/report.html'], dir.path);
    expect(own.exitCode).toBe(0);
    expect(await read('r1/report.html')).toMatch(/^<!doctype html>/i);
    await mkdir(join(dir.path, 'plain'));
    const plain = await launcher(['export', 'r1', '--format', 'shiviz', '--out', 'plain/vm-0.csv'], dir.path);
    expect(plain.exitCode).toBe(0);
    expect(await read('plain/vm-0.csv')).toMatch(/^\(\?<host>/);
  });
});
