/**
 * A folder name with a newline and an escape sequence in it (`$'a\nb\x1b[31mred'`), through the built CLI: every line
 * naming it shows it escaped, as file contents are (`a\nb\x1b[31mred`), where it reached the terminal raw (the line
 * broken in two, the rest of the screen turned red).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { launcher, projectRoot, tempDir } from './cli-harness.js';

const name = 'a\nb\u001b[31mred';
const shown = 'a\\nb\\x1b[31mred';
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

/** The command's lines naming the folder (escaped or not); none may hold a raw escape character. */
async function said(args: string[]) {
  const result = await launcher(args, dir.path);
  expect(result.all).not.toContain('\u001b');
  return result.all.split('\n').filter((line) => line.includes('red') && !line.includes('ordered'));
}

test('run, analyze, check, report, export and compare name the folder escaped, on one line', async () => {
  const config = join(projectRoot, 'config/default.json');
  const args = ['run', config, '--engine', 'sim', '--machines', '2', '--duration', '2', '--out', name];
  expect(await said(args)).toEqual([
    `summary: ${shown}/summary.json`,
    expect.stringMatching(/^check: valid: a\\nb\\x1b\[31mred \(/),
    `report: ${shown}/report.html`,
    `run folder: ${shown}`,
  ]);
  expect(await said(['analyze', name])).toEqual([`summary: ${shown}/summary.json`]);
  expect(await said(['check', name])).toEqual([expect.stringMatching(/^valid: a\\nb\\x1b\[31mred \(\d+ rows/)]);
  expect(await said(['report', name])).toEqual([expect.stringMatching(/^report: a\\nb\\x1b\[31mred\/report.html \(/)]);
  expect(await said(['export', name, '--format', 'shiviz', '--out', `${name}.log`])).toEqual([
    expect.stringMatching(/^exported \d+ events of 2 hosts to a\\nb\\x1b\[31mred.log;/),
  ]);
  expect(await said(['export', name, '--format', 'shiviz', '--out', join(name, 'vm-0.csv')])).toEqual([
    `cannot write ${shown}/vm-0.csv: one of the own files of the run ${shown}; give another file`,
  ]);
  await launcher([...args.slice(0, -1), `${name}2`], dir.path);
  const compared = await said(['compare', name, `${name}2`, '--html', `${name}.html`]);
  expect(compared[0]).toMatch(/^figure +a\\nb\\x1b\[31mred +a\\nb\\x1b\[31mred2$/);
  expect(compared.at(-1)).toMatch(/^comparison: a\\nb\\x1b\[31mred.html \(/);
  // One folder given twice is noted, escaped, and compared once (then one run: exit 2).
  expect(await said(['compare', name, name])).toContain(`note: ${shown} is given twice; compared once`);
  expect(await said(['check', `${name}-missing`])).toEqual([`unreadable: ${shown}-missing: no such folder`]);
});

test('experiment names its folder escaped', async () => {
  const config = { machines: 2, clockRates: [2, 4], durationSeconds: 2, seed: 5, engine: 'sim' };
  await writeFile(join(dir.path, 'base.json'), JSON.stringify(config));
  const experiment = { name: 'esc', base: 'base.json', trials: 1, seed: 1, variants: [{ name: 'a', overrides: {} }] };
  await writeFile(join(dir.path, 'exp.json'), JSON.stringify(experiment));
  // (`achieved/configured` in the table's heading has a `red` in it too.)
  expect(await said(['experiment', 'exp.json', '--out', `${name}-exp`])).toContain(
    `experiment folder: ${shown}-exp (summary.md, summary.html, summary.json)`,
  );
});
