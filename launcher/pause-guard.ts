/**
 * A VM paused by an injected fault (SIGSTOP) cannot notice its launcher die: stopped, it never reads its control
 * channel's close, and a launcher killed (SIGKILL) during the pause left it stopped for good. While a VM is paused, a
 * guard process (a shell, in a session of its own so that a signal to the terminal's group does not end it) holds a
 * pipe from the launcher: released, it exits; when the pipe closes without a word (the launcher died), it continues
 * the VM, which then finds its channel closed and stops as any VM does.
 */
import { spawn } from 'node:child_process';

export type PauseGuard = { release(): void };

/** `read` fails only at the pipe's end without a line: the launcher is gone. */
const guardScript = 'read -r _ || kill -CONT "$1" 2>/dev/null';

export function guardPause(pid: number): PauseGuard {
  const guard = spawn('/bin/sh', ['-c', guardScript, 'clocklab-pause-guard', String(pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // Without a guard the pause still works, only without this safety.
  guard.on('error', () => {});
  guard.stdin?.on('error', () => {});
  // Neither the guard nor its pipe holds the launcher open.
  guard.unref();
  (guard.stdin as { unref?: () => void } | null)?.unref?.();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      guard.stdin?.end('resumed\n');
    },
  };
}
