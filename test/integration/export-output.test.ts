/**
 * `launcher export` when its output fails, through the built CLI: a write refused by the file-size limit (`ulimit -f`,
 * EFBIG, as a full disk refuses with ENOSPC; /dev/full), an --out that is a folder, and Ctrl-C during a long export.
 * Each must end with one line and exit 2 (4 for standard output, 130 for Ctrl-C), never claim success, keep an earlier file at --out and
 * leave no temporary file. A reader that stops reading (`| head`) is no failure: exit 0, no line.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execaNode } from 'execa';
import { writeSyntheticRun } from '../../bench/synthetic-run.js';
import { launcher, launcherBin, launcherWithFileLimit, tempDir, track, waitForPath } from './cli-harness.js';

describe('launcher export when its output fails', () => {
  let dir: { path: string; remove(): Promise<void> };
  const run = () => join(dir.path, 'run');
  const outs = () => join(dir.path, 'outs');
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(run());
    // ~10 MB of log: far past the 8 KB limit, and half a second of export or more, for a signal to arrive mid-way.
    await writeSyntheticRun(run(), { rows: 100_000, machines: 3, seed: 4 });
  });
  afterAll(() => dir.remove());

  test('--out past the size limit: exit 2, one line, the earlier file kept, nothing beside it', async () => {
    await mkdir(outs(), { recursive: true });
    const out = join(outs(), 'x.shiviz');
    await writeFile(out, 'earlier\n');
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await launcherWithFileLimit(
        8,
        ['export', run(), '--format', 'shiviz', '--out', out],
        dir.path,
        '/dev/null',
      );
      expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
        exitCode: 2,
        stderr: `cannot write ${out} (EFBIG)`,
      });
      expect(await readdir(outs())).toEqual(['x.shiviz']);
      expect(await readFile(out, 'utf8')).toBe('earlier\n');
    }
  });

  test('standard output past the size limit: exit 4, the one line says so, no success line', async () => {
    const stdout = join(dir.path, 'stdout.shiviz');
    const result = await launcherWithFileLimit(8, ['export', run(), '--format', 'shiviz'], dir.path, stdout);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 4,
      stderr: 'launcher: cannot write to standard output (EFBIG)',
    });
  });

  test('standard output on a full disk (/dev/full): every write fails, one line says so, exit 4', async () => {
    const result = await launcherWithFileLimit(8, ['export', run(), '--format', 'shiviz'], dir.path, '/dev/full');
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 4,
      stderr: 'launcher: cannot write to standard output (ENOSPC)',
    });
  });

  test('standard output whose reader stops reading (as `| head`): the export stops, no line, exit 0', async () => {
    const exporting = track(
      execaNode(launcherBin, ['export', run(), '--format', 'shiviz'], { reject: false, buffer: { stdout: false } }),
    );
    // The reader takes the first piece of ~10 MB of log, then closes its end of the pipe.
    await new Promise((resolve) => exporting.stdout?.once('data', resolve));
    exporting.stdout?.destroy();
    const result = await exporting;
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
  });

  test('standard output of a run whose last row is not exportable: nothing written, one line, exit 1', async () => {
    const broken = join(dir.path, 'broken');
    await cp(run(), broken, { recursive: true });
    // After ~10 MB of good log: a last row whose own vector entry does not follow on.
    const file = join(broken, 'vm-2.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const last = lines.length - 2;
    lines[last] = (lines[last] ?? '').replace(/""2"":(\d+)/, '""2"":9$1');
    await writeFile(file, lines.join('\n'));
    const result = await execaNode(launcherBin, ['export', broken, '--format', 'shiviz'], { reject: false });
    expect({ exitCode: result.exitCode, stdout: result.stdout.length }).toEqual({ exitCode: 1, stdout: 0 });
    expect(result.stderr).toMatch(
      new RegExp(`^not exportable: ${file} line ${last + 1}: own vector entry \\d+ after \\d+;[^\n]*$`),
    );
  });

  test('--out naming a folder: exit 2, one line, no temporary file', async () => {
    const parent = join(dir.path, 'folder-out');
    await mkdir(join(parent, 'o.shiviz'), { recursive: true });
    const out = join(parent, 'o.shiviz');
    const result = await launcher(['export', run(), '--format', 'shiviz', '--out', out], dir.path);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 2,
      stderr: `cannot write ${out} (EISDIR)`,
    });
    expect(await readdir(parent)).toEqual(['o.shiviz']);
  });

  test('Ctrl-C mid-export: exit 130, the earlier file kept, the temporary file removed', async () => {
    const parent = join(dir.path, 'interrupted');
    await mkdir(parent);
    const out = join(parent, 'x.shiviz');
    await writeFile(out, 'earlier\n');
    const exporting = track(
      execaNode(launcherBin, ['export', run(), '--format', 'shiviz', '--out', out], { reject: false }),
    );
    // The temporary file is created before the run is read: the export is under way once it is there.
    await waitForPath(`${out}.${exporting.pid}.tmp`, exporting);
    exporting.kill('SIGINT');
    const result = await exporting;
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 130,
      stderr: `interrupted: nothing written to ${out}`,
    });
    expect(await readdir(parent)).toEqual(['x.shiviz']);
    expect(await readFile(out, 'utf8')).toBe('earlier\n');
  });

  test('Ctrl-C while the export is held by a pipe whose reader reads nothing: it ends at once, by the signal', async () => {
    // `--out /dev/stdout | less` with less still on its first page: the write into the full pipe blocks for good, and
    // the export never looked at its interrupt again (Ctrl-C did nothing, nor a second one).
    const fifo = join(dir.path, 'held.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const exporting = track(
        execaNode(launcherBin, ['export', run(), '--format', 'shiviz', '--out', fifo], { reject: false }),
      );
      await untilPipeFull(fifo, exporting);
      exporting.kill('SIGINT');
      const result = await exporting;
      expect({ signal: result.signal, exitCode: result.exitCode }).toEqual({ signal: 'SIGINT', exitCode: undefined });
    } finally {
      closeSync(reader);
    }
  });
});

/**
 * Resolves once the pipe at `fifo` (with a reader that reads nothing) is full: a byte written beside the export's
 * (non-blocking) is refused with EAGAIN, so the export's next write blocks. Rejects if `writer` ends first.
 */
async function untilPipeFull(fifo: string, writer: PromiseLike<unknown>): Promise<void> {
  let ended = false;
  writer.then(
    () => {
      ended = true;
    },
    () => {
      ended = true;
    },
  );
  const probe = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    for (;;) {
      if (ended) throw new Error('the export ended before the pipe was full');
      try {
        writeSync(probe, 'x');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return;
        throw error;
      }
      await delay(10);
    }
  } finally {
    closeSync(probe);
  }
}
