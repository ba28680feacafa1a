/** The wait for every VM to reach a phase, on a fake clock: when its deadline judges, and when it does not yet. */
import { describe, expect, test } from '@jest/globals';
import { type Phase, RunPhases } from '../../launcher/run-phases.js';
import { finishGraceMs } from '../../launcher/stop-in-order.js';
import { FakeTimer } from '../fake-timer.js';
import { figures } from './fake-vm-transport.js';

function phases() {
  const timer = new FakeTimer(0);
  const late: string[] = [];
  const run = new RunPhases([0, 1], timer, {
    isGone: () => false,
    failed: () => late.length > 0,
    late: (phase: Phase, detail: string) => {
      late.push(`${phase}: ${detail}`);
      run.wake();
    },
    nameOf: (id) => `VM ${id}`,
  });
  return { timer, late, run };
}

describe('RunPhases.until', () => {
  test('its deadline on time: the VMs not there are named at once, as the phase says', async () => {
    const { timer, late, run } = phases();
    run.done(0, figures(0));
    const waited = run.until('done', 10_000, "15 s after the run's stop instant");
    timer.advanceTo(10_000);
    expect(await waited).toBe(false);
    expect(late).toEqual(["done: VM 1 not done 15 s after the run's stop instant"]);
  });

  test('its deadline fires 60 s late (the launcher stopped past it, then fg): the VMs get a fresh finish grace', async () => {
    const { timer, late, run } = phases();
    const waited = run.until('done', 10_000, "15 s after the run's stop instant");
    timer.time = 70_000; // stopped from before 10 s to 70 s: the deadline's timer fires now
    timer.advanceTo(70_000);
    timer.advanceTo(70_000 + finishGraceMs - 1);
    expect(late).toEqual([]);
    // The VMs' done, queued behind their rows while the launcher stood still, is read within the grace.
    run.done(0, figures(0));
    run.done(1, figures(1));
    run.wake();
    expect(await waited).toBe(true);
    expect(timer.pending).toBe(0);
  });

  test('a VM still not done a fresh grace after the stall: named, with why the deadline moved', async () => {
    const { timer, late, run } = phases();
    run.done(1, figures(1));
    const waited = run.until('done', 10_000, "15 s after the run's stop instant");
    timer.time = 70_000;
    timer.advanceTo(70_000 + finishGraceMs);
    expect(await waited).toBe(false);
    expect(late).toEqual(['done: VM 0 not done 15 s after the launcher resumed from a stall past its deadline']);
  });

  test('a start phase late past its deadline gets its own timeout again, not the finish grace', async () => {
    const { timer, late, run } = phases();
    run.listening(0, 7000);
    const waited = run.until('listening', 20_000);
    timer.time = 50_000;
    timer.advanceTo(50_000 + finishGraceMs);
    expect(late).toEqual([]);
    timer.advanceTo(70_000);
    expect(await waited).toBe(false);
    expect(late).toEqual([
      'listening: VM 1 not listening 20 s after the launcher resumed from a stall past its deadline',
    ]);
  });
});
