/**
 * Every process the bench starts (launchers, latency nodes) and every VM pid it has seen under a launcher is
 * recorded here, so that a failing step, an exception or Ctrl-C never leaves one running. Processes are ended by
 * their own pid only.
 */
import { isAlive } from '../shared/process-alive.js';

export { isAlive };

type Killable = { readonly pid?: number | undefined; kill(signal?: NodeJS.Signals): boolean };

const tracked = new Set<Killable>();
const descendants = new Set<number>();
const cleanups = new Set<() => void>();
let installed = false;

/** Runs `fn` (synchronous: it may run in an exit handler) after the processes are gone, on exit or Ctrl-C. */
export function atExit(fn: () => void): void {
  install();
  cleanups.add(fn);
}

/** Registers a subprocess until it settles. */
export function track<T extends Killable & PromiseLike<unknown>>(child: T): T {
  install();
  tracked.add(child);
  const forget = () => tracked.delete(child);
  child.then(forget, forget);
  return child;
}

/** Registers a grandchild pid (a VM under a launcher): killed by pid if still alive when the step ends. */
export function trackPid(pid: number): void {
  install();
  descendants.add(pid);
}

/** Kills every recorded process that is still running (SIGKILL: by now they had their chance to stop in order). */
export function killAll(): void {
  for (const child of tracked) child.kill('SIGKILL');
  tracked.clear();
  for (const pid of descendants) if (isAlive(pid)) killPid(pid);
  descendants.clear();
}

/** Forgets grandchildren that are gone (their pids may be reused later). */
export function forgetExited(): void {
  for (const pid of descendants) if (!isAlive(pid)) descendants.delete(pid);
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const finalize = () => {
    killAll();
    for (const fn of cleanups) fn();
    cleanups.clear();
  };
  process.on('exit', finalize);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      process.stderr.write(`bench: ${signal}: stopping every process it started\n`);
      process.exit(130); // runs finalize through 'exit'
    });
  }
}
