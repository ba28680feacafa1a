import { describe, expect, test } from '@jest/globals';
import type { VmAnalysis } from '../../analysis/run-analysis.js';
import { afterRun } from '../../cli/after-run.js';
import { lateTicksWarning } from '../../cli/late-ticks-warning.js';
import { copyRun } from '../analysis/fixture-runs.js';
import { vmAnalysis } from '../experiment/analysis-fixture.js';

const noFaults = { pausedVms: [], kills: false };

/** afterRun's lines, as the CLI would print them to stdout (out) and stderr (err). */
async function afterRunLines(dir: string): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  await afterRun(dir, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { out, err };
}

/** A VM at 100/s whose late figures are given; everything else does not matter here. */
const vm = (id: number, share: number, p99Ms = 2, maxMs = 5): VmAnalysis =>
  vmAnalysis(id, {
    rate: 100,
    achieved: 100,
    jumps: [1],
    drift: { mean: 0, worst: 0 },
    queue: { mean: 0, max: 0 },
    late: { ticks: Math.round(share * 1000), share, p99Ms, maxMs },
  });

describe('lateTicksWarning', () => {
  test('no VM over 1% of its ticks late (1% itself included): no warning', () => {
    expect(lateTicksWarning([vm(0, 0), vm(1, 0.01)], noFaults)).toBeNull();
  });

  test('names the VM with the largest late share, its p99 and worst lateness, and what helps', () => {
    const vms = [vm(0, 0.02, 40, 90), vm(12, 0.06, 31.2, 73.4), vm(3, 0.011)];
    expect(lateTicksWarning(vms, noFaults)).toBe(
      'warning: VM 12 ran 6.0% of its ticks more than one period late (p99 31 ms, worst 73 ms) and 2 other VMs ' +
        'over 1% (VM 0 2.0%, VM 3 1.1%): this machine did not keep up, so timing figures (drift, jumps) are less ' +
        'faithful; fewer VMs, lower clock rates or a lower --speed help',
    );
  });

  test('with many VMs late, the count of the others and the worst three (one VM named alone read as the only one)', () => {
    const vms = [vm(0, 0.9), ...[1, 2, 3, 4, 5].map((id) => vm(id, 0.5 + id / 100)), vm(6, 0.001)];
    expect(lateTicksWarning(vms, noFaults)).toMatch(
      /^warning: VM 0 ran 90\.0% of .* late \(p99 2\.0 ms, worst 5\.0 ms\) and 5 other VMs over 1% \(VM 5 55\.0%, VM 4 54\.0%, VM 3 53\.0%, \.\.\.\): this machine/,
    );
  });

  test('small lateness keeps a decimal; an equal share is broken by the larger p99', () => {
    const warning = lateTicksWarning([vm(0, 0.063, 1.36, 6.165), vm(1, 0.063, 1.41, 8.6)], noFaults);
    expect(warning).toMatch(
      /^warning: VM 1 ran 6\.3% of its ticks more than one period late \(p99 1\.4 ms, worst 8\.6 ms\)/,
    );
  });

  test('a run with injected pauses or kills says they add to it', () => {
    const warning = lateTicksWarning([vm(0, 0.05), vm(1, 0.02)], { pausedVms: [], kills: true });
    expect(warning).toContain('(the injected pauses and kills add to this: a paused VM runs late by design');
    expect(warning).toContain('VM 0 ran 5.0%');
  });

  test('with two paused VMs over 1%, the other is named, not said to be on time', () => {
    const warning = lateTicksWarning([vm(0, 0.3, 150, 400), vm(1, 0.133), vm(2, 0.005)], {
      pausedVms: [0, 1],
      kills: false,
    });
    expect(warning).toMatch(
      /: it was paused by an injected fault, so they ran late by design; no VM that was not paused ran over 1% of its ticks that late \(paused too: VM 1 13\.3%\)$/,
    );
  });

  test('a paused VM is named only when no other VM is over 1%, and then as late by design', () => {
    const paused = { pausedVms: [0], kills: false };
    expect(lateTicksWarning([vm(0, 0.3), vm(1, 0.02)], paused)).toMatch(/^warning: VM 1 ran 2\.0% .*did not keep up/);
    expect(lateTicksWarning([vm(0, 0.3, 150, 400), vm(1, 0.005)], paused)).toBe(
      'warning: VM 0 ran 30.0% of its ticks more than one period late (p99 150 ms, worst 400 ms): it was paused by ' +
        'an injected fault, so they ran late by design; no other VM ran over 1% of its ticks that late',
    );
  });
});

describe('launcher run prints the warning on stderr after the run (afterRun)', () => {
  test('for a run folder with late ticks (late-ticks: VM 0 ran 2 of 10 late)', async () => {
    const run = await copyRun('late-ticks');
    try {
      const { out, err } = await afterRunLines(run.dir);
      expect(out.filter((line) => line.includes('late'))).toEqual([]);
      expect(err).toEqual([
        expect.stringMatching(
          /^warning: VM 0 ran 20\.0% of its ticks more than one period late \(p99 121 ms, worst 121 ms\): this machine did not keep up/,
        ),
      ]);
    } finally {
      await run.remove();
    }
  });

  test('naming the pause when the config paused that VM', async () => {
    const run = await copyRun('late-ticks', (m) => ({
      ...m,
      config: { ...(m.config as object), faults: { pauses: [{ vm: 0, atSecond: 0.3, forSeconds: 0.2 }] } },
    }));
    try {
      const { err } = await afterRunLines(run.dir);
      expect(err).toEqual([
        expect.stringContaining(
          'VM 0 ran 20.0% of its ticks more than one period late (p99 121 ms, worst 121 ms): it was paused',
        ),
      ]);
    } finally {
      await run.remove();
    }
  });

  test('and not for one whose ticks all ran within a period (basic)', async () => {
    const run = await copyRun('basic');
    try {
      const { out, err } = await afterRunLines(run.dir);
      expect(out.some((line) => line.startsWith('summary: '))).toBe(true);
      expect({ late: out.filter((line) => line.includes('late')), err }).toEqual({ late: [], err: [] });
    } finally {
      await run.remove();
    }
  });
});
