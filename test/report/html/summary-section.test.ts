import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../../analysis/analyze-run.js';
import { summarySection } from '../../../report/html/summary-section.js';
import { copyRun, fixtureRun, withRowsOnHost } from '../../analysis/fixture-runs.js';

describe('summarySection', () => {
  test('a VM whose rows stay on its lost host: one note above the table saying where, escaped', async () => {
    const run = await copyRun('basic', withRowsOnHost);
    try {
      const html = summarySection(await analyzeRun(run.dir));
      const notes = [...html.matchAll(/<p class="small">([^<]*)<\/p>/g)].map((m) => m[1]);
      expect(notes.filter((note) => note?.includes('stay on host'))).toEqual([
        'VM 1: its rows from byte 321 of its CSV are not in the run folder: they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.csv (no answer from the host in 10 s).',
      ]);
      expect(html.indexOf('stay on host')).toBeLessThan(html.indexOf('<table'));
    } finally {
      await run.remove();
    }
  });

  test('a run with none has no such note', async () => {
    expect(summarySection(await analyzeRun(fixtureRun('basic')))).not.toContain('stay on host');
  });
});
