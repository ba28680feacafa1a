/**
 * Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group (the launcher and every VM at once).
 * The launcher is started detached so it leads a group of its own, and the group is signalled, never the pid; one
 * test types Ctrl-C into a real pseudo-terminal.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import { onTimeShare } from '../../analysis/tick-lateness.js';
import {
  ctrlC,
  isAlive,
  launcher,
  launcherBin,
  launcherInOwnGroup,
  launcherOnTerminal,
  readCsv,
  readManifest,
  tempDir,
  threeVmsStarted,
  track,
  typeCtrlC,
  vmBin,
  waitForLine,
  waitForRows,
} from './cli-harness.js';
import { freeBasePort } from './free-ports.js';
import { expectEveryMessageAccounted, expectLamportRows, expectOrderlyStop } from './run-assertions.js';

describe('Ctrl-C from a terminal (SIGINT to the process group)', () => {
  let dir: { path: string; remove(): Promise<void> };
  let config: string;
  beforeAll(async () => {
    dir = await tempDir();
    config = join(dir.path, 'long.json');
    await writeFile(config, JSON.stringify({ machines: 3, clockRates: [50, 80, 120], durationSeconds: 60, seed: 5 }));
  });
  afterAll(() => dir.remove());

  test('launcher run: one stop instant, end markers, exact pendingAtStop, interrupted, exit 130, check valid', async () => {
    const out = join(dir.path, 'run');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    let pids: number[] = [];
    try {
      pids = (await waitForLine(run.stderr, threeVmsStarted)).slice(1).map(Number);
      await waitForRows(join(out, 'vm-0.csv'), 25, run);
    } finally {
      ctrlC(run);
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('stopping every VM at one instant');
    expect(result.stderr).not.toContain('killing every VM now');
    await expectOrderlyStop(out, 3);
    expect(pids.filter(isAlive)).toEqual([]);
    const check = await launcher(['check', out], dir.path);
    expect(check.stdout).not.toMatch(/VIOLATION/);
    expect(check.exitCode).toBe(0);
  });

  test('launcher analyze: ticks are due only before the stop instant the manifest records, so on time is not diluted', async () => {
    const out = join(dir.path, 'analyzed');
    const run = launcherInOwnGroup(['run', config, '--out', out], dir.path);
    try {
      await waitForRows(join(out, 'vm-0.csv'), 25, run);
    } finally {
      ctrlC(run);
    }
    expect((await run).exitCode).toBe(130);
    const stoppedAtMs = (await readManifest(out)).stoppedAtMs ?? Number.NaN;
    // Some way into the 60 s run, in experiment ms after the start.
    expect(stoppedAtMs).toBeGreaterThan(0);
    expect(stoppedAtMs).toBeLessThan(60_000);
    const analyze = await launcher(['analyze', out, '--json'], dir.path);
    const analysis = JSON.parse(analyze.stdout) as RunAnalysis;
    expect(analysis.stoppedAtMs).toBe(stoppedAtMs);
    expect(analysis.endedEarly).toEqual([]);
    for (const vm of analysis.vms) {
      const { rows } = await readCsv(join(out, `vm-${vm.id}.csv`));
      const beforeStop = rows.filter((row) => (Number(row.tick) * 1000) / vm.ticks.configuredRate < stoppedAtMs);
      // Every tick due ran (a VM behind catches up before it stops): due = its rows = its rows before the stop.
      expect({ vm: vm.id, due: vm.ticks.expected, rows: rows.length }).toEqual({
        vm: vm.id,
        due: beforeStop.length,
        rows: beforeStop.length,
      });
      // So on time is the share of its rows that ran on time: no tick after the stop counts against it.
      const onTime = onTimeShare(vm.ticks.logged, vm.ticks.late.ticks, vm.ticks.expected);
      // Two ways to the same share: equal up to float rounding, which may differ in the last bit.
      expect(onTime).toBeCloseTo(1 - (vm.ticks.late.share ?? 0), 12);
      expect({ vm: vm.id, achieved: vm.ticks.achievedRate }).toEqual({ vm: vm.id, achieved: vm.ticks.configuredRate });
    }
    const text = await launcher(['analyze', out], dir.path);
    expect(text.stdout).toMatch(/stopped by a signal at [\d.]+ s of 60 s: ticks due, on time and achieved count/);
  });

  test('a real pseudo-terminal (script(1)): a typed Ctrl-C stops the run in order, exit 130', async () => {
    const out = join(dir.path, 'pty');
    const terminal = launcherOnTerminal(['run', config, '--out', out], dir.path);
    const ready = async () => {
      await waitForLine(terminal.stdout, threeVmsStarted);
      await waitForRows(join(out, 'vm-0.csv'), 25, terminal);
    };
    // Closing the pty on a failed wait hangs the launcher up; its VMs stop when their control channel closes.
    await typeCtrlC(terminal, ready());
    const result = await terminal;
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toContain('stopping every VM at one instant');
    await expectOrderlyStop(out, 3);
    const manifest = await readManifest(out);
    expect(manifest.vms.map((vm) => vm.pid).filter((pid) => pid !== null && isAlive(pid))).toEqual([]);
  });

  test('launcher experiment: the running trials stop in order, exit 130, no VM left', async () => {
    const file = join(dir.path, 'experiment.json');
    const out = join(dir.path, 'experiment');
    await writeFile(
      file,
      JSON.stringify({
        name: 'ctrl-c',
        base: { machines: 3, clockRate: { min: 40, max: 80 }, durationSeconds: 60 },
        trials: 2,
        seed: 7,
        parallel: 2,
        variants: [{ name: 'base' }],
      }),
    );
    const run = launcherInOwnGroup(['experiment', file, '--out', out], dir.path);
    try {
      // The two trials start in either order; each wait looks for its folder until the experiment makes it.
      await waitForRows(join(out, 'base', 'trial-1', 'vm-0.csv'), 10, run);
      await waitForRows(join(out, 'base', 'trial-2', 'vm-0.csv'), 10, run);
    } finally {
      ctrlC(run);
    }
    const result = await run;
    expect(result.exitCode).toBe(130);
    for (const trial of ['trial-1', 'trial-2']) {
      const trialDir = join(out, 'base', trial);
      await expectOrderlyStop(trialDir, 3);
      const manifest = await readManifest(trialDir);
      expect(manifest.vms.map((vm) => vm.pid).filter((pid) => pid !== null && isAlive(pid))).toEqual([]);
    }
  });

  test('VMs run by hand in one process group: each stops in order at the instant agreed, exit 130', async () => {
    const basePort = await freeBasePort();
    const byHand = join(dir.path, 'by-hand.json');
    await writeFile(
      byHand,
      JSON.stringify({
        machines: 3,
        clockRates: [40, 70, 100],
        durationSeconds: 60,
        seed: 3,
        network: { host: '127.0.0.1', basePort },
      }),
    );
    const out = join(dir.path, 'by-hand');
    // One group, as a shell job of three VMs would be: a helper leads it, the VMs are its children (VM 2 through
    // `launcher vm`); it ignores SIGINT itself and prints how each VM exited.
    const vms = [
      [vmBin, '--id', '0', '--config', byHand, '--out', out],
      [vmBin, '--id', '1', '--config', byHand, '--out', out],
      [launcherBin, 'vm', '--id', '2', byHand, '--out', out],
    ];
    const group = track(
      execa(process.execPath, ['-e', groupLeader, JSON.stringify(vms)], { reject: false, detached: true }),
      { group: true },
    );
    try {
      for (const vm of [0, 1, 2]) await waitForRows(join(out, `vm-${vm}.csv`), 10, group);
    } finally {
      ctrlC(group);
    }
    const exits = JSON.parse((await group).stdout) as { pid: number; code: number | null }[];
    expect(exits.map((e) => e.code)).toEqual([130, 130, 130]);
    const rows = await Promise.all([0, 1, 2].map(async (vm) => (await readCsv(join(out, `vm-${vm}.csv`))).rows));
    const stats = await Promise.all([0, 1, 2].map((vm) => readFile(join(out, `vm-${vm}.json`), 'utf8')));
    const pending = stats.map(
      (text) => (JSON.parse(text) as { stats: { pendingAtStop: string[] } }).stats.pendingAtStop,
    );
    for (const vmRows of rows) expectLamportRows(vmRows);
    expectEveryMessageAccounted(rows, pending);
    expect(exits.map((e) => e.pid).filter(isAlive)).toEqual([]);
  });
});

/** Runs each argument list as a node child in this process's group; prints [{pid, code}] once all exited. */
const groupLeader = `
const { spawn } = require('node:child_process');
process.on('SIGINT', () => {});
const kids = JSON.parse(process.argv[1]).map((args) => spawn(process.execPath, args, { stdio: 'ignore' }));
Promise.all(kids.map((kid) => new Promise((resolve) => kid.on('exit', (code) => resolve({ pid: kid.pid, code })))))
  .then((exits) => console.log(JSON.stringify(exits)));
`;
