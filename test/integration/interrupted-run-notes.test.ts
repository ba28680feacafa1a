/**
 * What `launcher run` says of a run a signal cut, with many VMs and an injected kill: each VM that ran every tick due
 * before the stop lost nothing, and one line says so for all of them, after the kill's note, so the note is among
 * the check lines the run shows (it shows 12; one note per VM used to fill them and hide the kill's).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ticksBefore } from '../../analysis/tick-budget.js';
import { ctrlC, launcherInOwnGroup, readCsv, readManifest, tempDir, waitForRows } from './cli-harness.js';

describe('a run of 13 VMs stopped by a signal, VM 12 killed by an injected fault before', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('the kill`s note is shown, and VMs 0-11 fold into one line after it', async () => {
    const machines = 13;
    const config = join(dir.path, 'thirteen.json');
    const faults = { kills: [{ vm: 12, atSecond: 1 }] };
    const clockRates = Array.from({ length: machines }, () => 5);
    await writeFile(config, JSON.stringify({ machines, clockRates, durationSeconds: 30, seed: 4, faults }));
    const out = join(dir.path, 'run');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    // VM 0's 10th row is due at 1.8 s: past the kill at 1 s.
    await waitForRows(join(out, 'vm-0.csv'), 10, run);
    ctrlC(run);
    const result = await run;
    expect(result.exitCode).toBe(130);
    const manifest = await readManifest(out);
    const stoppedAtMs = manifest.stoppedAtMs ?? Number.NaN;
    const stop = `${(stoppedAtMs / 1000).toFixed(3)} s of 30 s`;
    // Every VM not killed ran every tick due before the stop: its CSV holds them all.
    const rows = await Promise.all(manifest.vms.map(async (vm) => (await readCsv(join(out, `vm-${vm.id}.csv`))).rows));
    for (const vmRows of rows.slice(0, 12)) expect(vmRows.length).toBe(ticksBefore(5, stoppedAtMs));
    const vm12 = rows[12]?.length ?? 0;
    const due = ticksBefore(5, stoppedAtMs);
    const checkLines = result.stdout.split('\n').filter((line) => line.startsWith('check: '));
    // A copy in flight to VM 12 at its kill, or the kill acting late on a loaded machine, may be notes of their own,
    // before the kill's; every line shown, none left to `launcher check`.
    expect(checkLines[0]).toMatch(/^check: valid: /);
    expect(checkLines.filter((line) => /ended early: |^check: \.\.\./.test(line))).toEqual([]);
    expect(checkLines.slice(-2)).toEqual([
      `check: note: VM 12 lost ${due - vm12} of its ${due} ticks to an injected kill (ran ${vm12}); the run was stopped by a signal at ${stop}`,
      `check: note: VMs 0-11 ended early at the stop a signal set (${stop}): every tick due before it ran`,
    ]);
  });
});
