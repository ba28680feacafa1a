/**
 * A config that is a FIFO: its read waits for a writer, as `cat` does, says so, and a Ctrl-C ends it (before, the
 * process said its interrupted line and stayed, blocked in the FIFO's open, until SIGKILL).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { launcher, projectRoot, tempDir, waitForLine } from './cli-harness.js';

describe('a FIFO given as the config', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test.each([
    ['run', 'config.fifo'],
    ['experiment', 'experiment.fifo'],
    ['vm', '--id', '0', 'by-hand.fifo'],
  ])(
    '%s: waits for a writer, says so, and a Ctrl-C ends it with 130',
    async (...args) => {
      const fifo = args.at(-1) ?? '';
      execFileSync('mkfifo', [join(dir.path, fifo)]);
      const waiting = launcher(args, dir.path);
      await waitForLine(waiting.stderr as NodeJS.ReadableStream, /is a FIFO: waiting for a writer/);
      waiting.kill('SIGINT');
      const ended = await waiting;
      expect(ended.exitCode).toBe(130);
      expect(ended.all).toContain(`${fifo} is a FIFO: waiting for a writer (Ctrl-C to stop)`);
      expect(ended.all).toContain('launcher interrupted (SIGINT) while starting: nothing was started or written');
    },
    30_000,
  );

  test('a writer that opened it and writes nothing: the read waits, and a Ctrl-C ends it with 130', async () => {
    const fifo = join(dir.path, 'silent.fifo');
    execFileSync('mkfifo', [fifo]);
    // Its open waits for the launcher's, then it holds the FIFO open without a byte.
    const writer = spawn('sh', ['-c', 'exec sleep 60 > "$0"', fifo], { stdio: 'ignore' });
    try {
      const run = launcher(['run', 'silent.fifo'], dir.path);
      // The launcher holds the FIFO open once its open returned: its read waits from then on.
      let ended = false;
      void run.then(() => {
        ended = true;
      });
      while (!ended && !(await holdsOpen(run.pid as number, fifo))) await new Promise((r) => setTimeout(r, 5));
      run.kill('SIGINT');
      const result = await run;
      expect(result.exitCode).toBe(130);
      expect(result.all).toContain('launcher interrupted (SIGINT) while starting: nothing was started or written');
    } finally {
      writer.kill('SIGKILL');
    }
  }, 30_000);

  test('a writer that comes after the launcher opened it: the run reads the config and runs', async () => {
    execFileSync('mkfifo', [join(dir.path, 'later.fifo')]);
    const run = launcher(['run', 'later.fifo', '--engine', 'sim', '--duration', '2', '--out', 'later'], dir.path);
    await waitForLine(run.stderr as NodeJS.ReadableStream, /is a FIFO: waiting for a writer/);
    await writeFile(join(dir.path, 'later.fifo'), await readFile(join(projectRoot, 'config/default.json')));
    const ended = await run;
    expect(ended.exitCode).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir.path, 'later/manifest.json'), 'utf8'));
    expect(manifest.config.durationSeconds).toBe(2);
    expect(manifest.status).toBe('ok');
  }, 30_000);
});

/** Whether process `pid` has `file` open (a link to it among /proc/PID/fd). */
async function holdsOpen(pid: number, file: string): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.includes(file);
}
