/**
 * Each VM's stop instant, as the supervisor records it for the manifest (stopElapsedMs), on every path a run ends by:
 * fake VMs and a fake clock, so each instant is exact.
 */
import { describe, expect, test } from '@jest/globals';
import type { FaultConfig } from '../../config/fault-config.js';
import { finishGraceMs } from '../../launcher/stop-in-order.js';
import { VmStopInstants } from '../../launcher/vm-stop-instants.js';
import { FakeTimer } from '../fake-timer.js';
import { deafToStop, finish, obedient, type Script, settle } from './fake-vm-transport.js';
import { durationMs, finishAll, killAndRestartVm1, startAt, stopAt, supervise } from './supervised-run.js';

const stops = (run: ReturnType<typeof supervise>) => [0, 1, 2].map((id) => run.supervisor.stopElapsedMs(id));
const exitsSeen = (run: ReturnType<typeof supervise>) => [0, 1, 2].map((id) => run.supervisor.exitSeenElapsedMs(id));

/** The stop instant a stop sent at `sentAt` names: 50 ms ahead for 3 VMs (stop-in-order.ts). */
const stopLead = 50;

const killVm2At1s: FaultConfig = {
  links: [],
  partitions: [],
  pauses: [],
  kills: [{ vm: 2, atSecond: 1, clock: 'kept' }],
};

describe('each VM`s stop instant', () => {
  test('a run that ends ok: every VM stopped at the run`s stop', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 1, 2]);
    await run.running;
    expect(stops(run)).toEqual([durationMs, durationMs, durationMs]);
  });

  test('an injected kill without a restart: that VM stopped at the kill, the others at the run`s stop', async () => {
    const run = supervise({ faults: killVm2At1s, exitsSeenAtOnce: true });
    await settle();
    run.timer.advanceTo(startAt + 1000);
    await settle();
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 1]);
    expect((await run.running).ok).toBe(true);
    expect(stops(run)).toEqual([durationMs, durationMs, 1000]);
    // The kill is stamped as it is sent: the stop is the instant, whenever its exit was seen.
    expect(exitsSeen(run)).toEqual([undefined, undefined, undefined]);
  });

  test('an injected kill and restart: the VM`s last life ran to the run`s stop', async () => {
    const run = supervise({ faults: killAndRestartVm1 });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    const restarted = run.transport.nextStart();
    run.timer.advanceTo(startAt + 3000);
    await restarted;
    await settle();
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 1, 2]);
    expect((await run.running).ok).toBe(true);
    expect(stops(run)).toEqual([durationMs, durationMs, durationMs]);
    // Down from the kill to the new life's rejoin (handed the running window), for the manifest's restarts.
    expect([0, 1, 2].map((id) => run.supervisor.restarts(id))).toEqual([
      [],
      [{ killElapsedMs: 2000, rejoinElapsedMs: 3000 }],
      [],
    ]);
  });

  test('a restart that could not begin: the VM stopped at the kill, the others at the stop the failure told them', async () => {
    const run = supervise({ faults: killAndRestartVm1 });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    run.transport.failNextStart = new Error('spawn node ENOENT');
    run.timer.advanceTo(startAt + 3000);
    expect(await run.running).toMatchObject({ ok: false, reason: 'restart-failed' });
    expect(stops(run)).toEqual([3000 + stopLead, 2000, 3000 + stopLead]);
    // No new life came back: no restart, the kill is the VM's stop.
    expect(run.supervisor.restarts(1)).toEqual([]);
  });

  test('a restart whose new life died before it rejoined (its port taken): the VM stopped at the kill', async () => {
    let vm1Lives = 0;
    const script: Script = (vm, message) => {
      if (vm.id === 1 && message.type === 'init' && ++vm1Lives === 2) return vm.exit({ code: 1 });
      obedient(vm, message);
    };
    const run = supervise({ faults: killAndRestartVm1, exitsSeenAtOnce: true, script });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    const restarted = run.transport.nextStart();
    run.timer.advanceTo(startAt + 3000);
    await restarted;
    await run.running;
    expect(stops(run)[1]).toBe(2000);
  });

  test('a local VM that died mid-run: it stopped when its exit was seen; the others at the stop they were told', async () => {
    const run = supervise({ exitsSeenAtOnce: true });
    await settle();
    run.timer.advanceTo(startAt + 3000);
    run.transport.vm(1).exit({ signal: 'SIGKILL' });
    expect(await run.running).toMatchObject({ ok: false, reason: 'vm-exited' });
    expect(stops(run)).toEqual([3000 + stopLead, 3000, 3000 + stopLead]);
    // It died unkilled by the launcher: its stop is only the latest it can be, and the manifest says so.
    expect(exitsSeen(run)).toEqual([undefined, 3000, undefined]);
  });

  test('a remote VM that died mid-run: its exit comes late over ssh, so its stop is not known', async () => {
    const run = supervise({ exitsSeenAtOnce: false });
    await settle();
    run.timer.advanceTo(startAt + 3000);
    run.transport.vm(1).exit({ signal: 'SIGKILL' });
    await run.running;
    expect(stops(run)).toEqual([3000 + stopLead, undefined, 3000 + stopLead]);
    expect(exitsSeen(run)).toEqual([undefined, undefined, undefined]);
  });

  test('a VM that never answers the stop, killed after the grace: it stopped at the stop it was told', async () => {
    const run = supervise({ exitsSeenAtOnce: true, script: (vm, m) => (vm.id === 2 ? deafToStop : obedient)(vm, m) });
    await settle();
    run.timer.advanceTo(startAt + 3000);
    run.transport.vm(1).exit({ code: 1 });
    await settle();
    run.timer.advanceTo(startAt + 3000 + finishGraceMs);
    await run.running;
    expect(run.transport.vm(2).signals).toEqual(['SIGCONT', 'SIGKILL']);
    expect(stops(run)).toEqual([3000 + stopLead, 3000, 3000 + stopLead]);
    // VM 2's end was the launcher's kill: its stop is known, no exit seen stands for it.
    expect(exitsSeen(run)).toEqual([undefined, 3000, undefined]);
  });

  test('a second signal in the stop`s lead: every VM stopped where it was killed, before the stop told', async () => {
    const run = supervise({ script: deafToStop });
    await settle();
    run.timer.advanceTo(startAt + 1000);
    run.supervisor.interrupt();
    await settle();
    run.timer.advanceTo(startAt + 1020);
    run.supervisor.forceStop();
    expect(await run.running).toMatchObject({ ok: false, reason: 'killed' });
    expect(stops(run)).toEqual([1020, 1020, 1020]);
    expect(exitsSeen(run)).toEqual([undefined, undefined, undefined]);
  });

  test('an interrupt: every VM that reports stopped early stopped at the stop it was told', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(startAt + 1000);
    run.supervisor.interrupt();
    await run.running;
    expect(stops(run)).toEqual([1000 + stopLead, 1000 + stopLead, 1000 + stopLead]);
  });

  test('VMs that stopped early on their own, unheard (remote): when, only they know', async () => {
    const run = supervise();
    await settle();
    const failure = { reason: 'suspended' as const, detail: 'the launcher was stopped or stalled for 42 s; ...' };
    run.transport.silenceCut = () => ({ failure, sinceEpochMs: startAt + 1_000 });
    await run.timer.wakeAt(stopAt + finishGraceMs + 30_000, async () => {
      await settle();
      for (const id of [0, 1]) finish(run.transport.vm(id), { stoppedEarly: true });
      finish(run.transport.vm(2));
      await settle();
    });
    await run.running;
    // VM 2 heard no stop before the run's own: it ran to it.
    expect(stops(run)).toEqual([undefined, undefined, durationMs]);
  });

  test('a run that failed before its start: no VM ticked, none has a stop', async () => {
    const run = supervise({
      exitsSeenAtOnce: true,
      script: (vm, message) => (vm.id === 2 && message.type === 'init' ? vm.exit({ code: 1 }) : obedient(vm, message)),
    });
    await run.running;
    expect(stops(run)).toEqual([undefined, undefined, undefined]);
  });
});

describe('VmStopInstants', () => {
  const window = { startEpochMs: 1000, stopEpochMs: 11_000 };
  const dead = { figures: undefined, silenceCut: false };

  test('a life`s first kill ended it; a new life forgets what ended the one before', () => {
    const timer = new FakeTimer(3000);
    const instants = new VmStopInstants(() => timer.now(), true);
    instants.killed(0);
    timer.time = 3500;
    instants.killed(0);
    instants.exited(0);
    expect(instants.stopElapsedMs(0, window, dead)).toBe(2000);
    // Its exit followed the launcher's own kill: the kill is the stop, no exit seen stands for it.
    expect(instants.exitSeenElapsedMs(0, window, dead)).toBeUndefined();
    instants.started(0);
    expect(instants.stopElapsedMs(0, window, dead)).toBeUndefined();
  });

  test('never before the start, never past the run`s stop, to the microsecond', () => {
    const timer = new FakeTimer(500);
    const instants = new VmStopInstants(() => timer.now(), true);
    instants.exited(0);
    timer.time = 20_000;
    instants.exited(1);
    timer.time = 1234.5678;
    instants.exited(2);
    expect([0, 1, 2].map((id) => instants.stopElapsedMs(id, window, dead))).toEqual([0, 10_000, 234.568]);
    expect(instants.stopElapsedMs(2, undefined, dead)).toBeUndefined();
  });
});

describe('the restarts recorded for the manifest', () => {
  const window = { startEpochMs: 10_000, stopEpochMs: 16_000 };
  const instants = (events: [number, 'killed' | 'started'][]) => {
    let now = 0;
    const stops = new VmStopInstants(() => now, true);
    for (const [at, event] of events) {
      now = at;
      stops[event](1);
    }
    return stops;
  };

  test('a new life back after the VM`s stop (a restart due just before the end): down to the stop, no later', () => {
    // Killed at 5.5 s of a 6 s run, back at 6.087 s: the manifest's reader refuses a rejoin past the VM's stop.
    const stops = instants([
      [15_500, 'killed'],
      [16_087, 'started'],
    ]);
    expect(stops.restarts(1, window)).toEqual([{ killElapsedMs: 5500, rejoinElapsedMs: 6000 }]);
    // A stop before the kill (a Ctrl-C at 3.107 s): the kill ended no tick.
    expect(stops.restarts(1, window, 3107)).toEqual([]);
  });

  test('a Ctrl-C while the new life linked: down to that stop; a kill at or after it is no restart', () => {
    const stops = instants([
      [11_000, 'killed'],
      [13_197, 'started'],
    ]);
    expect(stops.restarts(1, window, 3107)).toEqual([{ killElapsedMs: 1000, rejoinElapsedMs: 3107 }]);
    expect(stops.restarts(1, window, 1000)).toEqual([]);
  });
});
