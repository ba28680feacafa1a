/**
 * Ctrl-C (SIGINT to the launcher's whole process group, as a terminal sends it) at each instant of a run's start, for
 * the suites on one host and on several: each instant is reached by waiting on the launcher's own line for it, never
 * by a sleep; then what the run folder and the launcher's output say is checked: every VM named exactly once, with
 * what happened to it, and `launcher check` content with the folder.
 */
import { expect } from '@jest/globals';
import { execaNode } from 'execa';
import { vmFates } from '../../cli/unticked-run.js';
import { launcherBin, readManifest, waitForLine, waitUntilGone } from './cli-harness.js';

/** The instants, each with the line that marks it (`run --verbose`). */
export const startInstants = {
  // The hosts answered and the run folder is made: the VMs' processes (and ssh sessions) are being started.
  'before the VMs are up': /^clocklab run \S+:/m,
  // Every VM listens: the peers' ports are handed out, the links go up.
  'during link-up': /^every VM listens: /m,
  // The start instant is told (its lead not yet run out).
  'at the start barrier': /^started vm0 /m,
  // A VM ticked: its first event, as --verbose prints it.
  'just after tick 0': /^vm\d: vm\d tick 0 at /m,
} as const;

export type StartInstant = keyof typeof startInstants;

const stopped = 'stopped before the start';

/** Signals `launched` (the leader of its own group) once its line for `instant` came, and waits for it to end. */
export async function ctrlCAt<T extends PromiseLike<unknown>>(
  launched: T & { pid?: number | undefined; stderr: NodeJS.ReadableStream | null },
  instant: StartInstant,
): Promise<Awaited<T>> {
  if (launched.stderr === null) throw new Error('the launcher has no stderr to wait on');
  await waitForLine(launched.stderr, startInstants[instant]);
  process.kill(-(launched.pid ?? 0), 'SIGINT');
  return await launched;
}

/**
 * A run Ctrl-C ended at `instant`: exit 130; its manifest has each of the `machines` VMs once; the launcher's output
 * names each one once, with the exit the manifest gives it (the one line of a run no VM ticked in, or the summary
 * table's row); before the start, every VM is one the launcher stopped; `launcher check` is valid (nothing to check,
 * exit 0, when no VM logged a row). Returns the VMs' pids, for the caller to see them gone.
 */
export async function expectEveryVmAccounted(
  result: { exitCode?: number | undefined; stdout: unknown; stderr: unknown },
  out: string,
  machines: number,
  instant: StartInstant,
): Promise<void> {
  const stderr = String(result.stderr);
  const stdout = String(result.stdout);
  expect({ instant, exitCode: result.exitCode }).toEqual({ instant, exitCode: 130 });
  const manifest = await readManifest(out);
  expect(manifest.status).toBe('interrupted');
  expect(manifest.vms.map((vm) => vm.id)).toEqual(Array.from({ length: machines }, (_, id) => id));
  const exits = manifest.vms.map((vm) => `vm${vm.id}: ${vm.exit}`);
  const ticked = manifest.vms.some((vm) => vm.ticks > 0);
  if (manifest.startEpochMs === undefined) {
    // Not told the start: the launcher stopped each VM, whichever way its stop reached it first.
    expect({ instant, exits }).toEqual({ instant, exits: manifest.vms.map((vm) => `vm${vm.id}: ${stopped}`) });
  } else {
    expect({ instant, exits }).toEqual({ instant, exits: manifest.vms.map((vm) => `vm${vm.id}: done`) });
  }
  const check = await execaNode(launcherBin, ['check', out], { reject: false });
  expect({ instant, check: check.exitCode }).toEqual({ instant, check: 0 });
  if (!ticked) {
    const line = stderr.split('\n').find((l) => l.startsWith('run interrupted before'));
    const named = /; (.*): nothing was logged;/.exec(line ?? '')?.[1] ?? `no line in ${stderr}`;
    expect({ instant, named }).toEqual({ instant, named: vmFates(manifest.vms) });
    expect(namedIds(named, machines)).toEqual(Array.from({ length: machines }, (_, id) => id));
    expect(stdout).toBe('');
    expect(check.stdout).toMatch(/^nothing to check: no VM logged a row/);
  } else {
    expect(stderr).toMatch(/^run interrupted: stopped by a signal to the launcher$/m);
    // The summary table: one row per VM (its first column), in each block it is split into.
    const rows = stdout.split('\n').flatMap((l) => /^vm(\d+) /.exec(l)?.[1] ?? []);
    const blocks = rows.filter((id) => id === '0').length;
    expect(blocks).toBeGreaterThan(0);
    expect(rows).toEqual(Array.from({ length: blocks }, () => manifest.vms.map((vm) => String(vm.id))).flat());
    expect(check.stdout).toMatch(/^valid: /);
  }
  expect(
    await waitUntilGone(
      manifest.vms.map((vm) => vm.pid ?? 0).filter((pid) => pid > 0),
      20_000,
    ),
  ).toEqual([]);
}

/** The VM ids a clause of the unticked line names, each as often as named (`every VM` names them all). */
function namedIds(clause: string, machines: number): number[] {
  const ids: number[] = [];
  if (clause.includes('every VM')) ids.push(...Array.from({ length: machines }, (_, id) => id));
  for (const match of clause.matchAll(/\bVMs? ((?:\d+(?:-\d+)?(?:, | and )?)+)/g)) {
    for (const part of (match[1] ?? '').split(/, | and /).filter((p) => p !== '')) {
      const [from, to] = part.split('-').map(Number);
      for (let id = from ?? 0; id <= (to ?? from ?? 0); id++) ids.push(id);
    }
  }
  return ids.sort((a, b) => a - b);
}
