/**
 * The terminal goes away mid-run (its window closed, `tmux kill-session`, an ssh session dropped): the launcher is
 * hung up and every write to the terminal fails with EIO. The run must still stop in order and write a manifest that
 * accounts for every copy (it used to crash on the first failed write, leaving CSVs no manifest accounted for), and
 * exit 130 as for any stop signal (Node aborted at exit restoring the gone terminal's settings: 134).
 */
import { watch } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import {
  isAlive,
  launcher,
  launcherBin,
  readManifest,
  tempDir,
  track,
  waitForLine,
  waitForRows,
} from './cli-harness.js';
import { expectOrderlyStop } from './run-assertions.js';

/**
 * Resolves once `name` exists in `dir` (the manifest is renamed into place whole). The launcher is no child of ours
 * once its terminal is gone, so there is no exit to wait on; `giveUpMs` only keeps a broken launcher from hanging
 * the suite (the watcher would hold jest open), it is no timing claim.
 */
function waitForFile(dir: string, name: string, giveUpMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      watcher.close();
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    const present = () =>
      access(join(dir, name)).then(
        () => done(),
        () => {},
      );
    const watcher = watch(dir, (_event, changed) => {
      if (changed === name) void present();
    });
    const timer = setTimeout(
      () => done(new Error(`no ${name} in ${dir}: the hung-up launcher never wrote it`)),
      giveUpMs,
    );
    void present();
  });
}

/**
 * The terminal's shell, as the launcher's parent: it hands the hangup on to the launcher (as bash does to its jobs)
 * and records how the launcher ended in `argv[2]`, then ends itself at once (its own exit would abort on the gone
 * terminal as the launcher's did; it is no part of the test).
 */
const shellStandIn = `
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
const [ended, ...command] = process.argv.slice(2);
const launcher = spawn(process.execPath, command, { stdio: 'inherit' });
process.on('SIGHUP', () => launcher.kill('SIGHUP'));
launcher.on('exit', (code, signal) => {
  // Renamed into place whole: the test reads it once it appears.
  writeFileSync(\`\${ended}.part\`, JSON.stringify({ code, signal }));
  renameSync(\`\${ended}.part\`, ended);
  process.kill(process.pid, 'SIGKILL');
});
`;

describe('the terminal closes during a run', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('the launcher is hung up: every VM stops in order, the manifest accounts for every copy, check is valid', async () => {
    const config = join(dir.path, 'long.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [50, 80, 120], durationSeconds: 60, seed: 9 }));
    const out = join(dir.path, 'closed');
    const shell = join(dir.path, 'shell-stand-in.mjs');
    await writeFile(shell, shellStandIn);
    const ended = join(dir.path, 'ended.json');
    const command = `exec '${process.execPath}' '${shell}' '${ended}' '${launcherBin}' run '${config}' --out '${out}'`;
    const terminal = track(
      execa('script', ['-qefc', command, '/dev/null'], { cwd: dir.path, reject: false, stdin: 'pipe' }),
    );
    try {
      await waitForLine(terminal.stdout, /started vm0/);
      await waitForRows(join(out, 'vm-0.csv'), 25, terminal);
    } finally {
      // Killing script(1) closes the pty's master side: the kernel hangs up the launcher, and its writes fail.
      terminal.kill('SIGKILL');
    }
    await terminal;
    await waitForFile(out, 'manifest.json', 45_000);
    // Stopped by the hangup, as by Ctrl-C: 130, not Node's abort at exit (134) on the terminal that is gone.
    await waitForFile(dir.path, 'ended.json', 45_000);
    expect(JSON.parse(await readFile(ended, 'utf8'))).toEqual({ code: 130, signal: null });
    await expectOrderlyStop(out, 3);
    const manifest = await readManifest(out);
    expect(manifest.vms.map((vm) => vm.pid).filter((pid) => pid !== null && isAlive(pid))).toEqual([]);
    const check = await launcher(['check', out], dir.path);
    expect(check.stdout).not.toMatch(/VIOLATION/);
    expect(check.exitCode).toBe(0);
  });
});
