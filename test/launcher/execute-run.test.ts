/**
 * executeRun with fake VMs: the caller's abort signals decide how the run ends, and the manifest carries the
 * launcher's record of drops (one mapping, drop-causes.ts) over the VM's own figures.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { parseRunConfig } from '../../config/load-config.js';
import type { RunConfig } from '../../config/run-config.js';
import type { Manifest } from '../../run-folder/manifest.js';
import type { LauncherToVm } from '../../shared/ipc-messages.js';
import { deafToStop, FakeTransport, type FakeVm, obedient } from './fake-vm-transport.js';

// The manifest is kept in memory: the writer's version lookup expects the built layout (dist/), not the sources.
const written: Manifest[] = [];
/** Set to make the next manifest write fail as a full disk fails it. */
let manifestFailure: Error | undefined;
jest.unstable_mockModule('../../run-folder/folder-writer.js', () => ({
  clocklabVersion: async () => 'test',
  writeManifest: async (_dir: string, manifest: Manifest) => {
    const failure = manifestFailure;
    manifestFailure = undefined;
    if (failure !== undefined) throw failure;
    written.push(manifest);
  },
}));
// A run on hosts: only whether it is finished is watched (no ssh); set per test, none by default.
let remote: { finished: number } | undefined;
jest.unstable_mockModule('../../launcher/remote-vm-transport.js', () => ({
  remoteTransportFor: () =>
    remote === undefined
      ? undefined
      : {
          hostOf: () => 'h1',
          hold: async () => {},
          finish: async () => {
            if (remote !== undefined) remote.finished += 1;
          },
          report: () => [],
          rowsKeptOnHost: () => undefined,
        },
}));
const { executeRun } = await import('../../launcher/execute-run.js');
const { killedBeforeTheStop } = await import('../../launcher/early-stop.js');

function config(): RunConfig {
  const parsed = parseRunConfig({ machines: 2, clockRates: [10, 10], durationSeconds: 600, seed: 1 }, 'test');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

describe('executeRun', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clocklab-execute-'));
  });
  afterEach(async () => {
    remote = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  test('an aborted interrupt stops the run in order: status interrupted, exit 130, drops from the launcher', async () => {
    const interrupt = new AbortController();
    const transport = new FakeTransport((vm, message) => {
      obedient(vm, message);
      if (message.type === 'start' && vm.id === 0) {
        vm.emit({ type: 'dropped', id: 0, copy: '0-1>1', reason: 'link-down' });
        vm.emit({ type: 'dropped', id: 0, copy: '0-2>1', reason: 'injected-drop' });
        queueMicrotask(() => queueMicrotask(() => interrupt.abort()));
      }
    });
    const result = await executeRun(config(), {
      dir,
      runId: 'r',
      verbose: false,
      progressTo: undefined,
      interrupt: interrupt.signal,
      kill: new AbortController().signal,
      transport,
    });
    if (result.kind !== 'ended') throw new Error(result.line);
    expect(result.exitCode).toBe(130);
    const manifest = result.manifest;
    expect(written.at(-1)).toEqual(manifest);
    expect(manifest).toMatchObject({ status: 'interrupted', reason: 'stopped by a signal to the launcher' });
    expect(manifest.vms.map((vm) => [vm.exit, vm.stoppedEarly])).toEqual([
      ['done', true],
      ['done', true],
    ]);
    expect(manifest.vms[0]).toMatchObject({
      dropped: ['0-1>1', '0-2>1'],
      droppedBy: { linkDown: 1, partition: 0, injectedDrop: 1 },
    });
    expect(manifest.vms[1]).toMatchObject({ dropped: [], droppedBy: { linkDown: 0, partition: 0, injectedDrop: 0 } });
    for (const vm of transport.lives) expect(vm.types.filter((type) => type === 'stop')).toEqual(['stop']);
    // The stop instant told, in experiment ms after the start told (speed 1): the analysis counts ticks due to it.
    const told = transport.vm(0).received;
    const start = told.find((m) => m.type === 'start');
    const stop = told.find((m) => m.type === 'stop');
    if (start?.type !== 'start' || stop?.type !== 'stop') throw new Error('no start or stop told');
    expect(manifest.stoppedAtMs).toBe(stop.atEpochMs - start.startEpochMs);
  });

  test('an aborted kill in the stop`s lead ends every VM at once, still interrupted, with no stop instant', async () => {
    const interrupt = new AbortController();
    const kill = new AbortController();
    // VMs that never answer the stop: only the kill ends them.
    const transport = new FakeTransport((vm, message) => {
      deafToStop(vm, message);
      if (message.type === 'start' && vm.id === 1) {
        queueMicrotask(() => interrupt.abort());
        setImmediate(() => kill.abort());
      }
    });
    const result = await executeRun(config(), {
      dir,
      runId: 'r',
      verbose: false,
      progressTo: undefined,
      interrupt: interrupt.signal,
      kill: kill.signal,
      transport,
    });
    if (result.kind !== 'ended') throw new Error(result.line);
    expect(result.exitCode).toBe(130);
    expect(result.manifest.status).toBe('interrupted');
    // Killed in the stop's lead: no VM reached the instant told, so the manifest names none, and says why.
    expect(result.manifest.stoppedAtMs).toBeUndefined();
    expect(result.manifest.reason).toBe(killedBeforeTheStop);
    expect(result.manifest.vms.map((vm) => vm.exit)).toEqual(['killed by SIGKILL', 'killed by SIGKILL']);
    expect(transport.lives.map((vm) => vm.signals.at(-1))).toEqual(['SIGKILL', 'SIGKILL']);
  });

  describe('a run that fails before the start: the VMs the launcher stopped then are said to be, not "killed"', () => {
    /** VM 1's port is taken: it says so, and ends on its own (`exits`) or waits to be stopped. */
    const portTaken =
      (exits: boolean) =>
      (vm: FakeVm, message: LauncherToVm): void => {
        if (vm.id !== 1 || message.type !== 'init') {
          obedient(vm, message);
          return;
        }
        vm.emit({ type: 'failed', id: 1, reason: 'port-in-use', detail: '127.0.0.1:7001: EADDRINUSE' });
        if (exits) vm.exit({ code: 1 });
      };
    const run = (transport: FakeTransport) =>
      executeRun(config(), { dir, runId: 'r', verbose: false, progressTo: undefined, transport });
    /** Each VM, told to die, ends with exit 1 instead (as its channel closes), not by the SIGKILL. */
    const runClosingFirst = (transport: FakeTransport) => {
      const running = run(transport);
      for (const vm of transport.lives) {
        vm.diesOnKill = false;
        const signal = vm.signal.bind(vm);
        vm.signal = (sent) => {
          signal(sent);
          if (sent === 'SIGKILL') vm.exit({ code: 1 });
        };
      }
      return running;
    };

    test('every VM still running is stopped before the start: exit 2, no start instant, no tick', async () => {
      const transport = new FakeTransport(portTaken(false));
      const result = await run(transport);
      if (result.kind !== 'ended') throw new Error(result.line);
      expect(result.exitCode).toBe(2);
      expect(result.failure).toBe('VM 1 could not start (port-in-use: 127.0.0.1:7001: EADDRINUSE)');
      expect(result.manifest.startEpochMs).toBeUndefined();
      expect(result.manifest.vms.map((vm) => [vm.exit, vm.ticks])).toEqual([
        ['stopped before the start', 0],
        ['stopped before the start', 0],
      ]);
      expect(transport.lives.map((vm) => vm.signals)).toEqual([['SIGKILL'], ['SIGKILL']]);
    });

    test('a stopped VM that ends by its closed channel before the kill lands (another host) is stopped too', async () => {
      // A remote VM's kill takes a round trip through its host's shell; its channel, closed by the same stop, may
      // end it first (exit 1 before the start). VM 0's end is the stop's either way; VM 1 said it failed: its own.
      const transport = new FakeTransport(portTaken(false));
      const result = await runClosingFirst(transport);
      if (result.kind !== 'ended') throw new Error(result.line);
      expect(result.manifest.vms.map((vm) => vm.exit)).toEqual(['stopped before the start', 'exit code 1']);
    });

    test('a VM that ended on its own before the stop keeps its own exit', async () => {
      const result = await run(new FakeTransport(portTaken(true)));
      if (result.kind !== 'ended') throw new Error(result.line);
      expect(result.manifest.vms.map((vm) => vm.exit)).toEqual(['stopped before the start', 'exit code 1']);
    });
  });

  describe('a VM that cannot write its CSV (a full disk) fails the run in one line naming the VM and the file', () => {
    const cannotWrite = (vm: FakeVm, message: LauncherToVm) => {
      if (vm.id === 1 && message.type === 'start') {
        vm.emit({
          type: 'failed',
          id: 1,
          reason: 'cannot-write',
          detail: `cannot write ${vm.spec.outDir}/vm-1.csv (ENOSPC)`,
        });
        vm.exit({ code: 1 });
      } else obedient(vm, message);
    };
    const run = (transport: FakeTransport) =>
      executeRun(config(), { dir, runId: 'r', verbose: false, progressTo: undefined, transport });

    test('the others are stopped in order and the manifest says so', async () => {
      const before = written.length;
      const transport = new FakeTransport(cannotWrite);
      const line = `VM 1 cannot write ${dir}/vm-1.csv (ENOSPC)`;
      expect(await run(transport)).toEqual({ kind: 'io-failure', line });
      expect(written.length).toBe(before + 1);
      expect(written.at(-1)).toMatchObject({ status: 'failed', reason: line });
      expect(transport.vm(0).types.filter((type) => type === 'stop')).toEqual(['stop']);
      // Stopped in order, but by a failure, not a signal: the VM that failed owes its ticks, so no stop instant.
      expect(written.at(-1)).not.toHaveProperty('stoppedAtMs');
    });

    test('when the manifest cannot be written either, the line says both, the VM first', async () => {
      const manifest = join(dir, 'manifest.json');
      manifestFailure = Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        syscall: 'write',
        path: manifest,
      });
      expect(await run(new FakeTransport(cannotWrite))).toEqual({
        kind: 'io-failure',
        line: `VM 1 cannot write ${dir}/vm-1.csv (ENOSPC); then cannot write ${manifest} (ENOSPC)`,
      });
    });
  });

  test('a run on hosts that throws (a file it cannot write): its transport is finished all the same', async () => {
    remote = { finished: 0 };
    const transport = new FakeTransport(obedient);
    const csv = join(dir, 'vm-0.csv');
    transport.failNextStart = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', syscall: 'write', path: csv });
    const result = await executeRun(config(), { dir, runId: 'r', verbose: false, progressTo: undefined, transport });
    expect(result).toEqual({ kind: 'io-failure', line: `cannot write ${csv} (ENOSPC)` });
    expect(remote.finished).toBe(1);
  });

  test('a run folder that cannot be written comes back as one line naming the file, before any VM starts', async () => {
    // A name planted after the claim: the fault log is created exclusively, so it cannot be opened.
    await writeFile(join(dir, 'faults.csv'), 'planted');
    const transport = new FakeTransport(obedient);
    const faults = { kills: [{ vm: 1, atSecond: 1 }] };
    const parsed = parseRunConfig({ machines: 2, clockRates: [10, 10], durationSeconds: 600, seed: 1, faults }, 'test');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const result = await executeRun(parsed.config, {
      dir,
      runId: 'r',
      verbose: false,
      progressTo: undefined,
      transport,
    });
    expect(result).toEqual({ kind: 'io-failure', line: `cannot create ${join(dir, 'faults.csv')} (EEXIST)` });
    expect(transport.lives).toEqual([]);
  });
});
