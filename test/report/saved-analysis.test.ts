import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { writeSummary } from '../../analysis/write-summary.js';
import { savedAnalysis } from '../../report/saved-analysis.js';
import { summaryFileName } from '../../run-folder/saved-results.js';
import { copyRun } from '../analysis/fixture-runs.js';

describe('savedAnalysis', () => {
  test('a fresh summary.json stands in for the analysis; one from before a figure was added does not', async () => {
    const run = await copyRun('late-ticks');
    try {
      const fresh = await analyzeRun(run.dir);
      if (!fresh.ok) throw new Error(fresh.detail);
      await writeSummary(run.dir, fresh.analysis);
      expect(await savedAnalysis(run.dir)).toEqual(fresh);

      // As an older build wrote it: no late-tick figures, and no definition of them in `method`.
      const file = join(run.dir, summaryFileName);
      const old = JSON.parse(await readFile(file, 'utf8'));
      for (const vm of old.vms) delete vm.ticks.late;
      delete old.method.late;
      await writeFile(file, JSON.stringify(old));
      expect(await savedAnalysis(run.dir)).toBeNull();
    } finally {
      await run.remove();
    }
  });
});
