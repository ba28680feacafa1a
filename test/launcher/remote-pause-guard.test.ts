/**
 * The pause guard on a host, run for real: a local `sh` stands in for the launcher's ssh session (HostShell), a node
 * process for the paused VM, and a temp folder for the run's scratch folder. The VM's state is read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { HostShell } from '../../launcher/remote-host-shell.js';
import { pauseCommand, pauseMarks, signalCommand } from '../../launcher/remote-pause-guard.js';

const scratch = mkdtempSync(join(tmpdir(), 'clocklab-pause-guard-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const marks = pauseMarks(scratch, 1);

/** A process's state letter (T: stopped) and parent, from /proc; undefined once it is gone. */
function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : { state: fields[0] ?? '', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => stat(child)?.ppid === pid);

/** Resolves once `holds()`, polled every 20 ms; fails after 10 s. */
async function until(what: string, holds: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A stand-in VM, and the launcher's sessions on its "host" (noted in `sessions`): each a local sh behind a stand-in
 * ssh client. Killing the client ends the shell's stdin, as the end of an ssh connection ends the remote shell's; the
 * shell itself is this process's child, so it is reaped at once when it ends.
 */
function setUp() {
  const vm = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const sessions: ChildProcess[] = [];
  const shell = new HostShell(() => {
    const sh = spawn('sh', [], { stdio: ['pipe', 'pipe', 'pipe'] });
    sessions.push(sh);
    const client = Object.assign(new EventEmitter(), {
      ...{ stdin: sh.stdin, stdout: sh.stdout, stderr: sh.stderr, pid: undefined },
      kill: () => Boolean(sh.stdin?.end()),
      unref: () => {},
    });
    sh.on('close', (code, signal) => client.emit('close', code, signal));
    return client as unknown as ChildProcess;
  }, 'local');
  const pid = vm.pid ?? 0;
  const stopped = () => stat(pid)?.state === 'T';
  return { vm, pid, shell, sessions, stopped };
}

describe('the pause guard on a host', () => {
  test('the shell it watches ends (the launcher died): it continues the VM mid-pause', async () => {
    const { vm, pid, shell, sessions, stopped } = setUp();
    try {
      expect((await shell.run(pauseCommand(pid, 60_000, marks, 1))).ok).toBe(true);
      await until('the VM is stopped', stopped);
      sessions[0]?.stdin?.end();
      await until('the VM runs again', () => !stopped());
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      vm.kill('SIGKILL');
      shell.close();
    }
  });

  test('the launcher sets its session aside mid-pause: the pause holds, and the guard left there never continues a later pause', async () => {
    const { vm, pid, shell, sessions, stopped } = setUp();
    try {
      expect((await shell.run(pauseCommand(pid, 60_000, marks, 1))).ok).toBe(true);
      await until('the VM is stopped', stopped);
      const first = sessions[0];
      const firstPid = first?.pid ?? 0;
      const guard = childrenOf(firstPid);
      expect(guard.length).toBe(1);
      // A command that does not answer in time: its session is out of step, and set aside.
      const late = join(scratch, 'late');
      const slow = `sleep 0.3; : > ${late}`;
      expect(await shell.run(slow, 50)).toEqual({ ok: false, output: ['no answer from the host in 0.05 s'] });
      // Once that command is done, its shell reads on: had its stdin been ended, it would end, and its guard continue
      // the VM at its next look (it looks once a second). It is given two looks.
      await until('the late command is done', () => existsSync(late));
      rmSync(late);
      const looks = new Set(childrenOf(guard[0] ?? 0));
      let fresh = 0;
      await until('the guard looked twice more, or the VM runs', () => {
        for (const look of childrenOf(guard[0] ?? 0)) {
          if (looks.has(look)) continue;
          looks.add(look);
          fresh += 1;
        }
        return fresh >= 2 || !stopped();
      });
      // Its shell, which the guard watches, still runs: the VM stays paused.
      expect([stat(firstPid) !== undefined, stopped()]).toEqual([true, true]);
      // The pause's end and a second pause go over a new session.
      expect((await shell.run(signalCommand(pid, 'CONT', marks))).ok).toBe(true);
      expect(sessions.length).toBe(2);
      await until('the VM runs again', () => !stopped());
      expect((await shell.run(pauseCommand(pid, 60_000, marks, 2))).ok).toBe(true);
      await until('the VM is stopped again', stopped);
      // The first session now ends (as it would if the launcher died): its guard, whose pause is over, does nothing.
      first?.stdin?.end();
      await until('the first session and its guard are gone', () => [firstPid, ...guard].every((p) => !stat(p)));
      expect(stopped()).toBe(true);
      expect(readdirSync(scratch)).toEqual([`.pause-vm-1-${pid}-2`]);
      expect((await shell.run(signalCommand(pid, 'CONT', marks))).ok).toBe(true);
      await until('the VM runs again', () => !stopped());
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      vm.kill('SIGKILL');
      const guards = sessions.flatMap((session) => childrenOf(session.pid ?? 0));
      shell.close();
      await until('every guard is gone', () => guards.every((p) => !stat(p)));
    }
  });
});
