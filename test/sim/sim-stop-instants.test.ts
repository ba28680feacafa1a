/**
 * The sim records each VM's stop as the launcher does (the manifest's stopElapsedMs, real ms after the start), exact
 * in virtual time: a VM an injected kill left down stopped at the kill, the others at the run's end or its cut.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { checkRun } from '../../analysis/check-run.js';
import { formatAnalysis } from '../../analysis/format-analysis.js';
import { parseRunConfig } from '../../config/load-config.js';
import { executeSim } from '../../sim/execute-sim.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clocklab-sim-stops-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function simulate(config: Record<string, unknown>) {
  const parsed = parseRunConfig(config, 'test');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const ran = await executeSim(parsed.config, { dir, runId: 'r' });
  if (ran.kind !== 'ended') throw new Error(ran.line);
  return ran.manifest;
}

describe('the sim`s stop instants', () => {
  test('an injected kill without a restart, at speed 10: its ticks after the kill are not due, and check is valid', async () => {
    // VM 1 at 20/s killed at 3 s of 10 (0.3 real s): deadlines 0 .. 2.95 s, 60 ticks due; 140 lost with it.
    const faults = { kills: [{ vm: 1, atSecond: 3 }] };
    const manifest = await simulate({
      machines: 3,
      clockRates: [10, 20, 30],
      durationSeconds: 10,
      speed: 10,
      seed: 4,
      faults,
    });
    expect(manifest.status).toBe('ok');
    expect(manifest.vms.map((vm) => vm.stopElapsedMs)).toEqual([1000, 300, 1000]);
    const analyzed = await analyzeRun(dir);
    if (!analyzed.ok) throw new Error(analyzed.detail);
    const vm1 = analyzed.analysis.vms[1];
    expect(vm1?.ticks).toMatchObject({ stopMs: 3000, expected: 200, due: 60, logged: 60, endedEarly: true });
    const text = formatAnalysis(analyzed.analysis, 400).split('\n');
    expect(text).toContain(
      'VM 1 was killed by an injected fault at 3 s of 10 s: its ticks due, on time and achieved count up to then; the 140 ticks lost with it are not late',
    );
    expect(text).toContain('VM 1 ended early: 60 of 200 ticks (exit: killed (injected fault))');
    expect((await checkRun(dir)).ok).toBe(true);
  });

  test('a kill and restart: the VM`s last life ran to the end; the ticks due while it was down were lost, not due', async () => {
    const faults = { kills: [{ vm: 1, atSecond: 3, restartAfterSeconds: 1 }] };
    const manifest = await simulate({ machines: 3, clockRates: [10, 20, 30], durationSeconds: 10, seed: 4, faults });
    expect(manifest.vms.map((vm) => vm.stopElapsedMs)).toEqual([10_000, 10_000, 10_000]);
    expect(manifest.vms.map((vm) => vm.restarts)).toEqual([
      undefined,
      [{ killElapsedMs: 3000, rejoinElapsedMs: 4000 }],
      undefined,
    ]);
    // 20/s: tick 59 (2.95 s) ran, ticks 60..79 (3 to 3.95 s) never did, the new life began at tick 80 (4 s).
    const analyzed = await analyzeRun(dir);
    if (!analyzed.ok) throw new Error(analyzed.detail);
    expect(analyzed.analysis.vms[1]?.ticks).toMatchObject({
      expected: 200,
      due: 180,
      logged: 180,
      restarts: [{ killMs: 3000, rejoinMs: 4000, lost: 20 }],
    });
    const text = formatAnalysis(analyzed.analysis, 400).split('\n');
    expect(text).toContain(
      'VM 1 was killed by an injected fault and restarted: down from 3 s to 4 s of 10 s; the 20 ticks due meanwhile were lost with it, not late',
    );
    expect(text).toContain('on time: worst VM 100.0% (every VM)');
    const check = await checkRun(dir);
    expect(check.ok && check.notes.map((note) => note.text)).toContain(
      'VM 1 lost 20 of its 200 ticks to an injected kill (ran 180)',
    );
  });

  test('written instants are clean: a restart 2.2 s after a kill at 1.1 s rejoins at 3300 ms, not 3300.0000000000005', async () => {
    // In float, 1.1 s + 2.2 s of virtual time is 3300.0000000000005 ms; the real engine writes instants to the µs.
    const kills = [
      { vm: 1, atSecond: 1.1, restartAfterSeconds: 2.2 },
      { vm: 2, atSecond: 0.7 },
    ];
    await simulate({
      machines: 3,
      clockRates: [10, 20, 30],
      durationSeconds: 10,
      speed: 3,
      seed: 4,
      faults: { kills },
    });
    const written = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      vms: { stopElapsedMs: number; restarts?: unknown }[];
    };
    expect(written.vms.map((vm) => [vm.stopElapsedMs, vm.restarts])).toEqual([
      // The planned end exactly as configured, 10 s / 3, as the real engine writes it.
      [10_000 / 3, undefined],
      [10_000 / 3, [{ killElapsedMs: 366.667, rejoinElapsedMs: 1100 }]],
      [233.333, undefined],
    ]);
  });
});
