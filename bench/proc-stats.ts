/** Linux /proc readings for a running process: CPU time (user + system), resident memory, and children. */
import { readFileSync } from 'node:fs';

export type ProcSample = { cpuMs: number; rssKb: number };

/** Clock ticks per second for /proc/<pid>/stat times (sysconf(_SC_CLK_TCK): 100 on Linux). */
const clockTicksPerSecond = 100;
/** Page size for the rss field (4 KiB on x86-64 and most arm64 kernels). */
const pageKb = 4;

export function readProcSample(pid: number): ProcSample | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at field 3 ("state").
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return { cpuMs: ((utime + stime) * 1000) / clockTicksPerSecond, rssKb: rssPages * pageKb };
}

/** Direct children of `pid` (spawned from its main thread, as Node spawns every child). */
export function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(' ').map(Number);
  } catch {
    return [];
  }
}

/** CPU busy time of the whole machine (every core), in ms, from the first line of /proc/stat. */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return ((user + nice + system + irq + softirq + steal) * 1000) / clockTicksPerSecond;
}

/** CPU of this process plus every child it has reaped (their reaped children included), in ms. */
export function ownTreeCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ').map(Number) ?? [];
  const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
  return ((utime + stime + cutime + cstime) * 1000) / clockTicksPerSecond;
}
