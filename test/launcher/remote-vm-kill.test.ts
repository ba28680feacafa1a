import { describe, expect, test } from '@jest/globals';
import type { ShellResult } from '../../launcher/remote-host-shell.js';
import { pauseCommand, signalCommand } from '../../launcher/remote-pause-guard.js';
import { RemoteVmKill } from '../../launcher/remote-vm-kill.js';

/** Where VM 4242's pause marks go on its host. */
const marks = '/opt/clocklab/logs/.remote-r1/.pause-vm-1';
/** How the launcher's session on a host kills VM 4242 (ending a pause's guard first). */
const killCommand = signalCommand(4242, 'KILL', marks);

/**
 * A life as far as `started`, `pid` and `ended` say, noting what is done to it; its host's shell answers `ok`. `ran`:
 * each command's answer (the kill's own reaction to an answer runs before that of a test awaiting it).
 */
function lifeAt(started: boolean, pid: number | undefined, ok = true, ended = false) {
  const did: string[] = [];
  const ran: Promise<ShellResult>[] = [];
  const kill = new RemoteVmKill({
    channel: {
      started,
      end: () => did.push('end channel'),
      dropAfter: (ms) => did.push(`drop after ${ms} ms`),
    },
    end: { killed: () => did.push('killed') },
    shell: {
      run: (command) => {
        did.push(command);
        const answer: ShellResult = ok ? { ok: true, output: [] } : { ok: false, output: ['no answer in 15 s'] };
        ran.push(Promise.resolve(answer));
        return ran[ran.length - 1] as Promise<ShellResult>;
      },
    },
    pid: () => pid,
    ended: () => ended,
    pauseMarks: marks,
  });
  return { kill, did, ran };
}

describe('signalling a remote VM', () => {
  test('a kill before its ssh started only cancels it; a pause then does nothing', () => {
    const { kill, did } = lifeAt(false, undefined);
    kill.signal('SIGSTOP');
    expect(kill.cancelled).toBe(false);
    kill.signal('SIGKILL');
    expect(kill.cancelled).toBe(true);
    expect(did).toEqual([]);
  });

  test('a kill before its hello drops the channel at once, and it is known killed', () => {
    const { kill, did } = lifeAt(true, undefined);
    kill.signal('SIGSTOP');
    expect(did).toEqual([]);
    kill.signal('SIGKILL');
    expect(did).toEqual(['killed', 'end channel', 'drop after 0 ms']);
  });

  test("a pause or resume is `kill` on its host, by the VM's pid, the pause with its guard", () => {
    const { kill, did } = lifeAt(true, 4242);
    kill.signal('SIGSTOP', { pauseMs: 1500 });
    kill.signal('SIGCONT');
    kill.signal('SIGSTOP', { pauseMs: 500 });
    // Each pause its own mark, which any of the launcher's sessions there removes to end it.
    expect(did).toEqual([
      pauseCommand(4242, 1500, marks, 1),
      signalCommand(4242, 'CONT', marks),
      pauseCommand(4242, 500, marks, 2),
    ]);
  });

  test('a kill its host carried out: the VM is known killed, and its ssh client goes soon', async () => {
    const { kill, did, ran } = lifeAt(true, 4242);
    kill.signal('SIGKILL');
    expect(did).toEqual([killCommand, 'end channel', 'drop after 5000 ms']);
    await ran[0];
    expect(did.slice(3)).toEqual(['killed', 'drop after 250 ms']);
  });

  test('a kill its host could not carry out: not known killed, the ssh client waited for longer', async () => {
    const { kill, did, ran } = lifeAt(true, 4242, false);
    kill.signal('SIGKILL');
    await ran[0];
    expect(did).toEqual([killCommand, 'end channel', 'drop after 5000 ms']);
  });

  test('a kill `now` (a second Ctrl-C) its host does not answer: the ssh client is dropped within a second, not 5', async () => {
    const { kill, did, ran } = lifeAt(true, 4242, false);
    kill.signal('SIGKILL', { now: true });
    await ran[0];
    expect(did).toEqual([killCommand, 'end channel', 'drop after 1000 ms']);
  });

  test('refused rows kill the VM on its host and close its channel; before its hello, only the channel', () => {
    const connected = lifeAt(true, 4242);
    connected.kill.stopForRefusal();
    expect(connected.did).toEqual([killCommand, 'end channel']);
    const connecting = lifeAt(true, undefined);
    connecting.kill.stopForRefusal();
    expect(connecting.did).toEqual(['end channel']);
  });

  test('a life that has ended is not signalled', () => {
    const { kill, did } = lifeAt(true, 4242, true, true);
    kill.signal('SIGKILL');
    kill.stopForRefusal();
    expect(did).toEqual([]);
  });
});
