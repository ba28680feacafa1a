import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  cutBackCommand,
  exitStatusIn,
  hostLost,
  RemoteExitReading,
  reapCommand,
  remoteVmCommand,
  vmEnded,
} from '../../launcher/remote-vm-exit.js';

describe("a remote VM's start and end", () => {
  test('the command runs the VM in its folder, quoted, and reports its exit status on stderr', () => {
    expect(remoteVmCommand('/opt/my lab', 3, 1000)).toBe(
      `cd '/opt/my lab' && node --min-semi-space-size=8 --no-parallel-scavenge --no-memory-reducer dist/vm/main.js --id 3 --stdio; ` +
        `echo "clocklab-vm-exit $?" >&2`,
    );
    // As a local VM under 500/s: no optimising compiler, baseline code at a function's first call.
    expect(remoteVmCommand('/opt/c', 0, 5)).toContain(
      'node --min-semi-space-size=8 --no-parallel-scavenge --no-memory-reducer --no-turbofan --always-sparkplug dist/vm/main.js --id 0',
    );
  });

  test("the shell's report is told from the VM's own output", () => {
    expect(exitStatusIn('clocklab-vm-exit 137')).toBe(137);
    expect(exitStatusIn('VM 2: link to VM 1 dropped')).toBeUndefined();
    expect(exitStatusIn('say clocklab-vm-exit 0')).toBeUndefined();
  });

  test("the shell's notice that the VM was killed is not shown: its status says it", () => {
    const reading = new RemoteExitReading();
    const command = 'node --min-semi-space-size=8 --no-turbofan dist/vm/main.js --id 2 --stdio';
    expect(reading.read(`bash: line 1: 28349 Killed                  ${command}`)).toBeUndefined(); // bash
    expect(reading.read('Killed')).toBeUndefined(); // dash
    expect(reading.read('clocklab-vm-exit 137')).toBeUndefined();
    expect(reading.end({ name: 'h2', ssh: 'root@10.0.0.3' }, 0, null)).toEqual({ code: undefined, signal: 'SIGKILL' });
    // The VM's own lines that merely mention a kill still show.
    expect(reading.read('VM 2: Killed peer 3')).toBe('VM 2: Killed peer 3');
  });

  test('128 + n is signal n; other statuses are exit codes', () => {
    expect(vmEnded(137)).toEqual({ code: undefined, signal: 'SIGKILL' });
    expect(vmEnded(143)).toEqual({ code: undefined, signal: 'SIGTERM' });
    expect(vmEnded(1)).toEqual({ code: 1, signal: undefined });
  });

  test('no report: the host is named as lost, with why', () => {
    expect(hostLost('h2', 'root@10.0.0.3', 'Connection closed by 10.0.0.3 port 22').lost).toBe(
      'was lost: host h2 (root@10.0.0.3) became unreachable (Connection closed by 10.0.0.3 port 22)',
    );
  });

  test("a restarted VM's file on its host is cut back to what the run folder holds, never lengthened", () => {
    const dir = mkdtempSync(join(tmpdir(), 'clocklab-cut-'));
    try {
      const file = join(dir, "vm 1's.csv");
      writeFileSync(file, 'header\nrow0\nro');
      execFileSync('sh', ['-c', cutBackCommand(file, 12)]);
      expect(readFileSync(file, 'utf8')).toBe('header\nrow0\n');
      execFileSync('sh', ['-c', cutBackCommand(file, 100)]);
      expect(readFileSync(file, 'utf8')).toBe('header\nrow0\n');
      execFileSync('sh', ['-c', cutBackCommand(join(dir, 'missing.csv'), 0)]);
      // Rows to keep but no file to keep them in (or not a file): the cut-back fails, so the restart does.
      expect(() => execFileSync('sh', ['-c', cutBackCommand(join(dir, 'missing.csv'), 12)])).toThrow();
      expect(() => execFileSync('sh', ['-c', cutBackCommand(dir, 12)])).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a life's end from its stderr: the VM's status first, else the launcher's kill done there, else a lost host", () => {
    const host = { name: 'h2', ssh: 'root@10.0.0.3' };
    const reported = new RemoteExitReading();
    expect(reported.read('clocklab-vm-exit 0')).toBeUndefined(); // not shown to the user
    reported.killed(); // a kill that came after the VM had ended on its own changes nothing
    expect(reported.end(host, 0, null)).toEqual({ code: 0, signal: undefined });
    const killed = new RemoteExitReading();
    expect(killed.read('Connection closed by 10.0.0.3 port 22')).toBe('Connection closed by 10.0.0.3 port 22');
    expect(killed.vmEnded).toBe(false);
    killed.killed();
    expect(killed.vmEnded).toBe(true);
    expect(killed.end(host, null, 'SIGKILL')).toEqual({ code: undefined, signal: 'SIGKILL' });
    const lost = new RemoteExitReading();
    lost.read('Connection closed by 10.0.0.3 port 22');
    lost.read('');
    expect(lost.end(host, 255, null).lost).toBe(
      'was lost: host h2 (root@10.0.0.3) became unreachable (Connection closed by 10.0.0.3 port 22)',
    );
    expect(new RemoteExitReading().end(host, null, 'SIGKILL').lost).toMatch(/unreachable \(ssh ended by SIGKILL\)$/);
  });

  test("a lost VM's process is waited for, then killed, at the end; a process that is not that VM is never touched", async () => {
    const vm = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '--id', '7', '--stdio']);
    const other = spawn('sleep', ['30']);
    const ended = new Promise((resolve) => vm.on('exit', (_code, signal) => resolve(signal)));
    try {
      // Another VM's id, or a process that runs something else under that pid: left alone, at once.
      execFileSync('sh', ['-c', reapCommand(vm.pid ?? 0, 70)]);
      execFileSync('sh', ['-c', reapCommand(other.pid ?? 0, 7)]);
      expect([vm.exitCode, vm.signalCode, other.exitCode, other.signalCode]).toEqual([null, null, null, null]);
      // That VM, still running after its wait: killed.
      execFileSync('sh', ['-c', reapCommand(vm.pid ?? 0, 7)]);
      expect(await ended).toBe('SIGKILL');
    } finally {
      vm.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  }, 20_000);
});
