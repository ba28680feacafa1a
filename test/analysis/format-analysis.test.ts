import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { formatAnalysis } from '../../analysis/format-analysis.js';
import type { RunAnalysis } from '../../analysis/run-analysis.js';
import {
  copyRun,
  fixtureRun,
  manifestVm,
  setAsideRowsOnHost,
  withEarlierRowsOnHost,
  withRowsOnHost,
} from './fixture-runs.js';

async function linesOf(dir: string): Promise<string[]> {
  const result = await analyzeRun(dir);
  if (!result.ok) throw new Error(result.detail);
  return formatAnalysis(result.analysis, 400).split('\n');
}

async function textOf(name: string): Promise<string> {
  const result = await analyzeRun(fixtureRun(name));
  if (!result.ok) throw new Error(result.detail);
  return formatAnalysis(result.analysis, 400);
}

describe('formatAnalysis', () => {
  test('a run line and one row per VM in each table', async () => {
    const lines = (await textOf('basic')).split('\n');
    expect(lines[0]).toBe('run basic: status ok, seed 7, 2 machines, 2 s, 14 rows');
    const drift = lines.findIndex((line) => line.startsWith('vm  drift mean'));
    expect(lines[drift + 1]).toMatch(/^ 0\s+-0\.05\s+-1\s+0\s+0\.07\s+0\s+0\s+0\s+no$/);
    expect(lines[drift + 2]).toMatch(/^ 1\s+-1\.55\s+-4\s+-4\s+-1\.89\s+0\.50\s+1\s+0\.80\s+yes$/);
    const ticks = lines.findIndex((line) => line.startsWith('vm  rate'));
    // ... on time 100% (p99 0.70 ms), achieved 2, ticks 4, receive 3 ...
    expect(lines[ticks + 2]).toMatch(/^ 1\s+2\s+100\.0%\s+0\.70\s+2\s+4\s+3\s+1\s+0\s+1\s+3\s+2\s+0$/);
  });

  test('on time leads: the worst VM in a headline, then the share per VM before the achieved rate', async () => {
    const lines = (await textOf('late-ticks')).split('\n');
    expect(lines).toContain('on time: worst VM 80.0% (vm 0)');
    const ticks = lines.findIndex((line) => line.startsWith('vm  rate'));
    expect(lines[ticks]).toMatch(/^vm\s+rate\s+on time\s+p99 ms\s+achieved\s+ticks\s+receive/);
    expect(lines[ticks + 1]).toMatch(/^ 0\s+10\s+80\.0%\s+120\.50\s+10\s+10\s+0\s/);
    // Percentages line up on the right, like the numbers.
    expect(lines[ticks + 2]).toMatch(/^ 1\s+4\s+100\.0%\s+0\.70\s+4\s+4\s+0\s/);
    expect(
      lines.some((line) => line.startsWith('on time: share of the ticks due (rate x duration, or up to the stop)')),
    ).toBe(true);
  });

  test('VMs tied at the worst on-time share: every VM when all are, else three named and how many more', async () => {
    const [late, basic] = await Promise.all([analyzeRun(fixtureRun('late-ticks')), analyzeRun(fixtureRun('basic'))]);
    if (!late.ok || !basic.ok) throw new Error('fixtures unreadable');
    const worst = late.analysis.vms[0];
    const onTime = basic.analysis.vms[0];
    if (worst === undefined || onTime === undefined) throw new Error('fixture VMs missing');
    const headline = (vms: RunAnalysis['vms']) =>
      formatAnalysis({ ...late.analysis, vms }, 400)
        .split('\n')
        .find((line) => line.startsWith('on time: worst VM'));
    const five = (vm: RunAnalysis['vms'][number]) => [0, 1, 2, 3, 4].map((id) => ({ ...vm, id }));
    expect(headline(five(onTime))).toBe('on time: worst VM 100.0% (every VM)');
    expect(headline([...five(worst), { ...onTime, id: 5 }])).toBe(
      'on time: worst VM 80.0% (vm 0, vm 1, vm 2 and 2 more)',
    );
  });

  test('an interrupted run: when it stopped, and on time counted up to then', async () => {
    const lines = (await textOf('interrupted')).split('\n');
    expect(lines).toContain('stopped by a signal at 1.9 s of 10 s: ticks due, on time and achieved count up to then');
    expect(lines).toContain('on time: worst VM 100.0% (every VM)');
    expect(lines.some((line) => line.includes('ended early'))).toBe(false);
  });

  test('an interrupted run whose manifest does not say when it stopped: due up to each VM`s own last row, said so', async () => {
    const run = await copyRun('interrupted', ({ stoppedAtMs: _, ...m }) => m);
    try {
      const result = await analyzeRun(run.dir);
      if (!result.ok) throw new Error(result.detail);
      const lines = formatAnalysis(result.analysis, 400).split('\n');
      expect(lines).toContain(
        "no instant every VM stopped at (run interrupted): each VM's ticks due, on time and achieved count up to its own stop, its last row (last rows at 1.501 to 1.8 s of 10 s)",
      );
      // Not 20%: the ticks due after each VM stopped were never due before it stopped, so none of them was late.
      expect(lines).toContain('on time: worst VM 100.0% (every VM)');
    } finally {
      await run.remove();
    }
  });

  test('a failed run (a VM killed): each VM on time up to its own last row, said in one line', async () => {
    const lines = (await textOf('ended-early')).split('\n');
    expect(lines).toContain(
      "no instant every VM stopped at (run failed): each VM's ticks due, on time and achieved count up to its own stop, its last row (last rows at 0.601 to 1.8 s of 2 s)",
    );
    expect(lines).toContain('VM 1 ended early: 4 of 10 ticks (exit: killed by SIGKILL)');
    // VM 1's 4 rows ran within a period of their deadlines: 100%, not the 40% of the run's 10 ticks.
    expect(lines).toContain('on time: worst VM 100.0% (every VM)');
    const ticks = lines.findIndex((line) => line.startsWith('vm  rate'));
    expect(lines[ticks + 2]).toMatch(/^ 1\s+5\s+100\.0%\s+0\.70\s+5\s+4\s/);
  });

  test('a failed run whose manifest records each VM`s stop: due up to it, so a VM that stalled before dying is late', async () => {
    // VM 1's last row at 0.6 s, its death seen at 1.5 s: ticks 4-6 (0.8 .. 1.2 s) had their period to run before it
    // and never ran: late; tick 7 (1.4 s) could still have run on time.
    const run = await copyRun('ended-early', (m) => {
      manifestVm(m, 0).stopElapsedMs = 2000;
      manifestVm(m, 1).stopElapsedMs = 1500;
      return m;
    });
    try {
      const lines = await linesOf(run.dir);
      expect(lines).toContain(
        "no instant every VM stopped at (run failed): each VM's ticks due, on time and achieved count up to its own stop, which the launcher recorded (stops at 1.5 to 2 s of 2 s)",
      );
      expect(lines).toContain('VM 1 ended early: 4 of 10 ticks (exit: killed by SIGKILL)');
      expect(lines).toContain('on time: worst VM 57.1% (vm 1)');
    } finally {
      await run.remove();
    }
  });

  test('a stop recorded for some VMs only: theirs, and the last row of the others, named', async () => {
    const run = await copyRun('ended-early', (m) => {
      manifestVm(m, 0).stopElapsedMs = 2000;
      return m;
    });
    try {
      expect(await linesOf(run.dir)).toContain(
        "no instant every VM stopped at (run failed): each VM's ticks due, on time and achieved count up to its own stop, which the launcher recorded (VM 0: stop at 2 s of 2 s), else its last row (VM 1: last row at 0.601 s)",
      );
    } finally {
      await run.remove();
    }
  });

  test('an ok run with a VM an injected kill left down: its ticks after the kill were lost, not late, said in one line', async () => {
    // basic: VM 1 at 2/s for 2 s, killed at 0.6 s after its tick 1 (0.5 s): ticks 2 and 3 were never due.
    const run = await copyRun('basic', (m) => {
      Object.assign(manifestVm(m, 1), { exit: 'killed (injected fault)', stopElapsedMs: 600 });
      return { ...m, config: { ...(m.config as object), faults: { kills: [{ vm: 1, atSecond: 0.6 }] } } };
    });
    try {
      const csv = join(run.dir, 'vm-1.csv');
      await writeFile(csv, (await readFile(csv, 'utf8')).split('\n').slice(0, 3).join('\n').concat('\n'));
      const lines = await linesOf(run.dir);
      expect(lines).toContain(
        'VM 1 was killed by an injected fault at 0.6 s of 2 s: its ticks due, on time and achieved count up to then; the 2 ticks lost with it are not late',
      );
      expect(lines).toContain('on time: worst VM 100.0% (every VM)');
      const ticks = lines.findIndex((line) => line.startsWith('vm  rate'));
      expect(lines[ticks + 2]).toMatch(/^ 1\s+2\s+100\.0%\s+0\.70\s+2\s+2\s/);
    } finally {
      await run.remove();
    }
  });

  test('a VM killed and restarted: the ticks due while it was down were lost with the kill, said in one line', async () => {
    // restarted: VM 1 at 5/s killed at 0.7 s after tick 3, back at 1.3 s: ticks 4..6 (0.8 to 1.2 s) never ran.
    const run = await copyRun('restarted', (m) => {
      manifestVm(m, 1).restarts = [{ killElapsedMs: 700, rejoinElapsedMs: 1300 }];
      return m;
    });
    try {
      const lines = await linesOf(run.dir);
      expect(lines).toContain(
        'VM 1 was killed by an injected fault and restarted: down from 0.7 s to 1.3 s of 2 s; the 3 ticks due meanwhile were lost with it, not late',
      );
      expect(lines).toContain('on time: worst VM 100.0% (every VM)');
      expect(lines.filter((line) => line.includes('lost with it are not late'))).toEqual([]);
    } finally {
      await run.remove();
    }
  });

  test('a manifest that does not record the restart (an older launcher): its down time is due, as before', async () => {
    const lines = (await textOf('restarted')).split('\n');
    expect(lines.filter((line) => line.includes('down from'))).toEqual([]);
    expect(lines).toContain('on time: worst VM 70.0% (vm 1)');
  });

  test('a run no VM logged a row in: what happened to each VM, and no tables of zeros', async () => {
    expect((await textOf('never-started')).split('\n')).toEqual([
      'run never-started: status failed (VM 1 could not start (port-in-use: 127.0.0.1:40001: EADDRINUSE)), seed 7, 2 machines, 2 s, 0 rows',
      'VM 0 ended early: 0 of 10 ticks (exit: stopped before the start)',
      'VM 1 ended early: 0 of 10 ticks (exit: stopped before the start)',
      'VM 0: no CSV (left out; run the checker for details)',
      'VM 1: no CSV (left out; run the checker for details)',
      'no figures: no VM logged a row',
    ]);
  });

  test('says which VM ended early and that its CSV was cut', async () => {
    const text = await textOf('ended-early');
    expect(text).toContain('status failed (VM 1 exited (killed by SIGKILL))');
    expect(text).toContain('VM 1 ended early: 4 of 10 ticks (exit: killed by SIGKILL)');
    expect(text).toContain('VM 1: a cut last line');
  });
});

describe("formatAnalysis of a run whose host kept a restarted VM's first life's rows", () => {
  test('one line saying where; --json holds the manifest record', async () => {
    const run = await copyRun('basic', withEarlierRowsOnHost);
    try {
      const result = await analyzeRun(run.dir);
      if (!result.ok) throw new Error(result.detail);
      expect(result.analysis.vms[1]?.earlierRowsOnHost).toEqual([setAsideRowsOnHost]);
      expect(result.analysis.vms[0] !== undefined && 'earlierRowsOnHost' in result.analysis.vms[0]).toBe(false);
      const lines = formatAnalysis(result.analysis, 400).split('\n');
      expect(lines.filter((line) => line.includes('stay on host'))).toEqual([
        'VM 1: the rows its life 1 wrote from byte 321 of its CSV on are not in the run folder (its life 2 went on from that byte there): they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.life-1.csv (the answer was not base64)',
      ]);
    } finally {
      await run.remove();
    }
  });
});

describe('formatAnalysis of a run whose lost host kept rows', () => {
  test("one line saying where the VM's rows that never arrived stay; --json holds the manifest's record", async () => {
    const run = await copyRun('basic', withRowsOnHost);
    try {
      const result = await analyzeRun(run.dir);
      if (!result.ok) throw new Error(result.detail);
      expect(result.analysis.vms[1]?.rowsOnHost).toMatchObject({ host: 'h2', fromByte: 321 });
      expect(result.analysis.vms[0] !== undefined && 'rowsOnHost' in result.analysis.vms[0]).toBe(false);
      const lines = formatAnalysis(result.analysis, 400).split('\n');
      expect(lines.filter((line) => line.includes('stay on host'))).toEqual([
        'VM 1: its rows from byte 321 of its CSV are not in the run folder: they stay on host h2 in /opt/clocklab/logs/.remote-basic/vm-1.csv (no answer from the host in 10 s)',
      ]);
    } finally {
      await run.remove();
    }
  });
});
