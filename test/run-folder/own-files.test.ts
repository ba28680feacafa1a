import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isRunOwnFile, runFolderReplaced } from '../../run-folder/own-files.js';
import { fixtureRun } from '../analysis/fixture-runs.js';

let scratch = '';
let run = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'clocklab-own-files-'));
  run = join(scratch, 'run');
  await cp(fixtureRun('vectors'), run, { recursive: true });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('isRunOwnFile', () => {
  test.each(['manifest.json', 'vm-0.csv', 'vm-7.csv', 'vm-3.json', 'faults.csv', 'summary.json', 'check.json'])(
    '%s in the run folder is one',
    async (name) => {
      expect(await isRunOwnFile(run, join(run, name))).toBe(true);
    },
  );

  test('so it is through another spelling of the folder, or a link to it', async () => {
    await symlink(run, join(scratch, 'link'));
    expect(await isRunOwnFile(run, join(run, '..', 'run', 'vm-1.csv'))).toBe(true);
    expect(await isRunOwnFile(join(scratch, 'link'), join(run, 'manifest.json'))).toBe(true);
    expect(await isRunOwnFile(run, join(scratch, 'link', 'manifest.json'))).toBe(true);
  });

  test('a page or a log the commands write, the same name in another folder, or no folder at all: not one', async () => {
    await mkdir(join(scratch, 'elsewhere'));
    expect(await isRunOwnFile(run, join(run, 'report.html'))).toBe(false);
    expect(await isRunOwnFile(run, join(run, 'run.shiviz'))).toBe(false);
    expect(await isRunOwnFile(run, join(scratch, 'elsewhere', 'vm-0.csv'))).toBe(false);
    expect(await isRunOwnFile(run, join(scratch, 'missing', 'vm-0.csv'))).toBe(false);
    expect(await isRunOwnFile(join(scratch, 'no-run'), join(run, 'vm-0.csv'))).toBe(false);
  });
});

describe('runFolderReplaced', () => {
  test("a run's file in any run folder: that folder; its page too, unless that run is excepted", async () => {
    for (const name of ['vm-2.csv', 'manifest.json', 'faults.csv', 'summary.json', 'check.json', 'report.html']) {
      expect(await runFolderReplaced(join(run, name))).toBe(run);
    }
    expect(await runFolderReplaced(join(run, 'report.html'), [join(run, '..', 'run')])).toBeNull();
    expect(await runFolderReplaced(join(run, 'vm-0.csv'), [run])).toBe(run);
    expect(await runFolderReplaced(join(run, 'run.shiviz'))).toBeNull();
  });

  test('a folder being written (its claim) or of VMs run by hand (vm-K.json) is one; a plain folder is not', async () => {
    const writing = join(scratch, 'writing');
    const byHand = join(scratch, 'by-hand');
    const plain = join(scratch, 'plain');
    for (const folder of [writing, byHand, plain]) await mkdir(folder);
    await writeFile(join(writing, '.launcher-claim'), '1\n');
    await writeFile(join(byHand, 'vm-3.json'), '{}\n');
    expect(await runFolderReplaced(join(writing, 'vm-0.csv'))).toBe(writing);
    expect(await runFolderReplaced(join(byHand, 'vm-3.csv'))).toBe(byHand);
    expect(await runFolderReplaced(join(byHand, 'vm-4.csv'))).toBeNull();
    expect(await runFolderReplaced(join(plain, 'vm-0.csv'))).toBeNull();
    expect(await runFolderReplaced(join(scratch, 'missing', 'manifest.json'))).toBeNull();
  });

  test("another program's manifest.json (a web app's) makes no run folder; a run's damaged one beside its CSVs does", async () => {
    const site = join(scratch, 'site');
    const damaged = join(scratch, 'damaged');
    for (const folder of [site, damaged]) await mkdir(folder);
    await writeFile(join(site, 'manifest.json'), '{"name":"my pwa","icons":[]}\n');
    expect(await runFolderReplaced(join(site, 'report.html'))).toBeNull();
    expect(await runFolderReplaced(join(site, 'summary.json'))).toBeNull();
    await writeFile(join(damaged, 'manifest.json'), '{"runId": "r1", "vms": [');
    await writeFile(join(damaged, 'vm-0.csv'), 'vm,tick\n');
    expect(await runFolderReplaced(join(damaged, 'report.html'))).toBe(damaged);
  });
});
