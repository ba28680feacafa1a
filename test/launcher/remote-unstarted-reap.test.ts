/**
 * The end's ask of a host for a VM lost before it was sent the start, against a stand-in for the launcher's session
 * there: whether it is asked at all, what it is asked, and how long it is given.
 */
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import type { ShellResult } from '../../launcher/remote-host-shell.js';
import { reapUnstarted, unstartedReapMs } from '../../launcher/remote-unstarted-reap.js';
import { reapCommand } from '../../launcher/remote-vm-exit.js';

function shellThat(answer: ShellResult, connectionLost = false) {
  const ran: { command: string; timeoutMs: number | undefined }[] = [];
  const shell = {
    connectionLost,
    run: async (command: string, timeoutMs?: number) => {
      ran.push({ command, timeoutMs });
      return answer;
    },
  };
  return { shell, ran };
}

describe('the end, for a VM never sent the start', () => {
  test('its host answers: the VM is killed there at once if it still runs, in one command bounded at 2 s', async () => {
    const { shell, ran } = shellThat({ ok: true, output: [] });
    expect(await reapUnstarted(shell, 4242, 1)).toEqual({ ok: true, bytes: 0 });
    expect(ran).toEqual([{ command: reapCommand(4242, 1, 0), timeoutMs: unstartedReapMs }]);
    expect(unstartedReapMs).toBe(2_000);
    // No wait for an orderly stop: it has nothing to flush.
    expect(ran[0]?.command).not.toContain('sleep');
  });

  test('that command, run by a shell, kills a process running that VM at once, and leaves one running another alone', async () => {
    const vm = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '--id', '1', '--stdio']);
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '--id', '12', '--stdio']);
    const ended = new Promise((resolve) => vm.on('exit', (_code, signal) => resolve(signal)));
    try {
      const { shell, ran } = shellThat({ ok: true, output: [] });
      await reapUnstarted(shell, vm.pid, 1);
      await reapUnstarted(shell, other.pid, 1);
      for (const { command } of ran) execFileSync('sh', ['-c', command]);
      expect(await ended).toBe('SIGKILL');
      expect(other.exitCode === null && other.signalCode === null).toBe(true);
    } finally {
      vm.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });

  test("the launcher's session on its host was lost: nothing is asked, and why is said", async () => {
    const { shell, ran } = shellThat({ ok: true, output: [] }, true);
    expect(await reapUnstarted(shell, 4242, 1)).toEqual({
      ok: false,
      why: "not asked: the launcher's session there was lost too",
    });
    expect(ran).toEqual([]);
  });

  test("its host does not answer in time: the why is the session's last word", async () => {
    const { shell } = shellThat({ ok: false, output: ['no answer from the host in 2 s'] });
    expect(await reapUnstarted(shell, 4242, 1)).toEqual({ ok: false, why: 'no answer from the host in 2 s' });
  });

  test('one that never said hello has no process to look for: nothing is asked', async () => {
    const { shell, ran } = shellThat({ ok: true, output: [] });
    expect(await reapUnstarted(shell, undefined, 1)).toEqual({ ok: true, bytes: 0 });
    expect(ran).toEqual([]);
  });
});
