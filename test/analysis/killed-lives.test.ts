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
      // Named by the lives that may have taken them, one line for all their recipients: VM 0 was restarted, so a life of
      // it before that.
      expect.stringMatching(
        /^\d+ cop(y|ies) sent to VMs? [\d, and-]+ (is|are) neither received, pending nor dropped: lost with a killed life of VM 0$/,
      ),
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

describe('a restart that kept the clock and skipped no tick', () => {
  // VM 0 at 2/s killed at 3.1 s, after its tick 6 (3 s), back at 3.3 s, before tick 7 (3.5 s): its rows run on.
  const kept = { ...config, faults: { kills: [{ vm: 0, atSecond: 3.1, restartAfterSeconds: 0.2, clock: 'kept' }] } };
  const keptDir = () => join(dir.path, 'kept');

  beforeAll(async () => {
    await writeFile(join(dir.path, 'kept.json'), JSON.stringify(kept));
    const run = await launcher(['run', 'kept.json', '--engine', 'sim', '--out', keptDir()], dir.path);
    expect([run.exitCode, run.all]).toEqual([0, expect.stringContaining('check: valid')]);
  });

  test('its lives are told apart by the restart the manifest records: a copy to the new life that is nowhere is a violation', async () => {
    const manifest = JSON.parse(await readFile(join(keptDir(), 'manifest.json'), 'utf8'));
    expect(manifest.vms[0].restarts).toEqual([
      { killElapsedMs: expect.closeTo(3100, 9), rejoinElapsedMs: expect.closeTo(3300, 9) },
    ]);
    const vm0 = (await readCsv(join(keptDir(), 'vm-0.csv'))).rows;
    expect(vm0.map((row) => Number(row.tick))).toEqual(vm0.map((_, i) => i));
    // A copy VM 1 sent after the rejoin that VM 0 still held at the stop, taken out of its pending list.
    const pending = new Set<string>(manifest.vms[0].pendingAtStop);
    const vm1 = (await readCsv(join(keptDir(), 'vm-1.csv'))).rows;
    const index = vm1.findIndex(
      (row) =>
        row.event === 'send' &&
        Number(row.elapsed_ms) > 3300 &&
        row.peer?.split(';').includes('0') &&
        pending.has(row.msg_id ?? ''),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const msgId = vm1[index]?.msg_id ?? '';
    const copy = join(dir.path, 'kept-without');
    await cp(keptDir(), copy, { recursive: true });
    manifest.vms[0].pendingAtStop = manifest.vms[0].pendingAtStop.filter((id: string) => id !== msgId);
    await writeFile(join(copy, 'manifest.json'), JSON.stringify(manifest));
    const result = await checkRun(copy);
    if (result.ok || result.reason !== 'violations') throw new Error(`expected violations: ${JSON.stringify(result)}`);
    expect(result.violations.map((v) => [v.rule, v.vm, v.line, v.found])).toEqual([
      ['exactly-once', 1, index + 2, 'copy to VM 0 is nowhere'],
    ]);
  });
});
