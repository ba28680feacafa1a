/**
 * Which copies a kill accounts for, on a real run folder: a sim run (`launcher run --engine sim`) whose VMs 0 and
 * 1 are each killed and restarted. The copies lost at the kills are a note; a copy sent by or to a restarted VM's
 * new life that is nowhere (its pending entry taken out of the manifest) is a violation, as between VMs never killed.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { checkRun } from '../../analysis/check-run.js';
import { type CsvRow, launcher, readCsv, tempDir } from '../integration/cli-harness.js';

const config = {
  machines: 3,
  clockRates: [2, 30, 10],
  eventRange: 5,
  durationSeconds: 10,
  seed: 5,
  faults: {
    kills: [
      { vm: 0, atSecond: 3, restartAfterSeconds: 1, clock: 'kept' },
      { vm: 1, atSecond: 5, restartAfterSeconds: 1, clock: 'reset' },
    ],
  },
};

let dir: { path: string; remove(): Promise<void> };
const runDir = () => join(dir.path, 'run');
let rows: CsvRow[][] = [];

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(join(dir.path, 'lives.json'), JSON.stringify(config));
  const run = await launcher(['run', 'lives.json', '--engine', 'sim', '--out', runDir()], dir.path);
  expect([run.exitCode, run.all]).toEqual([0, expect.stringContaining('check: valid')]);
  rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(runDir(), `vm-${vm}.csv`))).rows));
});

afterAll(async () => {
  await dir.remove();
});

/** The first row of a VM's restarted life: where its tick numbers skip. */
function newLife(vm: number): { index: number; elapsedMs: number } {
  const vmRows = rows[vm] ?? [];
  const index = vmRows.findIndex((row, i) => i > 0 && Number(row.tick) > Number(vmRows[i - 1]?.tick) + 1);
  expect(index).toBeGreaterThan(0);
  return { index, elapsedMs: Number(vmRows[index]?.elapsed_ms) };
}

/** A send row of `from` to `to`, picked by `where`, whose copy the run left pending at `to`. */
async function pendingCopy(from: number, to: number, where: (row: CsvRow, index: number) => boolean) {
  const manifest = JSON.parse(await readFile(join(runDir(), 'manifest.json'), 'utf8'));
  const pending = new Set<string>(manifest.vms[to].pendingAtStop);
  const index = (rows[from] ?? []).findIndex(
    (row, i) =>
      row.event === 'send' &&
      row.peer?.split(';').includes(String(to)) &&
      pending.has(row.msg_id ?? '') &&
      where(row, i),
  );
  expect(index).toBeGreaterThanOrEqual(0);
  return { msgId: rows[from]?.[index]?.msg_id ?? '', line: index + 2 };
}

/** checkRun on a copy of the run whose VM `to` no longer lists `msgId` as pending. */
async function checkWithout(to: number, msgId: string) {
  const copy = join(dir.path, `without-${msgId}`);
  await cp(runDir(), copy, { recursive: true });
  const file = join(copy, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  manifest.vms[to].pendingAtStop = manifest.vms[to].pendingAtStop.filter((id: string) => id !== msgId);
  await writeFile(file, JSON.stringify(manifest));
  return checkRun(copy);
}

describe('copies lost with a killed VM', () => {
  test('the copies VM 0 held when it was killed are a note', async () => {
    const result = await checkRun(runDir());
    if (!result.ok) throw new Error(`expected a valid run: ${JSON.stringify(result)}`);
    expect(result.notes.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^\d+ copies sent to VM 0 are neither received, pending nor dropped/),
    );
  });

  test("a copy sent by a restarted VM's new life that is nowhere is a violation", async () => {
    const start = newLife(1);
    const copy = await pendingCopy(1, 2, (_, i) => i >= start.index);
    const result = await checkWithout(2, copy.msgId);
    if (result.ok || result.reason !== 'violations') throw new Error(`expected violations: ${JSON.stringify(result)}`);
    expect(result.violations.map((v) => [v.rule, v.vm, v.line, v.found])).toEqual([
      ['exactly-once', 1, copy.line, 'copy to VM 2 is nowhere'],
    ]);
  });

  test("a copy sent to a restarted VM's new life that is nowhere is a violation", async () => {
    const start = newLife(0);
    const copy = await pendingCopy(2, 0, (row) => Number(row.elapsed_ms) > start.elapsedMs);
    const result = await checkWithout(0, copy.msgId);
    if (result.ok || result.reason !== 'violations') throw new Error(`expected violations: ${JSON.stringify(result)}`);
    expect(result.violations.map((v) => [v.rule, v.vm, v.line, v.found])).toEqual([
      ['exactly-once', 2, copy.line, 'copy to VM 0 is nowhere'],
    ]);
  });
});
