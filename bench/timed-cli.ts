/** A CLI command of the bench timed from spawn to exit: its wall time, and its CPU time when the machine can say. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa, execaNode } from 'execa';
import { track } from './child-guard.js';
import { launcherEntry } from './launcher-run.js';

/** The commands run from the repository's root: their config paths are relative to it. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const timeBin = '/usr/bin/time';

/**
 * Wall time of one CLI command, and its CPU time (user + system, from /usr/bin/time when the machine has it): on a
 * shared machine the wall clock also counts other processes' turns.
 */
export async function timedCli(args: string[]): Promise<{ wallS: number; cpuS: number | undefined }> {
  const started = performance.now();
  const timed = existsSync(timeBin);
  const child = await track(
    timed
      ? execa(timeBin, ['-f', 'cpu %U %S', process.execPath, launcherEntry, ...args], {
          cwd: repoRoot,
          reject: false,
          all: true,
        })
      : execaNode(launcherEntry, args, { cwd: repoRoot, reject: false, all: true }),
  );
  if (child.exitCode !== 0)
    throw new Error(`launcher ${args.join(' ')}: exit ${child.exitCode}: ${child.all?.slice(-300)}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(child.stderr);
  return {
    wallS: (performance.now() - started) / 1000,
    cpuS: cpu === null ? undefined : Number(cpu[1]) + Number(cpu[2]),
  };
}

export const timeText = (t: { wallS: number; cpuS: number | undefined }) =>
  `${t.cpuS === undefined ? '?' : t.cpuS.toFixed(2)} s CPU, ${t.wallS.toFixed(2)} s wall`;
