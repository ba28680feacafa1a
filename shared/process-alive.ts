/** Whether a process with this pid exists: signal 0 tests without touching it. Used to prove no VM outlives a run. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
