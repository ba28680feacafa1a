/**
 * The remote side of pause-guard.ts. A VM on another host held stopped by an injected pause cannot notice its launcher
 * die or its host's network go: stopped, it never reads its channel's close or the launcher's silence. So the pause's
 * SIGSTOP, sent by the launcher's own shell on that host (remote-host-shell.ts), starts beside it a guard in the
 * background that continues the VM when that shell ends (the launcher died, or dropped its session) or when the pause
 * is a little overdue (the launcher can no longer reach the host to end it). Once continued, the VM finds its channel
 * closed or its launcher silent and stops, as any VM does. The pause's own end, or a kill, ends the guard first.
 */

/** The guard polls once a second (a shell's `sleep` takes whole seconds everywhere); it allows this much past the end. */
const graceSeconds = 2;

/** The shell variable holding VM `pid`'s guard, in the launcher's session on its host. */
const guardVariable = (pid: number) => `clocklab_pause_guard_${pid}`;

/**
 * Stops `pid` and starts its guard. `$$` is the session's shell (also in the guard's subshell); the guard's output goes
 * nowhere, so it does not hold the ssh session open or speak in it.
 */
export function pauseCommand(pid: number, pauseMs: number | undefined): string {
  // A pause of unknown length is continued only when the shell ends.
  const overdue = pauseMs === undefined ? '' : `[ $n -lt ${Math.ceil(pauseMs / 1000) + graceSeconds} ] && `;
  const guard =
    `(n=0; while ${overdue}kill -0 $$ 2>/dev/null; do sleep 1; n=$((n+1)); done; ` +
    `kill -CONT ${pid} 2>/dev/null) </dev/null >/dev/null 2>&1 &`;
  return `kill -STOP ${pid} && { ${guard} ${guardVariable(pid)}=$!; }`;
}

/**
 * Sends `signal` (CONT or KILL) to `pid` after ending its guard, if one runs: the guard must not continue, later, a
 * process that took the pid. The command's status is the signal's.
 */
export function signalCommand(pid: number, signal: 'CONT' | 'KILL'): string {
  const variable = guardVariable(pid);
  return `[ -n "\${${variable}:-}" ] && kill "$${variable}" 2>/dev/null; ${variable}=; kill -${signal} ${pid}`;
}
