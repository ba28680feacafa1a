/**
 * `npm run soak -- --interrupt [N]`: N runs, each interrupted at a random instant as a terminal's Ctrl-C does it
 * (SIGINT to the launcher's whole process group, VMs included), from the launcher's start-up to past the run's end.
 * Each is judged on what it left: copies neither received, pending nor dropped; processes still alive (its group,
 * and each VM's own);
 * VM ports still bound; and VMs that did not stop cleanly in a run that had started.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execaNode } from 'execa';
import { checkRun } from '../analysis/check-run.js';
import type { Manifest } from '../run-folder/manifest.js';
import { isAlive } from '../shared/process-alive.js';
import { seededRandom } from '../shared/seeded-random.js';

export type InterruptTotals = {
  runs: number;
  interrupted: number;
  /** The run ended before the signal came (exit 0). */
  finishedFirst: number;
  /** The signal came while the launcher was starting, before it wrote a manifest (no VM had started). */
  beforeStart: number;
  unexpectedExit: number;
  unaccounted: number;
  uncleanVms: number;
  processesLeft: number;
  portsBound: number;
};

/** How long each run lasts, and the latest instant (after the launcher's spawn) a Ctrl-C may come. */
const durationSeconds = 2;
const latestSignalMs = 3000;

export async function interruptSoak(
  launcherBin: string,
  root: string,
  config: string,
  runs: number,
  portBound: (port: number) => Promise<boolean>,
): Promise<InterruptTotals> {
  const totals: InterruptTotals = {
    runs,
    interrupted: 0,
    finishedFirst: 0,
    beforeStart: 0,
    unexpectedExit: 0,
    unaccounted: 0,
    uncleanVms: 0,
    processesLeft: 0,
    portsBound: 0,
  };
  const random = seededRandom(20_261_201, 0);
  for (let i = 0; i < runs; i++) {
    const out = join(root, `interrupted-${i}`);
    const args = ['run', config, '--out', out, '--seed', String(i), '--duration', String(durationSeconds)];
    const badBefore = badCount(totals);
    const run = execaNode(launcherBin, args, { reject: false, detached: true });
    const group = run.pid ?? 0;
    const signalAfterMs = random.int(0, latestSignalMs);
    const timer = setTimeout(() => signalGroup(group), signalAfterMs);
    const result = await run;
    clearTimeout(timer);
    if (groupAlive(group)) {
      totals.processesLeft += 1;
      signalGroup(group, 'SIGKILL');
    }
    const manifest = await readFile(join(out, 'manifest.json'), 'utf8').then(
      (text) => JSON.parse(text) as Manifest,
      () => undefined,
    );
    if (manifest === undefined) {
      // Killed by the signal before it wrote anything: acceptable only if no VM had been started.
      if (result.signal === 'SIGINT' || result.exitCode === 130) totals.beforeStart += 1;
      else totals.unexpectedExit += 1;
    } else {
      if (result.exitCode === 130 && manifest.status === 'interrupted') totals.interrupted += 1;
      else if (result.exitCode === 0 && manifest.status === 'ok') totals.finishedFirst += 1;
      // Ctrl-C after the stop instant, or during the check after a finished run, skips the report (exit 130): the
      // run itself is whole.
      else if ((result.exitCode === 130 || result.signal === 'SIGINT') && manifest.status === 'ok')
        totals.finishedFirst += 1;
      else totals.unexpectedExit += 1;
      if (manifest.startEpochMs !== undefined) {
        totals.uncleanVms += manifest.vms.filter((vm) => vm.exit !== 'done').length;
        totals.unaccounted += await unaccountedCopies(out);
      }
      for (const vm of manifest.vms) if (vm.port > 0 && (await portBound(vm.port))) totals.portsBound += 1;
      // VMs run in process groups of their own: each is checked by its pid.
      totals.processesLeft += manifest.vms.filter((vm) => vm.pid !== null && isAlive(vm.pid)).length;
    }
    if (badCount(totals) > badBefore) {
      process.stderr.write(
        `soak: run ${i} (Ctrl-C after ${signalAfterMs} ms): exit ${result.exitCode ?? result.signal}, kept in ${out}\n`,
      );
    } else await rm(out, { recursive: true, force: true });
    if ((i + 1) % 10 === 0) process.stderr.write(`soak: ${i + 1}/${runs} interrupted runs\n`);
  }
  return totals;
}

/** Everything that must stay 0. */
export function badCount(t: InterruptTotals): number {
  return t.unexpectedExit + t.unaccounted + t.processesLeft + t.portsBound + t.uncleanVms;
}

/** Copies the checker finds nowhere: as violations (VMs stopped cleanly) or in notes (a VM did not). */
async function unaccountedCopies(dir: string): Promise<number> {
  const check = await checkRun(dir);
  if (!check.ok && check.reason === 'unreadable') return 1;
  // No row logged (stopped after the start instant, before any tick): no copy was sent, none can be missing.
  if (!check.ok && check.reason === 'no-rows') return 0;
  const violations = check.ok ? 0 : (check.countsByRule['exactly-once'] ?? 0);
  const noted = check.notes
    .map((note) => /^(\d+) copies sent to VM \d+ are neither received, pending nor dropped/.exec(note.text))
    .reduce((sum, match) => sum + (match === null ? 0 : Number(match[1])), 0);
  return violations + noted;
}

function signalGroup(group: number, signal: NodeJS.Signals = 'SIGINT'): void {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is gone already: the run ended before the signal.
  }
}

/** Whether any process of the launcher's group (the launcher and its VMs) still exists. */
function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
