import { appendFile, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { checkAndSave, savedCheck } from '../../analysis/saved-check.js';
import { afterRun } from '../../cli/after-run.js';
import { checkFileName } from '../../run-folder/saved-results.js';
import { copyRun } from './fixture-runs.js';

/** A throwaway copy of a fixture run, removed after `body`. */
async function withRun(name: string, body: (dir: string) => Promise<void>): Promise<void> {
  const run = await copyRun(name);
  try {
    await body(run.dir);
  } finally {
    await run.remove();
  }
}

describe('check.json', () => {
  test.each(['basic', 'clock-rising', 'vectors'])('%s: saved, then given back as checkRun gives it', async (name) => {
    await withRun(name, async (dir) => {
      const { check, saved } = await checkAndSave(dir);
      expect(saved).toEqual({ ok: true, file: join(dir, checkFileName) });
      expect(check).toEqual(await checkRun(dir));
      expect(await savedCheck(dir, 2)).toEqual(check);
      // The folder may have moved: the verdict names the folder it is read from.
      expect(await savedCheck(`${dir}/`, 2)).toEqual({ ...check, runDir: `${dir}/` });
    });
  });

  test('a CSV or the manifest changed since: not used', async () => {
    await withRun('basic', async (dir) => {
      await checkAndSave(dir);
      await appendFile(join(dir, 'vm-1.csv'), '1,4,internal,2026-01-01T00:00:02.000Z,2000.5,7,1,0,,,\n');
      expect(await savedCheck(dir, 2)).toBeNull();
    });
    await withRun('basic', async (dir) => {
      await checkAndSave(dir);
      const manifest = join(dir, 'manifest.json');
      const { mtime } = await stat(manifest);
      await utimes(manifest, mtime, new Date(mtime.getTime() + 1000));
      expect(await savedCheck(dir, 2)).toBeNull();
    });
  });

  test('a start record, fault log or VM end record planted or edited since (a run whose launcher died is read from them): not used', async () => {
    await withRun('basic', async (dir) => {
      await checkAndSave(dir);
      await writeFile(join(dir, 'run-start.json'), '{}\n');
      expect(await savedCheck(dir, 2)).toBeNull();
    });
    // Its kills and down times are read from faults.csv.
    await withRun('basic', async (dir) => {
      await checkAndSave(dir);
      await writeFile(join(dir, 'faults.csv'), 'elapsed_ms,experiment_s,kind,vm,peer,detail,due_ms\n');
      expect(await savedCheck(dir, 2)).toBeNull();
    });
    // A VM's own end record holds its pending and dropped copies.
    await withRun('basic', async (dir) => {
      await checkAndSave(dir);
      await writeFile(join(dir, 'vm-1.end.json'), '{}\n');
      expect(await savedCheck(dir, 2)).toBeNull();
    });
  });

  test('a CSV swapped for another of the same size and modification time: not used', async () => {
    await withRun('basic', async (dir) => {
      const csv = join(dir, 'vm-1.csv');
      // A whole second, so that the time copied back below is exactly the one stamped (as `cp -p` copies it).
      const time = new Date('2026-01-01T00:00:00Z');
      await utimes(csv, time, time);
      await checkAndSave(dir);
      const text = await readFile(csv, 'utf8');
      // Same length, other content: the first row's clock 1 -> 9.
      const other = text.replace(/^(1,0,send,[^,]*,[^,]*,)1,/m, '$19,');
      expect(other).not.toBe(text);
      expect(other.length).toBe(text.length);
      await rm(csv);
      await writeFile(csv, other);
      await utimes(csv, time, time);
      expect((await stat(csv)).mtimeMs).toBe(time.getTime());
      expect(await savedCheck(dir, 2)).toBeNull();
    });
  });

  test('another checker, another shape, or no file: not used', async () => {
    await withRun('basic', async (dir) => {
      expect(await savedCheck(dir, 2)).toBeNull();
      await checkAndSave(dir);
      const file = join(dir, checkFileName);
      const saved = JSON.parse(await readFile(file, 'utf8')) as { checker: { version: number; rules: string } };
      await writeFile(file, JSON.stringify({ ...saved, checker: { ...saved.checker, version: 0 } }));
      expect(await savedCheck(dir, 2)).toBeNull();
      await writeFile(file, JSON.stringify({ ...saved, checker: { ...saved.checker, rules: 'tick-sequence' } }));
      expect(await savedCheck(dir, 2)).toBeNull();
      await writeFile(file, JSON.stringify({ ...saved, result: null }));
      expect(await savedCheck(dir, 2)).toBeNull();
      await writeFile(file, '{"checker":');
      expect(await savedCheck(dir, 2)).toBeNull();
    });
  });

  test('launcher run saves it after the run (afterRun), and it matches a fresh check', async () => {
    await withRun('vectors', async (dir) => {
      const errors: string[] = [];
      await afterRun(dir, { out: () => {}, err: (line) => errors.push(line) });
      expect(errors).toEqual([]);
      expect(await savedCheck(dir, 2)).toEqual(await checkRun(dir));
    });
  });

  test('a run that cannot be read is not saved', async () => {
    await withRun('bad-header', async (dir) => {
      const { check, saved } = await checkAndSave(dir);
      expect(check).toMatchObject({ ok: false, reason: 'unreadable' });
      expect(saved).toMatchObject({ ok: false, detail: 'the run cannot be read' });
      await expect(stat(join(dir, checkFileName))).rejects.toThrow();
    });
  });
});
