/**
 * A VM killed and restarted by an injected fault, in a real run: the launcher records when it killed the VM and
 * when the new life rejoined (the manifest's restarts), and `analyze` leaves the ticks due in between that never
 * ran out of the VM's ticks due: lost with the kill, not late. Checked against the CSV the run wrote: the killed
 * life's rows, the new life's first tick, each row's lateness. `check` counts the same ticks lost.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { launcher, readCsv, readManifest, tempDir } from './cli-harness.js';

const rate = 50;
const periodMs = 1000 / rate;

describe('ticks due while a killed VM was down before its restart', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.remove());

  test('50/s, down 2 s and more: ~100 ticks lost with the kill, none of them late', async () => {
    const config = join(dir.path, 'restart.json');
    const faults = { kills: [{ vm: 1, atSecond: 2, restartAfterSeconds: 2, clock: 'kept' }] };
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRates: [rate, rate, rate], durationSeconds: 6, seed: 9, faults }),
    );
    const out = join(dir.path, 'run');
    const run = await launcher(['run', config, '--out', out], dir.path);
    expect([run.exitCode, run.stdout]).toEqual([0, expect.stringContaining('check: valid')]);

    const manifest = await readManifest(out);
    const restarts = manifest.vms[1]?.restarts ?? [];
    expect(restarts).toHaveLength(1);
    const { killElapsedMs: kill = 0, rejoinElapsedMs: rejoin = 0 } = restarts[0] ?? {};
    // Killed when the fault fired (2 s), back when the new process had started and connected after its restart (4 s).
    expect(kill).toBeGreaterThanOrEqual(1990);
    expect(rejoin).toBeGreaterThan(Math.max(kill, 3990));
    expect(manifest.vms.map((vm) => vm.restarts)).toEqual([undefined, restarts, undefined]);

    // The rows: the killed life's (stamped before halfway to the rejoin), then the new life's from its first tick.
    const rows = (await readCsv(join(out, 'vm-1.csv'))).rows.map((row) => ({
      tick: Number(row.tick),
      elapsedMs: Number(row.elapsed_ms),
    }));
    const killedLife = rows.filter((row) => row.elapsedMs < (kill + rejoin) / 2);
    const lastTick = killedLife.at(-1)?.tick ?? -1;
    const firstNewTick = rows[killedLife.length]?.tick ?? 0;
    // Never ran: the ticks between the lives; lost with the kill: those of them due at most a period before it.
    const neverRan = Array.from({ length: firstNewTick - lastTick - 1 }, (_, i) => lastTick + 1 + i);
    const lost = neverRan.filter((tick) => tick * periodMs >= kill - periodMs).length;
    expect(lost).toBeGreaterThanOrEqual(95);
    const due = 300 - lost;
    const late = rows.filter((row) => row.elapsedMs - row.tick * periodMs - periodMs > 1e-6).length;
    const onTime = (rows.length - late) / Math.max(due, rows.length);

    const json = await launcher(['analyze', out, '--json', '--no-summary'], dir.path);
    const vm1 = (JSON.parse(json.stdout) as RunAnalysis).vms[1]?.ticks;
    expect(vm1).toMatchObject({ expected: 300, due, logged: rows.length, restarts: [{ lost }] });
    expect(vm1?.restarts[0]?.killMs).toBeCloseTo(kill, 9);
    expect(vm1?.restarts[0]?.rejoinMs).toBeCloseTo(rejoin, 9);
    expect(vm1?.achievedRate).toBeCloseTo((rate * rows.length) / due, 9);

    const text = (await launcher(['analyze', out, '--no-summary'], dir.path)).stdout.replace(/\n {2}/g, ' ');
    const seconds = (ms: number) => Number((ms / 1000).toFixed(3));
    expect(text).toContain(
      `VM 1 was killed by an injected fault and restarted: down from ${seconds(kill)} s to ${seconds(rejoin)} s of 6 s; the ${lost} ticks due meanwhile were lost with it, not late`,
    );
    const vm1Line = text.split('\n').find((line) => /^ 1\s+50\s/.test(line));
    expect(vm1Line).toMatch(new RegExp(`^ 1\\s+50\\s+${(onTime * 100).toFixed(1)}%\\s`));

    // summary.json, which the run wrote, holds the same figures.
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunAnalysis;
    expect(summary.vms[1]?.ticks).toMatchObject({ due, restarts: [{ lost }] });

    // check counts the same ticks lost; ticks due earlier that never ran (a VM behind at the kill) are said apart.
    const check = await launcher(['check', out], dir.path);
    const behind = neverRan.length - lost;
    expect(check.stdout).toContain(
      `note: VM 1 lost ${lost} of its 300 ticks to an injected kill (ran ${rows.length}${behind > 0 ? `; ${behind} more due never ran` : ''})`,
    );
  });

  test('a restart due just before the end, its new life back after the stop: the run reads, down to the stop', async () => {
    const config = join(dir.path, 'late-restart.json');
    // Back ~0.45 s after a kill at 5.5 s, plus its start and linking: after the 6 s stop.
    const faults = { kills: [{ vm: 1, atSecond: 5.5, restartAfterSeconds: 0.45, clock: 'kept' }] };
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRates: [5, 3, 1], durationSeconds: 6, seed: 9, faults }),
    );
    const out = join(dir.path, 'late');
    const run = await launcher(['run', config, '--out', out], dir.path);
    expect([run.exitCode, run.stdout]).toEqual([0, expect.stringContaining('check: valid')]);
    const manifest = await readManifest(out);
    for (const { killElapsedMs, rejoinElapsedMs } of manifest.vms[1]?.restarts ?? []) {
      expect(killElapsedMs).toBeGreaterThanOrEqual(5490);
      expect(rejoinElapsedMs).toBeLessThanOrEqual(6000);
    }
    expect((await launcher(['check', out], dir.path)).exitCode).toBe(0);
  });

  test('a restart due in the run`s last moments, not back by the stop: given up, the run ok, the VM down to the end', async () => {
    const config = join(dir.path, 'last-moment.json');
    // Back 0.15 s after a kill at 5.8 s: its new process starts, warms up and links in longer than the 0.05 s left.
    const faults = { kills: [{ vm: 1, atSecond: 5.8, restartAfterSeconds: 0.15, clock: 'kept' }] };
    await writeFile(
      config,
      JSON.stringify({ machines: 3, clockRates: [5, 3, 1], durationSeconds: 6, seed: 9, faults }),
    );
    const out = join(dir.path, 'last-moment');
    const run = await launcher(['run', config, '--out', out], dir.path);
    expect([run.exitCode, run.stdout]).toEqual([0, expect.stringContaining('check: valid')]);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('ok');
    // Given up (down from its kill), or, on a machine quick enough, back before the stop.
    expect(['killed (injected fault)', 'done']).toContain(manifest.vms[1]?.exit);
  });
});
