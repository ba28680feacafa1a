import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type Analyzed, analyzeRun } from '../../analysis/analyze-run.js';
import { writeSummary } from '../../analysis/write-summary.js';
import { savedAnalysis } from '../../report/saved-analysis.js';
import { summaryFileName } from '../../run-folder/saved-results.js';
import { copyRun } from '../analysis/fixture-runs.js';

/** A copy of `fixture` with a fresh summary.json that savedAnalysis uses as it is; `check` runs on it, then it goes. */
async function withFreshSummary(
  fixture: string,
  check: (dir: string, fresh: Analyzed) => Promise<void>,
  before: (dir: string) => Promise<void> = async () => {},
): Promise<void> {
  const run = await copyRun(fixture);
  try {
    await before(run.dir);
    const fresh = await analyzeRun(run.dir);
    if (!fresh.ok) throw new Error(fresh.detail);
    await writeSummary(run.dir, fresh);
    expect(await savedAnalysis(run.dir)).toEqual(fresh);
    await check(run.dir, fresh);
  } finally {
    await run.remove();
  }
}

describe('savedAnalysis', () => {
  test('a fresh summary.json stands in for the analysis; one from before a figure was added does not', async () => {
    await withFreshSummary('late-ticks', async (dir) => {
      // As an older build wrote it: no late-tick figures, and no definition of them in `method`.
      const file = join(dir, summaryFileName);
      const old = JSON.parse(await readFile(file, 'utf8'));
      for (const vm of old.vms) delete vm.ticks.late;
      delete old.method.late;
      await writeFile(file, JSON.stringify(old));
      expect(await savedAnalysis(dir)).toBeNull();
    });
  });

  test("a summary.json whose method defines a figure otherwise (ticks due before an interrupted run's stop) is not used", async () => {
    await withFreshSummary('interrupted', async (dir) => {
      // As the build before stoppedAtMs wrote it: every tick of the configured duration due, its old definition.
      const file = join(dir, summaryFileName);
      const old = JSON.parse(await readFile(file, 'utf8'));
      old.method.expected =
        'ticks due: one per deadline k / clockRate before durationSeconds (clockRate x durationSeconds, rounded up when not whole); achievedRate: clockRate x logged / expected';
      await writeFile(file, JSON.stringify(old));
      expect(await savedAnalysis(dir)).toBeNull();
    });
  });

  test('a CSV cut and given its old modification time back (`touch -r`, `cp -p`): not used', async () => {
    // A whole second, so that the time set back below is exactly the one stamped (as `touch -r` sets it).
    const time = new Date('2026-01-01T00:00:00Z');
    await withFreshSummary(
      'basic',
      async (dir, fresh) => {
        const csv = join(dir, 'vm-1.csv');
        const text = await readFile(csv, 'utf8');
        await rm(csv);
        await writeFile(csv, text.split('\n').slice(0, 3).join('\n'));
        await utimes(csv, time, time);
        expect((await stat(csv)).mtimeMs).toBe(time.getTime());
        expect(await savedAnalysis(dir)).toBeNull();
        // A summary without stamps (as an older build wrote it) is not trusted either.
        await rm(csv);
        await writeFile(csv, text);
        await writeFile(join(dir, summaryFileName), JSON.stringify(fresh.analysis));
        expect(await savedAnalysis(dir)).toBeNull();
      },
      (dir) => utimes(join(dir, 'vm-1.csv'), time, time),
    );
  });
});
