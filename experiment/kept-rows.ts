/**
 * Rows a trial on remote hosts could not bring into its run folder stay on a host (the manifest's `rowsOnHost` and
 * `earlierRowsOnHost`, which the launcher's remote transport records): an experiment says where, and names them in
 * the trial's outcome.
 */
import { type EarlierRowsOnHost, type RowsOnHost, rowsOnHostLines } from '../run-folder/rows-on-host.js';
import { readRunManifest } from '../run-folder/run-manifest.js';
import type { TrialOutcome } from './trial-outcome.js';

/** A manifest's VMs, as the launcher wrote them or as a reader read them back. */
type VmsOf = {
  vms: readonly {
    id: number;
    rowsOnHost?: RowsOnHost | undefined;
    earlierRowsOnHost?: readonly EarlierRowsOnHost[] | undefined;
  }[];
};

/**
 * One line per VM whose rows stay on its host. A trial has no progress lines of its own: without these a resumed
 * trial's user had no way to know rows were left on a host.
 */
export function keptRowsLines(manifest: VmsOf): string[] {
  return manifest.vms.flatMap((vm) => rowsOnHostLines(vm));
}

/**
 * The lines of a trial whose run folder failed (a full disk): its manifest, if it could still be written, says which
 * rows stay on their host; none when it could not (the failure's own line says what was lost).
 */
export async function keptRowsOfFailedRun(dir: string): Promise<string[]> {
  const read = await readRunManifest(dir);
  return read.ok ? keptRowsLines(read.facts) : [];
}

/** A trial not ok names, after why, where rows it could not fetch stay (summary.md lists it). */
export function withKeptRows(outcome: TrialOutcome, kept: readonly string[]): TrialOutcome {
  if (outcome.status === 'ok' || kept.length === 0) return outcome;
  return { ...outcome, detail: `${outcome.detail}; ${kept.join('; ')}` };
}
