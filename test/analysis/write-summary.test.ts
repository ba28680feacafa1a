import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { writeSummary } from '../../analysis/write-summary.js';
import { summaryFileName } from '../../run-folder/saved-results.js';
import { copyRun, fixtureRun } from './fixture-runs.js';

describe('writeSummary', () => {
  test('writes the analysis and the stamps of its inputs as summary.json, and nothing else', async () => {
    const run = await copyRun('basic');
    try {
      const result = await analyzeRun(run.dir);
      if (!result.ok) throw new Error(result.detail);
      expect(await writeSummary(run.dir, result)).toEqual({ ok: true, file: join(run.dir, summaryFileName) });
      expect(JSON.parse(await readFile(join(run.dir, summaryFileName), 'utf8'))).toEqual(
        JSON.parse(JSON.stringify({ ...result.analysis, inputs: result.inputs })),
      );
      expect(result.inputs.map((stamp) => stamp.file)).toEqual([
        'manifest.json',
        'vm-0.csv',
        'vm-1.csv',
        'run-start.json',
        'faults.csv',
        'vm-0.end.json',
        'vm-1.end.json',
      ]);
      expect((await readdir(run.dir)).sort()).toEqual(['manifest.json', 'summary.json', 'vm-0.csv', 'vm-1.csv']);
    } finally {
      await run.remove();
    }
  });

  test('a folder that cannot be written is a value, not a throw', async () => {
    const result = await analyzeRun(fixtureRun('basic'));
    if (!result.ok) throw new Error(result.detail);
    const folder = join(fixtureRun('basic'), 'no-such-folder');
    expect(await writeSummary(folder, result)).toEqual({
      ok: false,
      reason: 'unwritable',
      file: join(folder, summaryFileName),
      detail: 'cannot write (ENOENT)',
    });
  });
});
