/**
 * Ctrl-C while `analyze`, `check`, `report` or `compare` works on a run: one line saying what was not written and
 * that nothing was lost, exit 130, no page or summary (whole or half) and no temporary file left. They used to die by
 * the signal without a word, where `export` said `interrupted: nothing written to ...`.
 *
 * The signal goes to the command's process group as a terminal sends it, the moment the command listens for it: a
 * preloaded module says on stderr when the command adds its SIGINT listener (after the entry's own), and the
 * runs are large enough (800,000 rows between them) that the work has seconds to go by then.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { ctrlC, launcherBin, tempDir, track, waitForLine } from './cli-harness.js';

const listening = 'test: SIGINT listened';
// The second SIGINT listener: the first is the entry's guard of the start (shared/startup-stop.ts).
const preload = `data:text/javascript,process.on('newListener',(name)=>{if(name==='SIGINT'&&process.listenerCount(name)===1)process.stderr.write('${listening}\\n')})`;

let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  dir = await tempDir();
  for (const [name, seed] of [
    ['a', 1],
    ['b', 2],
  ] as const) {
    await mkdir(join(dir.path, name));
    await writeSyntheticRun(join(dir.path, name), { rows: 200_000, machines: 4, seed });
  }
}, 60_000);
afterAll(() => dir.remove());

/** The command run in its own process group, Ctrl-C as soon as it listens: its exit, its other stderr lines. */
async function interrupted(args: string[]) {
  const command = track(
    execaNode(launcherBin, args, { cwd: dir.path, reject: false, detached: true, nodeOptions: ['--import', preload] }),
    { group: true },
  );
  try {
    await waitForLine(command.stderr, new RegExp(listening));
  } finally {
    ctrlC(command);
  }
  const result = await command;
  const said = result.stderr.split('\n').filter((line) => line !== listening);
  return { exitCode: result.exitCode, signal: result.signal, stderr: said };
}

describe('Ctrl-C while a run is read', () => {
  test.each([
    [['analyze', 'a'], 'analyze interrupted: summary.json not written; nothing in a was lost'],
    [['analyze', 'a', '--no-summary'], 'analyze interrupted: nothing in a was lost'],
    [['check', 'a'], 'check interrupted: no verdict; nothing in a was lost'],
    [['report', 'a'], 'report interrupted: no page written to a/report.html; nothing in a was lost'],
    [['report', 'a', '--out', 'a.html'], 'report interrupted: no page written to a.html; nothing in a was lost'],
    [
      ['compare', 'a', 'b', '--html', 'ab.html'],
      'compare interrupted: no page written to ab.html; nothing in a, b was lost',
    ],
  ])('%j: one line, exit 130, nothing written', async (args, line) => {
    expect(await interrupted(args)).toEqual({ exitCode: 130, signal: undefined, stderr: [line] });
    expect((await readdir(dir.path)).sort()).toEqual(['a', 'b']);
    for (const run of ['a', 'b']) {
      expect((await readdir(join(dir.path, run))).sort()).toEqual([
        'manifest.json',
        'vm-0.csv',
        'vm-1.csv',
        'vm-2.csv',
        'vm-3.csv',
      ]);
    }
  });
});
