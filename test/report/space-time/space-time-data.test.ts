import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { writeSyntheticRun } from '../../../bench/synthetic-run.js';
import { decodeSpaceTime, type PackedJson } from '../../../report/browser/decode.js';
import { jsonText } from '../../../report/json-text.js';
import { type RunEvents, readRunEvents } from '../../../report/run-events.js';
import { copyFate, messageCopies } from '../../../report/space-time/message-copies.js';
import { packSpaceTime } from '../../../report/space-time/space-time-data.js';
import { copyRun, fixtureRun } from '../../analysis/fixture-runs.js';
import { addVectorClocks } from '../vector-clocks.js';

async function runOf(dir: string): Promise<RunEvents> {
  const read = await readRunEvents(dir);
  if (!read.ok) throw new Error(read.detail);
  return read.run;
}

describe('the time axis', () => {
  test('ends at the planned end (basic fixture: 2 s), or at the stop of a run stopped by a signal (interrupted: 10 s, stopped at 1.9 s)', async () => {
    expect((await runOf(fixtureRun('basic'))).endMs).toBe(2000);
    expect((await runOf(fixtureRun('interrupted'))).endMs).toBe(1900);
  });

  test('a failed run whose every VM stop the manifest records ends where the last VM stopped', async () => {
    const stops = (stop: number | undefined) =>
      copyRun('basic', (m) => ({
        ...m,
        status: 'failed',
        vms: (m.vms as object[]).map((vm, i) =>
          i === 0 || stop !== undefined ? { ...vm, stopElapsedMs: stop ?? 900 } : vm,
        ),
      }));
    const recorded = await stops(1200);
    const partly = await stops(undefined);
    try {
      const run = await runOf(recorded.dir);
      const lastRowMs = Math.max(...run.vms.map((vm) => vm.elapsedMs[vm.rows - 1] ?? 0));
      expect(run.endMs).toBe(Math.max(lastRowMs, 1200));
      expect(run.endMs).toBeLessThan(2000);
      // A VM without a recorded stop: the planned end.
      expect((await runOf(partly.dir)).endMs).toBe(2000);
    } finally {
      await recorded.remove();
      await partly.remove();
    }
  });
});

describe('message copies', () => {
  test('basic: received copies point at their receive row; the ones the manifest lists pending are pending', async () => {
    const run = await runOf(fixtureRun('basic'));
    const copies = messageCopies(run.vms, run.facts);
    const rows = Array.from({ length: copies.count }, (_, i) => [
      `${copies.fromVm[i]}-${copies.seq[i]}`,
      copies.fromRow[i],
      copies.toVm[i],
      copies.toRow[i],
      copies.fate[i],
    ]);
    expect(rows).toEqual([
      ['0-1', 2, 1, 1, copyFate.received],
      ['0-2', 3, 1, 2, copyFate.received],
      ['0-3', 4, 1, 3, copyFate.received],
      ['0-4', 7, 1, -1, copyFate.pending],
      ['0-5', 9, 1, -1, copyFate.pending],
      ['1-1', 0, 0, 1, copyFate.received],
    ]);
    expect(copies.unmatchedReceives).toBe(0);
  });

  test('ended-early: dropped copies from the manifest; a copy nobody accounts for died with the killed VM', async () => {
    const run = await runOf(fixtureRun('ended-early'));
    const copies = messageCopies(run.vms, run.facts);
    const fateOf = (id: string) =>
      Array.from({ length: copies.count }, (_, i) => i).find((i) => `${copies.fromVm[i]}-${copies.seq[i]}` === id);
    expect(copies.fate[fateOf('0-1') ?? -1]).toBe(copyFate.received);
    expect(copies.fate[fateOf('0-2') ?? -1]).toBe(copyFate.lost);
    expect(copies.fate[fateOf('0-3') ?? -1]).toBe(copyFate.dropped);
    expect(copies.fate[fateOf('0-4') ?? -1]).toBe(copyFate.dropped);
  });

  test('a run whose launcher died: a copy no row receives, from or to a VM with no end record, is of unknown fate', async () => {
    const run = await runOf(fixtureRun('ended-early'));
    const died = (unaccounted: number[]) => ({
      ...run.facts,
      launcherDied: { pid: 4242, how: 'died' as const, unjudged: [], unaccounted },
    });
    const copies = messageCopies(run.vms, died([0, 1]));
    const fateOf = (id: string) =>
      Array.from({ length: copies.count }, (_, i) => i).find((i) => `${copies.fromVm[i]}-${copies.seq[i]}` === id);
    expect(copies.fate[fateOf('0-1') ?? -1]).toBe(copyFate.received);
    expect(copies.fate[fateOf('0-2') ?? -1]).toBe(copyFate.unknown);
    // Both VMs left their end records: a copy neither lists is lost, as with a manifest.
    const recorded = messageCopies(run.vms, died([]));
    expect(recorded.fate[fateOf('0-2') ?? -1]).toBe(copyFate.lost);
  });
});

describe('space-time packing', () => {
  test('packs to small integers and unpacks, in the page, to exactly the rows and copies read', async () => {
    const copy = await copyRun('basic');
    try {
      await addVectorClocks(copy.dir, 2);
      const run = await runOf(copy.dir);
      expect(run.hasVectorClocks).toBe(true);
      const copies = messageCopies(run.vms, run.facts);
      const text = jsonText(packSpaceTime(run, copies, ['VM 0', 'VM 1']));
      // Times as microsecond differences, clocks as differences, kinds as letters.
      expect(text).toContain('"kind":"irsssiisis"');
      expect(text).toContain('"clock":[1,1,1,1,1,1,1,1,1,1]');
      expect(text).toContain('"t":[500,200000,200000');
      const st = decodeSpaceTime(JSON.parse(text) as PackedJson);
      run.vms.forEach((vm, v) => {
        const decoded = st.vms[v];
        expect([...(decoded?.t ?? [])]).toEqual([...vm.elapsedMs]);
        expect([...(decoded?.clock ?? [])]).toEqual([...vm.clock]);
        expect([...(decoded?.tick ?? [])]).toEqual([...vm.tick]);
        expect(decoded?.vc?.map((c) => [...c])).toEqual(vm.vectorClock?.map((c) => [...c]));
      });
      expect([...st.copies.toRow]).toEqual([...copies.toRow]);
      expect([...st.copies.fromRow]).toEqual([...copies.fromRow]);
      expect(st.copies.fate).toBe('rrrppr');
      expect([...st.copies.byVm]).toEqual([0, 5, 6]);
      // VM 1 row 1 took copy 0 (0-1) off its queue; VM 0 row 1 took copy 5 (1-1).
      expect(st.vms[1]?.recvCopy[1]).toBe(0);
      expect(st.vms[0]?.recvCopy[1]).toBe(5);
      // The longest send-to-receive: 0-3, sent at 800.5, received at 1500.7.
      expect(st.maxSpanMs).toBeCloseTo(700.2, 6);
    } finally {
      await copy.remove();
    }
  });

  test('a run without vector clocks packs none, and says so', async () => {
    const run = await runOf(fixtureRun('basic'));
    const packed = packSpaceTime(run, messageCopies(run.vms, run.facts), ['a', 'b']);
    expect(packed.hasVectorClocks).toBe(false);
    expect(packed.vms.map((vm) => vm.vc)).toEqual([null, null]);
  });

  test('a long run packs to a few bytes per row, well under its CSVs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clocklab-report-test-'));
    try {
      await writeSyntheticRun(dir, { rows: 30_000, machines: 3, seed: 2 });
      const run = await runOf(dir);
      const text = jsonText(packSpaceTime(run, messageCopies(run.vms, run.facts), ['a', 'b', 'c']));
      const csvBytes = (await Promise.all([0, 1, 2].map((vm) => stat(join(dir, `vm-${vm}.csv`))))).reduce(
        (sum, s) => sum + s.size,
        0,
      );
      // About 20 bytes a row (a CSV row is about 70): a million-row run packs to some 20 MB.
      expect(text.length / 30_000).toBeLessThan(24);
      expect(text.length).toBeLessThan(csvBytes / 4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
