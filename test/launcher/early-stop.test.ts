/**
 * Ending a run early (early-stop.ts) through the supervisor, with fake VMs and a fake clock: when an interrupt stops
 * anything, the stop instant the run keeps, and a second signal.
 */
import { describe, expect, test } from '@jest/globals';
import { killedBeforeTheStop } from '../../launcher/early-stop.js';
import { finishGraceMs } from '../../launcher/stop-in-order.js';
import { deafToStop, obedient, settle } from './fake-vm-transport.js';
import { finishAll, startAt, stopAt, supervise } from './supervised-run.js';

describe('early stop: interrupt and second signal', () => {
  test('interrupt: every VM is told to stop at the same instant just ahead, exactly once, and no VM is killed', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(startAt + 4000);
    run.supervisor.interrupt();
    run.supervisor.interrupt();
    const outcome = await run.running;
    // The instant told is in the outcome: the manifest records it (as experiment time) for the analysis.
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'interrupted',
      startEpochMs: startAt,
      stopEpochMs: startAt + 4000 + 50,
    });
    for (const vm of run.transport.lives) {
      expect({ vm: vm.id, stops: vm.received.filter((m) => m.type === 'stop') }).toEqual({
        vm: vm.id,
        stops: [{ type: 'stop', atEpochMs: startAt + 4000 + 50 }],
      });
      // SIGCONT first: a VM paused by an injected fault must run to stop in order.
      expect({ vm: vm.id, signals: vm.signals }).toEqual({ vm: vm.id, signals: ['SIGCONT'] });
    }
    expect(outcome.stats.filter((s) => s?.stoppedEarly !== true)).toEqual([]);
  });

  test('interrupt after the stop instant, VMs still ending their links: the ticks are complete, the run is ok', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(stopAt + 40);
    run.supervisor.interrupt();
    await settle();
    expect(run.outcome()).toBeUndefined();
    finishAll(run.transport, [0, 1, 2]);
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: true, startEpochMs: startAt });
    expect(outcome.stats.map((s) => s?.stoppedEarly)).toEqual([false, false, false]);
    // Nothing to stop: no stop message, no signal, the VMs end as they would have.
    expect(run.transport.lives.flatMap((vm) => vm.types.filter((type) => type === 'stop'))).toEqual([]);
    expect(run.transport.lives.flatMap((vm) => vm.signals)).toEqual([]);
  });

  test('interrupt just before the stop instant: too late when its stop would cut no tick of any VM, as the VMs judge it', async () => {
    const lead = 50; // the stop lead for 3 VMs
    const lastTick = startAt + 9900; // tick 99 of 100 at 10/s; the one after it is due at the run's stop
    const late = supervise();
    await settle();
    // The stop would come a microsecond after the last deadline: every tick would still run.
    late.timer.advanceTo(lastTick - lead + 0.002);
    expect(late.supervisor.interrupt()).toBe('ticks-complete');
    late.timer.advanceTo(stopAt);
    finishAll(late.transport, [0, 1, 2]);
    expect(await late.running).toMatchObject({ ok: true });
    expect(late.transport.lives.flatMap((vm) => vm.types.filter((type) => type === 'stop'))).toEqual([]);

    const inTime = supervise();
    await settle();
    // The stop would come at the last deadline itself: that tick does not run, so the run is stopped.
    inTime.timer.advanceTo(lastTick - lead);
    expect(inTime.supervisor.interrupt()).toBe('stopping');
    expect(await inTime.running).toMatchObject({ ok: false, reason: 'interrupted', stopEpochMs: lastTick });
    for (const vm of inTime.transport.lives) expect(vm.received.at(-1)).toEqual({ type: 'stop', atEpochMs: lastTick });
  });

  test('interrupt at a slow rate, 1.9 s before the end: its stop would cut no tick, so the run ends ok', async () => {
    // 0.5/s: ticks due every 2 s; the last one before the stop at 10 s is at 8 s.
    const slow = { script: obedient, rates: [0.5, 0.5, 0.5] };
    const late = supervise(slow);
    await settle();
    late.timer.advanceTo(stopAt - 1900);
    expect(late.supervisor.interrupt()).toBe('ticks-complete');
    late.timer.advanceTo(stopAt);
    finishAll(late.transport, [0, 1, 2]);
    expect(await late.running).toMatchObject({ ok: true });

    // One VM at 10/s still has ticks due before the end: the same instant stops the run.
    const mixed = supervise({ script: obedient, rates: [0.5, 10, 0.5] });
    await settle();
    mixed.timer.advanceTo(stopAt - 1900);
    expect(mixed.supervisor.interrupt()).toBe('stopping');
    expect(await mixed.running).toMatchObject({ ok: false, reason: 'interrupted', stopEpochMs: stopAt - 1900 + 50 });
  });

  test('after an interrupt that came too late to stop anything, a second signal still kills every VM at once', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(stopAt + 40);
    run.supervisor.interrupt();
    run.supervisor.forceStop();
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: false, reason: 'killed' });
    expect(run.transport.lives.map((vm) => vm.signals)).toEqual([['SIGKILL'], ['SIGKILL'], ['SIGKILL']]);
  });

  test('after an interrupt that came too late to stop anything, a VM that dies unreported still fails the run', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(stopAt + 40);
    run.supervisor.interrupt();
    finishAll(run.transport, [0, 2]);
    run.transport.vm(1).exit({ code: 1 });
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'vm-exited',
      detail: 'VM 1 exited with code 1 before the run ended',
    });
  });

  test('interrupt before the start: nothing ticked, so every VM is killed at once', async () => {
    const run = supervise({ script: () => {} });
    await settle();
    expect(run.supervisor.interrupt()).toBe('not-started');
    const outcome = await run.running;
    expect([...run.supervisor.stoppedBeforeStart]).toEqual([0, 1, 2]);
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'interrupted',
      startEpochMs: undefined,
      stopEpochMs: undefined,
    });
    expect(run.transport.lives.map((vm) => vm.signals)).toEqual([['SIGKILL'], ['SIGKILL'], ['SIGKILL']]);
  });

  test('VMs that never answer the stop are killed after the finish grace', async () => {
    const run = supervise({ script: deafToStop });
    await settle();
    run.supervisor.interrupt();
    await settle();
    expect(run.outcome()).toBeUndefined();
    run.timer.advanceTo(run.timer.time + finishGraceMs);
    const outcome = await run.running;
    expect(outcome).toMatchObject({ reason: 'interrupted' });
    expect(run.transport.lives.map((vm) => vm.signals.at(-1))).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
  });

  test('force stop after an interrupt, in the stop`s lead: every VM is killed at once before the instant told, so none is claimed', async () => {
    const run = supervise({ script: deafToStop });
    await settle();
    run.supervisor.interrupt();
    await settle();
    run.supervisor.forceStop();
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: false, reason: 'killed', detail: killedBeforeTheStop, stopEpochMs: undefined });
    expect(run.transport.lives.map((vm) => vm.signals)).toEqual([
      ['SIGCONT', 'SIGKILL'],
      ['SIGCONT', 'SIGKILL'],
      ['SIGCONT', 'SIGKILL'],
    ]);
    expect(run.timer.pending).toBe(0);
  });

  test('force stop after the stop instant (VMs still ending): the instant told was reached, the run stays interrupted', async () => {
    const run = supervise({ script: deafToStop });
    await settle();
    run.timer.advanceTo(startAt + 4000);
    run.supervisor.interrupt();
    await settle();
    run.timer.advanceTo(startAt + 4000 + 50);
    run.supervisor.forceStop();
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: false, reason: 'interrupted', stopEpochMs: startAt + 4000 + 50 });
    expect(run.transport.lives.map((vm) => vm.signals)).toEqual([
      ['SIGCONT', 'SIGKILL'],
      ['SIGCONT', 'SIGKILL'],
      ['SIGCONT', 'SIGKILL'],
    ]);
  });
});
