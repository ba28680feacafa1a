/**
 * manifest-status on fixture runs whose manifest's status, reason or stoppedAtMs was edited by hand: each one line
 * naming the field, what was found and what was expected; and the endings a launcher or the sim writes stay valid.
 */
import { describe, expect, test } from '@jest/globals';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { checkRun } from '../../analysis/check-run.js';
import { formatCheck } from '../../analysis/format-check.js';
import { manifestStatusFindings } from '../../analysis/manifest-status.js';
import { readRunManifest } from '../../run-folder/run-manifest.js';
import { copyRun, fixtureRun, manifestVm, vm1 } from './fixture-runs.js';

type Json = Record<string, unknown>;

/** The lines `launcher check` prints for `fixture` edited by `edit`, and `analyze`'s first finding of its own. */
async function checked(fixture: string, edit: (m: Json) => Json): Promise<{ lines: string[]; analyzed: string }> {
  const run = await copyRun(fixture, edit);
  try {
    const lines = formatCheck(await checkRun(run.dir)).filter((line) => line.startsWith('manifest-status: '));
    const analysis = await analyzeRun(run.dir);
    if (!analysis.ok) throw new Error(`unreadable: ${analysis.detail}`);
    const first = analysis.analysis.rowVerdict.first;
    return { lines, analyzed: first === null ? 'none' : `${first.rule} ${first.found}` };
  } finally {
    await run.remove();
  }
}

/** The findings on `fixture` edited by `edit`, straight from the rule. */
async function findings(fixture: string, edit: (m: Json) => Json = (m) => m) {
  const run = await copyRun(fixture, edit);
  try {
    const read = await readRunManifest(run.dir);
    if (!read.ok) throw new Error(read.detail);
    return manifestStatusFindings(read.facts).map((v) => [v.vm, v.found, v.expected]);
  } finally {
    await run.remove();
  }
}

const withoutReason = ({ reason: _, ...m }: Json): Json => m;
const okRule =
  "failed or interrupted (an ok run's VMs each end done at its end, or down from an injected kill of the config)";

describe('manifest-status: a status edited by hand', () => {
  test('a failed run edited to ok, its reason removed: found by check and by analyze', async () => {
    const { lines, analyzed } = await checked('ended-early', (m) => ({ ...withoutReason(m), status: 'ok' }));
    expect(lines).toEqual([
      `manifest-status: manifest.json: found status ok, but VM 1's exit is "killed by SIGKILL"; expected ${okRule}`,
    ]);
    expect(analyzed).toBe(`manifest-status status ok, but VM 1's exit is "killed by SIGKILL"`);
  });

  test('an interrupted run edited to ok, its reason and stoppedAtMs removed', async () => {
    const { lines, analyzed } = await checked('interrupted', (m) => {
      const { stoppedAtMs: _, ...rest } = withoutReason(m);
      return { ...rest, status: 'ok' };
    });
    expect(lines).toEqual([
      `manifest-status: manifest.json: found status ok, but VM 0 stopped early (stoppedEarly true) (1 other VM did not end done at the run's end either); expected ${okRule}`,
    ]);
    expect(analyzed).toMatch(/^manifest-status status ok, but VM 0 stopped early/);
  });

  test('a run that ended ok edited to failed with an invented reason', async () => {
    const { lines, analyzed } = await checked('basic', (m) => ({ ...m, status: 'failed', reason: 'VM 1 exploded' }));
    expect(lines).toEqual([
      'manifest-status: manifest.json: found status failed (reason "VM 1 exploded"); expected ok or interrupted: no VM was killed, died or stopped on its own (each ended done, at the run\'s end or at a stop the launcher set, or down from an injected kill with no restart planned)',
    ]);
    expect(analyzed).toBe('manifest-status status failed (reason "VM 1 exploded")');
  });

  test('a run that ended ok edited to interrupted, without the stoppedAtMs a signal records', async () => {
    expect(await findings('basic', (m) => ({ ...m, status: 'interrupted', reason: 'stopped by a signal' }))).toEqual([
      [
        0,
        'status interrupted (reason "stopped by a signal") and no stoppedAtMs',
        "status ok: no VM was killed, died or stopped on its own (each ended done at the run's end, or down from an injected kill with no restart planned)",
      ],
    ]);
  });

  test("an interrupted run's stoppedAtMs removed, its VMs' told stops recorded", async () => {
    const edit = (m: Json): Json => {
      for (const id of [0, 1]) manifestVm(m, id).stopElapsedMs = 1900;
      const { stoppedAtMs: _, ...rest } = m;
      return rest;
    };
    expect(await findings('interrupted', edit)).toEqual([
      [
        0,
        'status interrupted (reason "stopped by a signal to the launcher") and no stoppedAtMs',
        "the stoppedAtMs of the signal's stop (VM 0's stopElapsedMs 1900 ms): no VM was killed, died or stopped on its own",
      ],
    ]);
  });

  test('a reason removed from a failed run, or added to an ok one', async () => {
    expect(await findings('ended-early', withoutReason)).toEqual([
      [0, 'status failed and no reason', 'a reason saying why'],
    ]);
    expect(await findings('basic', (m) => ({ ...m, reason: 'fine' }))).toEqual([
      [
        0,
        'status ok with reason "fine"',
        'no reason (the launcher writes one only for a run that failed or was interrupted)',
      ],
    ]);
  });

  test('an ok run whose VM stopped before the end, or is down from a kill the config never made', async () => {
    expect(await findings('basic', vm1({ stopElapsedMs: 1200 }))).toEqual([
      [1, "status ok, but VM 1 stopped at stopElapsedMs 1200 ms, before the run's end at 2000 ms", okRule],
    ]);
    expect(await findings('basic', vm1({ exit: 'killed (injected fault)' }))).toEqual([
      [1, `status ok, but VM 1's exit is "killed (injected fault)" and the config kills no VM 1`, okRule],
    ]);
  });
});

describe('manifest-status: the endings a launcher writes', () => {
  test('every valid fixture of each status holds', async () => {
    for (const fixture of ['basic', 'interrupted', 'ended-early', 'restarted', 'kept-rows', 'never-started']) {
      const read = await readRunManifest(fixtureRun(fixture));
      if (!read.ok) throw new Error(read.detail);
      expect([fixture, manifestStatusFindings(read.facts)]).toEqual([fixture, []]);
    }
  });

  test('ok with a VM an injected kill left down, its restart given up at the stop; at the end to the microsecond', async () => {
    expect(
      await findings('basic', (m) => {
        m.config = { ...(m.config as Json), faults: { kills: [{ vm: 1, atSecond: 1, restartAfterSeconds: 0.9 }] } };
        Object.assign(manifestVm(m, 1), { exit: 'killed (injected fault)', stoppedEarly: true, stopElapsedMs: 1000 });
        manifestVm(m, 0).stopElapsedMs = 2000.0004;
        return m;
      }),
    ).toEqual([]);
  });

  test('failed as a restart failed: the VM down from its kill, every other VM done at the end', async () => {
    expect(
      await findings('basic', (m) => {
        m.config = { ...(m.config as Json), faults: { kills: [{ vm: 1, atSecond: 1, restartAfterSeconds: 0.9 }] } };
        Object.assign(manifestVm(m, 1), { exit: 'killed (injected fault)', stoppedEarly: true, stopElapsedMs: 1000 });
        return { ...m, status: 'failed', reason: 'VM 1 could not restart (port-in-use: ...)' };
      }),
    ).toEqual([]);
  });

  test('interrupted without stoppedAtMs: VMs stopped on their own (a launcher suspended), or killed by a second signal', async () => {
    const suspended = (m: Json): Json => {
      for (const id of [0, 1]) manifestVm(m, id).stoppedEarly = true;
      return { ...m, status: 'interrupted', reason: 'the launcher was stopped or stalled for 21 s; ...' };
    };
    expect(await findings('basic', suspended)).toEqual([]);
    const killed = (m: Json): Json => {
      for (const id of [0, 1]) Object.assign(manifestVm(m, id), { exit: 'killed by SIGKILL', stoppedEarly: true });
      return { ...m, status: 'interrupted', reason: 'killed at once by a second signal to the launcher' };
    };
    expect(await findings('basic', killed)).toEqual([]);
  });
});
