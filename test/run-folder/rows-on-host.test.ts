import { describe, expect, test } from '@jest/globals';
import { ManifestVm } from '../../run-folder/manifest-vm.js';
import {
  EarlierRowsOnHost,
  earlierRowsOnHostLine,
  RowsOnHost,
  rowsOnHostLine,
  rowsOnHostLines,
} from '../../run-folder/rows-on-host.js';
import { readRunManifest } from '../../run-folder/run-manifest.js';
import {
  copyRun,
  fixtureRun,
  lostHostRowsOnHost,
  manifestVm,
  setAsideRowsOnHost,
  withEarlierRowsOnHost,
  withRowsOnHost,
} from '../analysis/fixture-runs.js';

const rows = { host: 'h2', file: '/opt/clocklab/logs/.remote-r/vm-1.csv', fromByte: 4096, why: 'no answer' };

describe('rowsOnHostLine', () => {
  test('rows came, and more stay on the host: from which byte, where, and why', () => {
    expect(rowsOnHostLine(1, rows)).toBe(
      'VM 1: its rows from byte 4096 of its CSV are not in the run folder: they stay on host h2 in /opt/clocklab/logs/.remote-r/vm-1.csv (no answer)',
    );
  });

  test('no row came after its start was sent: rows stay there only if the start reached it', () => {
    expect(rowsOnHostLine(1, { ...rows, fromByte: 0, ifStarted: true })).toBe(
      'VM 1: no row of it came after its start was sent; if the start reached it, its rows from byte 0 of its CSV stay on host h2 in /opt/clocklab/logs/.remote-r/vm-1.csv (no answer)',
    );
  });
});

describe("an earlier life's rows, set aside before a restart", () => {
  const earlier = { ...rows, file: '/opt/clocklab/logs/.remote-r/vm-1.life-1.csv', life: 1 };

  test('the line says which life wrote them, and that the next went on from that byte in the run folder', () => {
    expect(earlierRowsOnHostLine(1, earlier)).toBe(
      'VM 1: the rows its life 1 wrote from byte 4096 of its CSV on are not in the run folder (its life 2 went on from that byte there): they stay on host h2 in /opt/clocklab/logs/.remote-r/vm-1.life-1.csv (no answer)',
    );
  });

  test("a VM's lines: its earlier lives' first, in order, then its last life's", () => {
    const second = { ...earlier, life: 2, fromByte: 9000, file: '/x/vm-1.life-2.csv' };
    const lines = rowsOnHostLines({ id: 1, rowsOnHost: rows, earlierRowsOnHost: [earlier, second] });
    expect(lines.map((line) => line.slice(0, 28))).toEqual([
      'VM 1: the rows its life 1 wr',
      'VM 1: the rows its life 2 wr',
      'VM 1: its rows from byte 409',
    ]);
    expect(rowsOnHostLines({ id: 0 })).toEqual([]);
  });

  test('validated: a life before the first, or an ifStarted, is refused', () => {
    expect(EarlierRowsOnHost.safeParse(earlier).success).toBe(true);
    expect(EarlierRowsOnHost.safeParse({ ...earlier, life: 0 }).success).toBe(false);
    expect(EarlierRowsOnHost.strict().safeParse({ ...earlier, ifStarted: true }).success).toBe(false);
  });

  test('read into the facts where a VM has them', async () => {
    const run = await copyRun('basic', withEarlierRowsOnHost);
    try {
      const read = await readRunManifest(run.dir);
      if (!read.ok) throw new Error(read.detail);
      expect(read.facts.vms[1]?.earlierRowsOnHost).toEqual([setAsideRowsOnHost]);
      expect(read.facts.vms[0]?.earlierRowsOnHost).toBeUndefined();
    } finally {
      await run.remove();
    }
  });
});

describe('the manifest field', () => {
  test('validated: a negative byte or an ifStarted of false is refused', () => {
    expect(RowsOnHost.safeParse(rows).success).toBe(true);
    expect(RowsOnHost.safeParse({ ...rows, fromByte: -1 }).success).toBe(false);
    expect(RowsOnHost.safeParse({ ...rows, ifStarted: false }).success).toBe(false);
    expect(RowsOnHost.safeParse({ ...rows, why: undefined }).success).toBe(false);
  });

  test('read into the facts where a VM has it; an older manifest without it reads as before', async () => {
    const run = await copyRun('basic', withRowsOnHost);
    try {
      const read = await readRunManifest(run.dir);
      if (!read.ok) throw new Error(read.detail);
      expect(read.facts.vms[1]?.rowsOnHost).toEqual(lostHostRowsOnHost);
      expect(read.facts.vms[0]?.rowsOnHost).toBeUndefined();
    } finally {
      await run.remove();
    }
    const old = await readRunManifest(fixtureRun('basic'));
    expect(old.ok && old.facts.vms.every((vm) => vm.rowsOnHost === undefined)).toBe(true);
  });

  test('a hand edit that breaks it makes the manifest unreadable, naming the field', async () => {
    const run = await copyRun('basic', (m) => {
      manifestVm(m, 1).rowsOnHost = { ...lostHostRowsOnHost, fromByte: 'x' };
      return m;
    });
    try {
      const read = await readRunManifest(run.dir);
      expect(read.ok).toBe(false);
      expect(!read.ok && read.detail).toBe(`vms[1].rowsOnHost.fromByte: found "x"; allowed: a number`);
    } finally {
      await run.remove();
    }
  });

  test('a VM entry keeps it as written (not stripped as a field the schema does not know)', () => {
    const vm = { id: 0, clockRate: 1, port: 1, ticks: 0, sent: 0, received: 0, finalClock: 0, maxJump: 0 };
    const parsed = ManifestVm.safeParse({ ...vm, maxQueue: 0, exit: 'done', rowsOnHost: rows });
    expect(parsed.success && parsed.data.rowsOnHost).toEqual(rows);
  });
});
