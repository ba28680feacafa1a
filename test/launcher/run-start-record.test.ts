/** The start record the launcher writes as it tells the start (launcher/run-start-record.ts), and its removal. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { parseRunConfig } from '../../config/load-config.js';
import { resolveRun } from '../../launcher/resolve-run.js';
import { dropStartRecord, runStartRecord, startRecordWritten } from '../../launcher/run-start-record.js';
import { RunStart } from '../../run-folder/run-start.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-run-start-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function run() {
  const parsed = parseRunConfig({ machines: 2, clockRates: [3, 5], durationSeconds: 4, speed: 2, seed: 3 }, 'test');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return resolveRun(parsed.config, dir, 'run-1', false);
}

const told = {
  startedAt: '2027-01-15T08:00:00.000Z',
  startEpochMs: 1_800_000_000_000,
  stopEpochMs: 1_800_000_002_000,
  vms: [
    { pid: 11, port: 4001 },
    { pid: undefined, port: 4002 },
  ],
};

test('what the manifest will say of the start: rates per real second, pids, ports, the launcher and its version', () => {
  const record = runStartRecord(run(), told, undefined, { launcherPid: 42, version: '9.9.9' });
  expect(RunStart.parse(record)).toEqual(record);
  expect(record).toMatchObject({
    runId: 'run-1',
    seed: 3,
    clockRates: [3, 5],
    speed: 2,
    startEpochMs: told.startEpochMs,
    stopEpochMs: told.stopEpochMs,
    launcherPid: 42,
    version: '9.9.9',
    vms: [
      { id: 0, clockRate: 6, port: 4001, pid: 11 },
      { id: 1, clockRate: 10, port: 4002, pid: null },
    ],
  });
  const places = { hostOf: (id: number) => `h${id}`, hostFileOf: (id: number) => `/scratch/vm-${id}.csv` };
  const remote = runStartRecord(run(), told, places, { launcherPid: 42, version: '9.9.9' });
  expect(remote.vms.map((vm) => [vm.host, vm.hostFile])).toEqual([
    ['h0', '/scratch/vm-0.csv'],
    ['h1', '/scratch/vm-1.csv'],
  ]);
});

test('written whole as the start is told, removed once the manifest is; a folder that takes none fails nothing', async () => {
  const written = startRecordWritten(dir, run(), told, undefined, Promise.resolve('9.9.9'));
  expect(await written).toBe(true);
  const record = RunStart.parse(JSON.parse(await readFile(join(dir, 'run-start.json'), 'utf8')));
  expect(record).toMatchObject({ launcherPid: process.pid, version: '9.9.9' });
  await dropStartRecord(dir, written);
  expect(await readdir(dir)).toEqual([]);
  const gone = join(dir, 'no-such-folder');
  const none = startRecordWritten(gone, run(), told, undefined, Promise.resolve('9.9.9'));
  expect(await none).toBe(false);
  await expect(dropStartRecord(gone, none)).resolves.toBeUndefined();
});
