/**
 * Each VM's stop instant, recorded by the launcher in the manifest (stopElapsedMs), and the ticks due `analyze`
 * counts up to it, checked against the CSVs real runs wrote: a VM an injected kill left down in a run that ended ok
 * owes no ticks after the kill. A VM SIGKILLed from outside died at an instant no one recorded, between its last row
 * and its exit seen (the launcher sees it tens of ms late on a busy machine; a VM SIGSTOPped a while first looks the
 * same from its files): it owes the ticks due up to its last row, and those due in between count neither on time nor
 * late, in one line. `launcher check` still finds each run valid.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import {
  isAlive,
  launcher,
  readCsv,
  readManifest,
  tempDir,
  threeVmsStarted,
  waitForLine,
  waitForRows,
} from './cli-harness.js';
import { dueFromFiles, expectDueToOwnStops, uncountedFromFiles } from './run-assertions.js';

const rates = [50, 80, 120];

describe('each VM`s stop instant, and the ticks due up to it', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  const checkValid = async (out: string) => {
    const check = await launcher(['check', out], dir.path);
    expect([check.exitCode, check.stdout]).toEqual([0, expect.stringMatching(/^valid: /)]);
  };

  test('an injected kill without a restart, in a run that ends ok: the ticks after it were lost, not late', async () => {
    const config = join(dir.path, 'kill.json');
    const faults = { kills: [{ vm: 1, atSecond: 2 }] };
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: rates, durationSeconds: 6, seed: 9, faults }));
    const out = join(dir.path, 'kill');
    const run = await launcher(['run', config, '--out', out], dir.path);
    expect([run.exitCode, run.stdout]).toEqual([0, expect.stringContaining('check: valid')]);
    const manifest = await readManifest(out);
    expect(manifest.vms.map((vm) => vm.exit)).toEqual(['done', 'killed (injected fault)', 'done']);
    const [stop0, stop1 = 0, stop2] = manifest.vms.map((vm) => vm.stopElapsedMs);
    expect([stop0, stop2]).toEqual([6000, 6000]);
    // Killed when the fault fired, 2 s in, after its last row, which the kill ended: on the clock of another
    // process, the launcher's, so within the checker's bound for two processes' clocks (1 ms + 500 ppm).
    const vm1Rows = (await readCsv(join(out, 'vm-1.csv'))).rows;
    const skew = (ms: number) => 1 + 0.0005 * ms;
    expect(stop1).toBeGreaterThanOrEqual(2000 - skew(2000));
    expect(stop1).toBeGreaterThanOrEqual(Number(vm1Rows.at(-1)?.elapsed_ms) - skew(stop1));
    expect(stop1).toBeLessThan(6000);

    const figures = await dueFromFiles(out, rates, true);
    const analysis = JSON.parse((await launcher(['analyze', out, '--json', '--no-summary'], dir.path)).stdout);
    const vms = (analysis as RunAnalysis).vms;
    expect(vms.map((vm) => vm.ticks.due)).toEqual(figures.map((figure) => figure.due));
    const vm1 = vms[1]?.ticks;
    expect(vm1).toMatchObject({ expected: 480, logged: vm1Rows.length, stopMs: stop1, endedEarly: true });
    const lost = 480 - (vm1?.due ?? 0);
    // Due: at most the deadlines up to the kill (k / rate before stop1), however late the kill fired on a busy machine;
    // its last row, on the VM's clock, may lie up to the clocks' skew past stop1, and a tick it ran was due.
    expect(vm1?.due).toBeLessThanOrEqual(Math.floor(((stop1 + skew(stop1)) * (rates[1] ?? 0)) / 1000) + 1);
    expect(lost).toBeGreaterThan(0);
    const text = (await launcher(['analyze', out, '--no-summary'], dir.path)).stdout.replace(/\n {2}/g, ' ');
    expect(text).toContain(
      `VM 1 was killed by an injected fault at ${Number((stop1 / 1000).toFixed(3))} s of 6 s: its ticks due, on time and achieved count up to then; the ${lost} ticks lost with it are not late`,
    );
    expect(text).toContain(`VM 1 ended early: ${vm1Rows.length} of 480 ticks (exit: killed (injected fault))`);
    const worst = Math.min(...figures.map((figure) => figure.onTime));
    expect(text).toContain(`on time: worst VM ${(worst * 100).toFixed(1)}%`);
    await checkValid(out);
  });

  test('a VM SIGKILLed from outside mid-run: due up to its last row, the ticks up to its exit seen said apart', async () => {
    const config = join(dir.path, 'outside.json');
    // VM 1 at 1000/s: its exit, seen a few ms after its death (tens on a busy machine), lies periods past its last row.
    const fast = [50, 1000, 120];
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: fast, durationSeconds: 30, seed: 9 }));
    const out = join(dir.path, 'outside');
    const run = launcher(['run', config, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    await waitForRows(join(out, 'vm-1.csv'), 500, run);
    process.kill(pids[1] ?? 0, 'SIGKILL');
    expect((await run).exitCode).toBe(1);
    expect(pids.filter(isAlive)).toEqual([]);
    const manifest = await readManifest(out);
    expect(manifest.vms.map((vm) => vm.exit)).toEqual(['done', 'killed by SIGKILL', 'done']);
    // Its stop is only the latest it can have died at: when its exit was seen, after its last row.
    const vm1Rows = (await readCsv(join(out, 'vm-1.csv'))).rows;
    const stop1 = manifest.vms[1]?.stopElapsedMs ?? Number.NaN;
    expect(manifest.vms.map((vm) => vm.exitSeenElapsedMs)).toEqual([undefined, stop1, undefined]);
    expect(stop1).toBeGreaterThanOrEqual(Number(vm1Rows.at(-1)?.elapsed_ms));
    const analysis = await expectDueToOwnStops(out, fast, dir.path);
    const vm1 = analysis.vms[1]?.ticks;
    const lastTick = Number(vm1Rows.at(-1)?.tick);
    // Due: the deadlines up to its last row, tick 0 .. its last tick when it kept up (its CSV says whether it did).
    expect(vm1).toMatchObject({ logged: vm1Rows.length, stopMs: stop1 });
    expect(vm1?.due).toBeGreaterThanOrEqual(lastTick + 1);
    const uncounted = await uncountedFromFiles(out, 1, 1000);
    expect(vm1?.unseenDeath?.uncounted).toBe(uncounted);
    const text = (await launcher(['analyze', out, '--no-summary'], dir.path)).stdout.replace(/\n {2}/g, ' ');
    const s = (ms: number) => Number((ms / 1000).toFixed(3));
    const line = `VM 1 died between ${s(Number(vm1Rows.at(-1)?.elapsed_ms))} s (its last row) and ${s(stop1)} s (its exit seen) of 30 s: the ${uncounted}`;
    // A death seen before the next deadline leaves nothing uncounted, and no line.
    if (uncounted > 0) expect(text).toContain(line);
    else expect(text).not.toContain('died between');
    await checkValid(out);
  });

  test('a VM stopped (SIGSTOP) for a while, then killed from outside: its death lies after its last row, the ticks since then said apart', async () => {
    const config = join(dir.path, 'fast.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: rates, durationSeconds: 30, seed: 9 }));
    const out = join(dir.path, 'stalled');
    const run = launcher(['run', config, '--out', out], dir.path);
    const pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
    await waitForRows(join(out, 'vm-1.csv'), 20, run);
    process.kill(pids[1] ?? 0, 'SIGSTOP');
    // Stalled while VM 0 logs 50 more rows (a second at 50/s), then killed.
    const vm0Before = (await readCsv(join(out, 'vm-0.csv'))).rows.length;
    await waitForRows(join(out, 'vm-0.csv'), vm0Before + 50, run);
    process.kill(pids[1] ?? 0, 'SIGKILL');
    const result = await run;
    expect(result.exitCode).toBe(1);
    expect(pids.filter(isAlive)).toEqual([]);
    const manifest = await readManifest(out);
    expect(manifest.vms.map((vm) => vm.exit)).toEqual(['done', 'killed by SIGKILL', 'done']);
    const analysis = await expectDueToOwnStops(out, rates, dir.path);
    const vm1 = analysis.vms[1]?.ticks;
    // From its files, a VM stopped a second and then killed is one that died at its last row and was seen a second
    // late: the ticks of VM 1's 80/s in that second were lost with it or late, no one can tell, so neither.
    expect(vm1?.due).toBe(vm1?.logged);
    expect(vm1?.stopMs).toBe(manifest.vms[1]?.stopElapsedMs);
    const uncounted = vm1?.unseenDeath?.uncounted ?? 0;
    expect(uncounted).toBeGreaterThanOrEqual(60);
    expect(uncounted).toBe(await uncountedFromFiles(out, 1, rates[1] ?? 0));
    const text = (await launcher(['analyze', out, '--no-summary'], dir.path)).stdout.replace(/\n {2}/g, ' ');
    expect(text).toMatch(
      new RegExp(
        `VM 1 died between [0-9.]+ s \\(its last row\\) and [0-9.]+ s \\(its exit seen\\) of 30 s: the ${uncounted} ticks due in between are counted neither on time nor late`,
      ),
    );
    await checkValid(out);
  });
});
