/**
 * One run of the built CLI (`node dist/bin/launcher.js run CONFIG --out DIR`), watched from outside: the VM pids are
 * found as the launcher's children while it runs and sampled from /proc (CPU, RSS). Whatever happens, the launcher
 * and every VM seen under it are gone when this returns or throws.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { parseRunConfig } from '../config/load-config.js';
import type { Manifest } from '../run-folder/manifest.js';
import { isAlive, track, trackPid } from './child-guard.js';
import { childrenOf, type ProcSample, readProcSample } from './proc-stats.js';

export const launcherEntry = fileURLToPath(new URL('../bin/launcher.js', import.meta.url));

export type TimedSample = ProcSample & { at: number };
export type LauncherRun = {
  dir: string;
  manifest: Manifest;
  /** Date.now() just before the launcher process was spawned. */
  spawnEpochMs: number;
  /** Samples per VM pid, taken every `sampleEveryMs` while the launcher ran. */
  vms: Map<number, TimedSample[]>;
  launcher: TimedSample[];
  /** The run ended ok but `launcher check` found it invalid: the launcher's last lines. */
  checkFailed?: string;
};

export async function runLauncher(
  raw: Record<string, unknown>,
  dir: string,
  sampleEveryMs = 250,
  /** Return a run that ended ok but failed its check (with `checkFailed`) rather than throw. */
  acceptInvalid = false,
): Promise<LauncherRun> {
  const parsed = parseRunConfig(raw, dir);
  if (!parsed.ok) throw new Error(`bench config: ${parsed.problems.join('; ')}`);
  await mkdir(dir, { recursive: true });
  const configFile = join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(raw));
  const runDir = join(dir, 'run');
  const vms = new Map<number, TimedSample[]>();
  const launcher: TimedSample[] = [];
  const spawnEpochMs = Date.now();
  const child = track(
    execaNode(launcherEntry, ['run', configFile, '--out', runDir], {
      reject: false,
      stdin: 'ignore',
      timeout: (parsed.config.durationSeconds / parsed.config.speed) * 1000 + 90_000,
      forceKillAfterDelay: 3000,
    }),
  );
  const sample = () => {
    const pid = child.pid;
    if (pid === undefined) return;
    const at = Date.now();
    const own = readProcSample(pid);
    if (own !== undefined) launcher.push({ at, ...own });
    for (const vm of childrenOf(pid)) {
      const s = readProcSample(vm);
      if (s === undefined) continue;
      let samples = vms.get(vm);
      if (samples === undefined) {
        trackPid(vm);
        samples = [];
        vms.set(vm, samples);
      }
      samples.push({ at, ...s });
    }
  };
  const timer = setInterval(sample, sampleEveryMs);
  try {
    const result = await child;
    const manifest = JSON.parse(await readFile(join(runDir, 'manifest.json'), 'utf8')) as Manifest;
    const tail = String(result.stderr).split('\n').slice(-5).join(' / ');
    // Exit 1 with status ok: every VM ran to the end, but the check found a broken rule. The timing figures still
    // stand; the caller says so beside them.
    const invalid = acceptInvalid && result.exitCode === 1 && manifest.status === 'ok';
    if ((result.exitCode !== 0 && !invalid) || manifest.status !== 'ok') {
      throw new Error(`launcher exited ${result.exitCode} (${manifest.status}): ${manifest.reason ?? tail}`);
    }
    return { dir: runDir, manifest, spawnEpochMs, vms, launcher, ...(invalid ? { checkFailed: tail } : {}) };
  } finally {
    clearInterval(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of vms.keys()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** Summed CPU of the VMs while they ticked, in cores (1 = one core busy), from the samples inside the window. */
export function cpuCoresDuring(run: LauncherRun, fromMs: number, toMs: number): number {
  let total = 0;
  for (const samples of run.vms.values()) {
    const inside = samples.filter((s) => s.at >= fromMs && s.at <= toMs);
    const first = inside[0];
    const last = inside.at(-1);
    if (first === undefined || last === undefined || last.at <= first.at) continue;
    total += (last.cpuMs - first.cpuMs) / (last.at - first.at);
  }
  return total;
}

/** Largest RSS seen per VM, in KiB. */
export function maxRssPerVm(run: LauncherRun): number[] {
  return [...run.vms.values()].map((samples) => Math.max(0, ...samples.map((s) => s.rssKb)));
}
