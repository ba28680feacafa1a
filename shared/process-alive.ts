import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid runs: signal 0 tests without touching it. A zombie (dead, its parent has not
 * reaped it yet) answers signal 0 too, so on Linux its state in /proc is read: a launcher SIGKILLed from a shell whose
 * parent reaps it a moment later read as `still writing this folder` meanwhile. Used to prove no VM outlives a run.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ...`: comm may hold spaces or parentheses, so the state follows the last `)`.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
