/** The supervisor's every path, with fake VMs and a fake clock: what it concludes, and what each VM was told. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { FaultConfig } from '../../config/fault-config.js';
import { startTimeoutMs } from '../../launcher/phase-deadlines.js';
import { finishGraceMs } from '../../launcher/stop-in-order.js';
import { csvColumns, lamportColumnCount } from '../../run-folder/csv-columns.js';
import { finish, obedient, type Script, settle } from './fake-vm-transport.js';
import { finishAll, killAndRestartVm1, spec, startAt, stopAt, supervise, t0 } from './supervised-run.js';

describe('RunSupervisor', () => {
  test('a clean run: ports handed out, one start instant for all, every VM done', async () => {
    const run = supervise();
    await settle();
    for (const id of [0, 1, 2]) {
      expect(run.transport.vm(id).received).toEqual([
        { type: 'init', spec: spec(id, 3) },
        { type: 'peers', ports: [7000, 7001, 7002] },
        { type: 'start', startEpochMs: startAt, stopEpochMs: stopAt },
      ]);
    }
    expect(run.started).toEqual([startAt]);
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 1, 2]);
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: true, startEpochMs: startAt });
    expect(outcome.stats.map((s) => s?.id)).toEqual([0, 1, 2]);
    expect(run.transport.lives.flatMap((vm) => vm.signals)).toEqual([]);
    expect(run.timer.pending).toBe(0);
  });

  test('a VM that never listens: start timeout naming it, every VM killed, nobody told to start', async () => {
    const run = supervise({
      script: (vm, message) => {
        if (vm.id !== 1) obedient(vm, message);
      },
    });
    await settle();
    expect(run.outcome()).toBeUndefined();
    run.timer.advanceTo(t0 + startTimeoutMs(3));
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'start-timeout',
      detail: 'VM 1 not listening after 20 s',
      startEpochMs: undefined,
    });
    for (const vm of run.transport.lives) {
      expect({ vm: vm.id, types: vm.types, signals: vm.signals }).toEqual({
        vm: vm.id,
        types: ['init'],
        signals: ['SIGKILL'],
      });
    }
  });

  test('a VM that never connects: the timeout names the phase and the VM', async () => {
    const run = supervise({
      script: (vm, message) => {
        if (vm.id !== 2 || message.type !== 'peers') obedient(vm, message);
      },
    });
    await settle();
    run.timer.advanceTo(t0 + startTimeoutMs(3));
    const outcome = await run.running;
    expect(outcome).toMatchObject({ reason: 'start-timeout', detail: 'VM 2 not connected to every peer after 20 s' });
    expect(run.transport.lives.map((vm) => vm.types)).toEqual([
      ['init', 'peers'],
      ['init', 'peers'],
      ['init', 'peers'],
    ]);
  });

  test('a VM not done after the finish grace: the line names its host and that it knew the stop instant', async () => {
    const run = supervise();
    run.transport.whereIs = (id) => `host h${id + 1}`;
    await settle();
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 2]);
    await settle();
    run.timer.advanceTo(stopAt + finishGraceMs);
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      reason: 'finish-timeout',
      detail: "VM 1 (host h2) not done 15 s after the run's stop instant, which every VM was told with the start",
    });
  });

  test('a launcher suspended past the deadline (Ctrl-Z, fg): the done queued meanwhile is read before the timeout is judged', async () => {
    const run = supervise();
    await settle();
    // Woken 9 s after the last moment to report: the deadline's timer fires in the same turn as the VMs' messages.
    await run.timer.wakeAt(stopAt + finishGraceMs + 9_000, async () => {
      finishAll(run.transport, [0, 1, 2]);
      await settle();
    });
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: true, startEpochMs: startAt });
    expect(outcome.stats.map((s) => s?.id)).toEqual([0, 1, 2]);
    expect(run.transport.lives.flatMap((vm) => vm.signals)).toEqual([]);
  });

  test('suspended while the VMs start: a listening queued behind the 20 s timeout still counts', async () => {
    let listenLater: (() => void)[] = [];
    const run = supervise({
      script: (vm, message) => {
        if (vm.id === 1 && message.type === 'init') listenLater.push(() => obedient(vm, message));
        else obedient(vm, message);
      },
    });
    await settle();
    await run.timer.wakeAt(t0 + startTimeoutMs(3) + 5_000, async () => {
      for (const listen of listenLater) listen();
      listenLater = [];
      await settle();
    });
    await settle();
    expect(run.outcome()).toBeUndefined();
    expect(run.started).toHaveLength(1);
    expect(run.transport.vm(1).types).toEqual(['init', 'peers', 'start']);
    finishAll(run.transport, [0, 1, 2]);
    expect(await run.running).toMatchObject({ ok: true });
  });

  test('a VM that dies during the start: the run fails naming it, the others are killed, nobody starts', async () => {
    const run = supervise({
      script: (vm, message) => {
        if (vm.id === 2 && message.type === 'init') vm.exit({ code: 1 });
        else obedient(vm, message);
      },
    });
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'vm-exited',
      detail: 'VM 2 exited with code 1 before the run ended',
    });
    expect(run.transport.vm(0).signals).toEqual(['SIGKILL']);
    expect(run.transport.vm(1).signals).toEqual(['SIGKILL']);
    expect(run.transport.lives.flatMap((vm) => vm.types).filter((type) => type === 'start')).toEqual([]);
    expect(run.supervisor.exits.get(2)).toMatchObject({ code: 1, signal: undefined });
  });

  test('VMs that stopped early having heard nothing from a suspended launcher: the run ends as the transport says why, not ok', async () => {
    const run = supervise();
    await settle();
    const failure = { reason: 'suspended' as const, detail: 'the launcher was stopped or stalled for 42 s; ...' };
    run.transport.silenceCut = () => ({ failure, sinceEpochMs: startAt + 1_000 });
    // On resume the VMs' done, sent as they stopped, is read after the finish deadline fired: that comes second.
    await run.timer.wakeAt(stopAt + finishGraceMs + 30_000, async () => {
      await settle();
      finishAll(run.transport, [0, 1, 2]);
      await settle();
    });
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: false, ...failure, startEpochMs: startAt });
    expect(outcome.stats.map((s) => s?.id)).toEqual([0, 1, 2]);
  });

  test("a failure met before the VMs went unheard stays the run's reason", async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(startAt + 3000);
    run.transport.vm(1).exit({ signal: 'SIGKILL' });
    const failure = { reason: 'suspended' as const, detail: 'the launcher was stopped or stalled for 42 s; ...' };
    run.transport.silenceCut = () => ({ failure, sinceEpochMs: startAt + 3001 });
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: false, reason: 'vm-exited' });
  });

  test('a VM that dies during the run: the others get one stop instant and finish in order', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(startAt + 3000);
    run.transport.vm(1).exit({ signal: 'SIGKILL' });
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'vm-exited',
      detail: 'VM 1 was killed by SIGKILL before the run ended',
      startEpochMs: startAt,
    });
    const stopInstant = startAt + 3000 + 50;
    expect(run.transport.vm(0).received.at(-1)).toEqual({ type: 'stop', atEpochMs: stopInstant });
    expect(run.transport.vm(2).received.at(-1)).toEqual({ type: 'stop', atEpochMs: stopInstant });
    expect(run.transport.vm(1).types).not.toContain('stop');
    expect(outcome.stats.map((s) => s?.id)).toEqual([0, undefined, 2]);
  });

  test('a VM that dies during the stop: the run fails naming it, the others still report', async () => {
    const run = supervise();
    await settle();
    run.timer.advanceTo(stopAt);
    finish(run.transport.vm(0));
    run.transport.vm(1).exit({ code: 1 });
    await settle();
    finish(run.transport.vm(2));
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'vm-exited',
      detail: 'VM 1 exited with code 1 before the run ended',
    });
    expect(outcome.stats.map((s) => s?.id)).toEqual([0, undefined, 2]);
  });

  test('a VM that dies while stopping after an interrupt: still interrupted, its exit recorded', async () => {
    const run = supervise({
      script: (vm, message) => {
        if (vm.id === 0 && message.type === 'stop') vm.exit({ code: 1 });
        else obedient(vm, message);
      },
    });
    await settle();
    run.timer.advanceTo(startAt + 1000);
    run.supervisor.interrupt();
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: false, reason: 'interrupted' });
    expect(run.supervisor.exits.get(0)).toMatchObject({ code: 1 });
    expect(outcome.stats.map((s) => s?.id)).toEqual([undefined, 1, 2]);
  });

  test('an injected kill and restart: the new life gets its peers, the others its port, then the same window', async () => {
    const run = supervise({ faults: killAndRestartVm1 });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    expect(run.transport.vm(1).signals).toEqual(['SIGKILL']);
    await settle();
    const restarted = run.transport.nextStart();
    run.timer.advanceTo(startAt + 3000);
    const second = await restarted;
    await settle();
    expect(second.id).toBe(1);
    expect(second.received).toEqual([
      {
        type: 'init',
        spec: { ...spec(1, 3), restart: { clock: 0, sends: 0, lastNumber: 0, rowsBefore: 0, vector: [0, 0, 0] } },
      },
      { type: 'peers', ports: [7000, 7001, 7002] },
      { type: 'start', startEpochMs: startAt, stopEpochMs: stopAt },
    ]);
    for (const id of [0, 2])
      expect(run.transport.vm(id).received.at(-1)).toEqual({ type: 'rejoin', id: 1, port: 7001 });
    expect(run.faults.map((f) => `${f.kind} ${f.vm}`)).toEqual(['kill 1', 'restart 1']);
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 1, 2]);
    const outcome = await run.running;
    expect(outcome.ok).toBe(true);
    expect(run.supervisor.down.size).toBe(0);
    expect(run.transport.lives.map((vm) => vm.id)).toEqual([0, 1, 2, 1]);
  });

  test('a restart first has the transport fetch what the killed life left on its host, then reads its CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clocklab-supervisor-'));
    try {
      const run = supervise({ faults: killAndRestartVm1, outDir: dir });
      const asked: number[] = [];
      let fetched: () => void = () => {};
      run.transport.beforeRestart = (id) => {
        asked.push(id);
        return new Promise((resolve) => {
          fetched = () => {
            // The killed life's rows, fetched into its CSV: a send at clock 7, its first message.
            const header = csvColumns.slice(0, lamportColumnCount).join(',');
            writeFileSync(join(dir, 'vm-1.csv'), `${header}\n1,0,send,2026-01-01T00:00:00.000Z,0.700,7,7,0,0,1-1,7\n`);
            resolve();
          };
        });
      };
      await settle();
      run.timer.advanceTo(startAt + 2000);
      await settle();
      const restarted = run.transport.nextStart();
      run.timer.advanceTo(startAt + 3000);
      await settle();
      expect(asked).toEqual([1]);
      expect(run.transport.lives.map((vm) => vm.id)).toEqual([0, 1, 2]); // no new life while the rows are fetched
      fetched();
      const second = await restarted;
      const init = second.received[0];
      expect(init?.type === 'init' && init.spec.restart).toMatchObject({
        clock: 7,
        sends: 1,
        lastNumber: 1,
        rowsBefore: 1,
      });
      run.timer.advanceTo(stopAt);
      finishAll(run.transport, [0, 1, 2]);
      expect((await run.running).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a restart due before the killed life is seen to end waits for that end, then starts the new life', async () => {
    const run = supervise({ faults: killAndRestartVm1 });
    await settle();
    run.transport.vm(1).diesOnKill = false;
    run.timer.advanceTo(startAt + 2000);
    await settle();
    run.timer.advanceTo(startAt + 3000);
    await settle();
    expect(run.transport.lives.map((vm) => vm.id)).toEqual([0, 1, 2]);
    const restarted = run.transport.nextStart();
    run.transport.vm(1).exit({ signal: 'SIGKILL' });
    const second = await restarted;
    await settle();
    expect(second.received.map((m) => m.type)).toEqual(['init', 'peers', 'start']);
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 1, 2]);
    const outcome = await run.running;
    expect(outcome.ok).toBe(true);
    expect(run.supervisor.down.size).toBe(0);
  });

  test('a restart that throws fails the run naming the VM, and every other VM is stopped', async () => {
    const run = supervise({ faults: killAndRestartVm1 });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    run.transport.failNextStart = new Error('spawn node ENOENT');
    run.timer.advanceTo(startAt + 3000);
    // The others are stopped in order (the obedient fakes answer the stop): no finish by hand.
    const outcome = await run.running;
    expect(outcome).toMatchObject({ ok: false, reason: 'restart-failed' });
    expect(outcome.ok ? '' : outcome.detail).toBe('VM 1 could not restart (spawn node ENOENT)');
  });

  test('a new life not back in the run by its stop is given up: killed, the VM down as its kill left it, the run ok', async () => {
    // The restarted life never links (its peers stop and close as the run ends): it would wait out its connect time,
    // then fail the run with a peer-timeout.
    const neverLinksAgain: Script = (vm, message) => {
      const init = vm.received[0];
      if (message.type === 'peers' && init?.type === 'init' && init.spec.restart !== undefined) return;
      obedient(vm, message);
    };
    const run = supervise({ faults: killAndRestartVm1, script: neverLinksAgain, exitsSeenAtOnce: true });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    const restarted = run.transport.nextStart();
    run.timer.advanceTo(startAt + 3000);
    const second = await restarted;
    await settle();
    expect(second.signals).toEqual([]);
    run.timer.advanceTo(stopAt);
    expect(second.signals).toEqual(['SIGKILL']);
    finishAll(run.transport, [0, 2]);
    const outcome = await run.running;
    expect(outcome.ok).toBe(true);
    expect([...run.supervisor.down]).toEqual([1]);
    // Down from the kill to the end: its stop is the kill, and no restart came back.
    expect(run.supervisor.stopElapsedMs(1)).toBe(2000);
    expect(run.supervisor.restarts(1)).toEqual([]);
  });

  test('a restart whose stop comes while it reads its CSV starts no new life: the run ends, the VM down', async () => {
    // At speed 1000 a restart due 35 ms before the stop on a busy launcher: the new life began after the stop,
    // heard of no peer, and the launcher waited on it for ever.
    const run = supervise({ faults: killAndRestartVm1, exitsSeenAtOnce: true });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    run.timer.advanceTo(startAt + 3000); // the restart begins reading the first life's CSV
    run.timer.advanceTo(stopAt); // before that read ends
    finishAll(run.transport, [0, 2]);
    await settle();
    await settle();
    expect(run.transport.lives.map((vm) => vm.id)).toEqual([0, 1, 2]);
    expect(run.outcome()?.ok).toBe(true);
    expect([...run.supervisor.down]).toEqual([1]);
    expect(run.supervisor.restarts(1)).toEqual([]);
  });

  test('a run whose other VMs finish while a restart reads its CSV waits for the restarted VM', async () => {
    const run = supervise({ faults: killAndRestartVm1 });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    const restarted = run.transport.nextStart();
    run.timer.advanceTo(startAt + 3000);
    for (const id of [0, 2]) finish(run.transport.vm(id));
    await restarted;
    await settle();
    expect(run.outcome()).toBeUndefined();
    finish(run.transport.vm(1));
    const outcome = await run.running;
    expect(outcome.ok).toBe(true);
  });

  test('a new life that cannot begin (its transport says why) fails the run as a failed restart, naming the VM', async () => {
    const run = supervise({ faults: killAndRestartVm1 });
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await settle();
    const restarted = run.transport.nextStart();
    run.timer.advanceTo(startAt + 3000);
    const second = await restarted;
    second.exit({ signal: 'SIGKILL', lost: 'could not restart: its CSV on host h2 could not be cut back' });
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'restart-failed',
      detail: 'VM 1 could not restart: its CSV on host h2 could not be cut back',
    });
  });

  test('a killed VM that is not restarted counts as finished: the run ends ok when the others are done', async () => {
    const faults: FaultConfig = {
      links: [],
      partitions: [],
      pauses: [],
      kills: [{ vm: 2, atSecond: 1, clock: 'kept' }],
    };
    const run = supervise({ faults });
    await settle();
    run.timer.advanceTo(startAt + 1000);
    await settle();
    run.timer.advanceTo(stopAt);
    finishAll(run.transport, [0, 1]);
    const outcome = await run.running;
    expect(outcome.ok).toBe(true);
    expect([...run.supervisor.down]).toEqual([2]);
  });

  test('a port taken at the start is the config`s problem; taken during a restart, the run`s failure', async () => {
    const taken: Script = (vm, message) => {
      if (vm.id === 1 && message.type === 'init') {
        vm.emit({ type: 'failed', id: 1, reason: 'port-in-use', detail: '127.0.0.1:5001: EADDRINUSE' });
        vm.exit({ code: 1 });
      } else obedient(vm, message);
    };
    const atStart = await supervise({ script: taken }).running;
    expect(atStart).toMatchObject({
      reason: 'port-in-use',
      detail: 'VM 1 could not start (port-in-use: 127.0.0.1:5001: EADDRINUSE)',
    });

    const faults: FaultConfig = {
      links: [],
      partitions: [],
      pauses: [],
      kills: [{ vm: 1, atSecond: 1, restartAfterSeconds: 1, clock: 'kept' }],
    };
    const run = supervise({
      faults,
      // Lives are numbered from pid 1000: the fourth life is VM 1's restart.
      script: (vm, message) => (vm.pid >= 1003 ? taken(vm, message) : obedient(vm, message)),
    });
    await settle();
    run.timer.advanceTo(startAt + 1000);
    await settle();
    run.timer.advanceTo(startAt + 2000);
    await run.transport.nextStart();
    const outcome = await run.running;
    expect(outcome).toMatchObject({
      reason: 'restart-failed',
      detail: 'VM 1 could not restart (port-in-use: 127.0.0.1:5001: EADDRINUSE)',
    });
    expect(run.transport.vm(0).received.at(-1)).toMatchObject({ type: 'stop' });
  });
});
