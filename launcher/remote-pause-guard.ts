/**
 * The remote side of pause-guard.ts. A VM on another host held stopped by an injected pause cannot notice its launcher
 * die or its host's network go: stopped, it never reads its channel's close or the launcher's silence. So the pause's
 * SIGSTOP, sent by the launcher's own shell on that host (remote-host-shell.ts), starts beside it a guard in the
 * background that continues the VM when that shell ends (the launcher died) or when the pause is a little overdue (the
 * launcher can no longer reach the host to end it). Once continued, the VM finds its channel closed or its launcher
 * silent and stops, as any VM does. The launcher never ends that shell itself while it runs: a session out of step is
 * set aside, not ended, so a pause holds to its end as its config says.
 *
 * Ending the pause (the launcher's continue, or a kill) ends its guard, from any of the launcher's sessions there: each
 * pause leaves a mark file in the run's scratch folder, the guard acts only while its mark is there and takes it (rm)
 * before it continues the VM, and the pause's end removes every mark of that VM. So a guard started in a session since
 * set aside never continues, later, a pause that came after (or a process that took the pid).
 */
import { posix } from 'node:path';
import { shellWord } from './remote-ssh.js';

/** The guard polls once a second (a shell's `sleep` takes whole seconds everywhere); it allows this much past the end. */
const graceSeconds = 2;

/** The shell variable holding VM `pid`'s guard, in the launcher's session on its host. */
const guardVariable = (pid: number) => `clocklab_pause_guard_${pid}`;

/** Where VM `id`'s pause marks go on its host: `<marks>-<pid>-<n>` for its life's pause n. */
export const pauseMarks = (scratchDir: string, id: number) => posix.join(scratchDir, `.pause-vm-${id}`);

/**
 * Stops `pid` and starts its guard; `n` tells this pause from the life's others. `$$` is the session's shell (also in
 * the guard's subshell); the guard's output goes nowhere, so it does not hold the ssh session open or speak in it. A
 * mark that cannot be made (no scratch folder, a full disk) leaves a guard that watches only its shell and the time.
 */
export function pauseCommand(pid: number, pauseMs: number | undefined, marks: string, n: number): string {
  const mark = shellWord(`${marks}-${pid}-${n}`);
  // A pause of unknown length is continued only when the shell ends.
  const overdue = pauseMs === undefined ? '' : `[ $n -lt ${Math.ceil(pauseMs / 1000) + graceSeconds} ] && `;
  const held = '{ [ -z "$clocklab_mark" ] || [ -e "$clocklab_mark" ]; }';
  const guard =
    `(n=0; while ${overdue}kill -0 $$ 2>/dev/null && ${held}; do sleep 1; n=$((n+1)); done; ` +
    `{ [ -z "$clocklab_mark" ] || rm "$clocklab_mark" 2>/dev/null; } && kill -CONT ${pid} 2>/dev/null) </dev/null >/dev/null 2>&1 &`;
  return (
    `clocklab_mark=${mark}; : > "$clocklab_mark" 2>/dev/null || clocklab_mark=; ` +
    `if kill -STOP ${pid}; then ${guard} ${guardVariable(pid)}=$!; else [ -z "$clocklab_mark" ] || rm -f "$clocklab_mark"; false; fi`
  );
}

/**
 * Sends `signal` (CONT or KILL) to `pid` after ending its guards: the one this session started, if any, at once; any
 * other (started in a session set aside) by removing its mark. The command's status is the signal's.
 */
export function signalCommand(pid: number, signal: 'CONT' | 'KILL', marks: string): string {
  const variable = guardVariable(pid);
  return (
    `[ -n "\${${variable}:-}" ] && kill "$${variable}" 2>/dev/null; ${variable}=; ` +
    `rm -f ${shellWord(marks)}-*; kill -${signal} ${pid}`
  );
}
