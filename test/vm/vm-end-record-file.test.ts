/**
 * A launched VM whose launcher is gone writes its end record whole (vm/vm-end-record-file.ts), in the shape the
 * readers take (run-folder/vm-end-record.ts), or says in one line why it could not.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { VmEndRecord } from '../../run-folder/vm-end-record.js';
import type { VmFigures } from '../../shared/vm-spec.js';
import { writeVmEndRecord } from '../../vm/vm-end-record-file.js';

const stats: VmFigures = {
  ...{ id: 2, clockRate: 5, port: 5002, ticks: 9, sent: 3, received: 4, finalClock: 12, maxJump: 3, maxQueue: 1 },
  ...{ pendingAtStop: ['0-7'], lostPeers: [], unendedLinks: [], refused: 0, stoppedEarly: true },
};

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-vm-end-record-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('writes vm-K.end.json with its figures and its drops by cause, and nothing else', async () => {
  const drops = [
    { copy: '2-1>0', reason: 'link-down' as const },
    { copy: '2-3>1', reason: 'injected-drop' as const },
  ];
  expect(
    await writeVmEndRecord({ id: 2, runId: 'r1', outDir: dir }, { stopEpochMs: 1_800_000_001_500, stats }, drops),
  ).toBeUndefined();
  expect(await readdir(dir)).toEqual(['vm-2.end.json']);
  const record = VmEndRecord.parse(JSON.parse(await readFile(join(dir, 'vm-2.end.json'), 'utf8')));
  expect(record).toMatchObject({
    runId: 'r1',
    stopEpochMs: 1_800_000_001_500,
    stats: { id: 2, ticks: 9, pendingAtStop: ['0-7'], dropped: ['2-1>0', '2-3>1'] },
  });
  expect(record.stats.droppedBy).toEqual({ linkDown: 1, partition: 0, injectedDrop: 1 });
});

test('a folder it cannot write in: one line naming the file and why, no temporary file left', async () => {
  const gone = join(dir, 'removed');
  const line = await writeVmEndRecord(
    { id: 0, runId: 'r1', outDir: gone },
    { stopEpochMs: 1, stats: { ...stats, id: 0 } },
    [],
  );
  expect(line).toBe(
    `vm0: its launcher is gone, and its end record ${join(gone, 'vm-0.end.json')} could not be written (ENOENT)`,
  );
  expect(await readdir(dir)).toEqual([]);
});
