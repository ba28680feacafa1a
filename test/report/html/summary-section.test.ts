import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../../analysis/analyze-run.js';
import { summarySection } from '../../../report/html/summary-section.js';
import { copyRun, fixtureRun, withEarlierRowsOnHost, withRowsOnHost } from '../../analysis/fixture-runs.js';

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

  test("a restarted VM's first life's rows set aside on its host: the note says which life, and where", async () => {
    const run = await copyRun('basic', withEarlierRowsOnHost);
    try {
      const html = summarySection(await analyzeRun(run.dir));
      const notes = [...html.matchAll(/<p class="small">([^<]*)<\/p>/g)].map((m) => m[1]);
      expect(notes.filter((note) => note?.includes('stay on host'))).toEqual([
        'VM 1: the rows its life 1 wrote from byte 321 of its CSV on are not in the run folder (its life 2 went on from that byte there): they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.life-1.csv (the answer was not base64).',
      ]);
    } finally {
      await run.remove();
    }
  });

  test('a run with none has no such note', async () => {
    expect(summarySection(await analyzeRun(fixtureRun('basic')))).not.toContain('stay on host');
  });

  test("a run whose launcher died: its pending and dropped cells say unknown (-), not 0, as analyze's table", async () => {
    // basic's folder as a launcher SIGKILLed after its rows leaves it: the start record, no manifest.
    const run = await copyRun('basic');
    try {
      const manifest = JSON.parse(await readFile(join(run.dir, 'manifest.json'), 'utf8'));
      const launcherPid = spawnSync('true').pid as number;
      const vms = manifest.vms.map((vm: { id: number; clockRate: number; port: number; pid: number }) => ({
        ...{ id: vm.id, clockRate: vm.clockRate, port: vm.port, pid: vm.pid },
      }));
      const { runId, seed, config, clockRates, speed, startedAt, version, startEpochMs } = manifest;
      const stopEpochMs = startEpochMs + 2000;
      const record = { runId, seed, config, clockRates, speed, startedAt, version, startEpochMs, stopEpochMs };
      await writeFile(join(run.dir, 'run-start.json'), JSON.stringify({ ...record, launcherPid, vms }));
      await rm(join(run.dir, 'manifest.json'));
      const html = summarySection(await analyzeRun(run.dir));
      const cells = (row: string) => [...row.matchAll(/<t[hd]>([^<]*)<\/t[hd]>/g)].map((m) => m[1]);
      const [head, ...rows] = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => cells(m[1] ?? ''));
      const at = ['pending at stop', 'dropped'].map((title) => head?.indexOf(title) ?? -1);
      expect(rows.map((row) => at.map((i) => row[i]))).toEqual([
        ['-', '-'],
        ['-', '-'],
      ]);
    } finally {
      await run.remove();
    }
  });
});
