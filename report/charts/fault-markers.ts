/**
 * The injected faults of faults.csv as chart marks: partitions, pauses and the time a killed VM was down become
 * bands (start to end; to the end of the run if it never ended), kills and restarts become rules at their instant.
 * A killed VM is down until its new life rejoined the run (the manifest's restarts, where the analysis ends its down
 * time too), not only until the launcher started it: a new process takes a tenth of a second and more to rejoin.
 * Link rules hold for the whole run, so they are listed as text rather than drawn. Each mark says which VM it
 * concerns (pause, kill, restart, down) or, for a partition, its groups, so the space-time diagram draws it on those
 * VMs' lines only.
 */
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type FaultKind, faultLogFileName } from '../../run-folder/faults-csv.js';
import { readRegularText } from '../../run-folder/regular-file.js';
import type { RestartInstant } from '../../run-folder/restart-instants.js';

export type FaultBand = {
  kind: 'partition' | 'pause' | 'down';
  fromMs: number;
  toMs: number;
  label: string;
  /** The VM paused or down; null for a partition. */
  vm: number | null;
  /** A partition's groups of VMs (`{0} | {1,2}`); empty for a fault of one VM. */
  groups: number[][];
};
export type FaultRule = { kind: 'kill' | 'restart'; atMs: number; label: string; vm: number | null };
export type FaultMarkers = { bands: FaultBand[]; rules: FaultRule[]; links: string[]; problem: string | null };

export type FaultRow = { elapsedMs: number; kind: FaultKind; vm: string; peer: string; detail: string };

export const noFaults: FaultMarkers = { bands: [], rules: [], links: [], problem: null };

/** Per VM id, its restarts as the manifest records them (real ms; none for an older manifest). */
export type RestartsByVm = readonly (readonly RestartInstant[] | undefined)[];

/** Reads RUN_DIR/faults.csv; no file means no faults, a file that does not read is a problem shown on the page. */
export async function readFaultMarkers(
  runDir: string,
  endMs: number,
  restarts: RestartsByVm = [],
): Promise<FaultMarkers> {
  const file = join(runDir, faultLogFileName);
  // Only a regular file, of a bounded size: a FIFO planted as faults.csv must not block the report.
  const read = await readRegularText(file, 64 * 1024 * 1024);
  if (!read.ok) {
    if (read.code === 'ENOENT') return noFaults;
    return { ...noFaults, problem: `${faultLogFileName} not read: ${read.detail}` };
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(read.text, { columns: true, skip_empty_lines: true });
  } catch (error) {
    return { ...noFaults, problem: `${faultLogFileName} not read: ${(error as Error).message}` };
  }
  const parsed: FaultRow[] = rows.map((r) => ({
    elapsedMs: Number(r.elapsed_ms),
    kind: r.kind as FaultKind,
    vm: r.vm ?? '',
    peer: r.peer ?? '',
    detail: r.detail ?? '',
  }));
  return faultMarkers(parsed, endMs, restarts);
}

/**
 * Pairs each start with its end (same partition groups, same VM); rows arrive in time order. A start while its key is
 * open keeps the earlier band: partitions of the same groups that overlap are one band until the last of them ends
 * (the VMs drop while any holds), and a pause of a paused VM ends at the first resume (it continues the VM).
 */
export function faultMarkers(rows: readonly FaultRow[], endMs: number, restarts: RestartsByVm = []): FaultMarkers {
  const markers: FaultMarkers = { bands: [], rules: [], links: [], problem: null };
  type Started = Omit<FaultBand, 'toMs'>;
  /** `held`: how many starts of a partition are open; a pause or a down VM ends at its first end. */
  const open = new Map<string, { band: Started; held: number }>();
  const start = (key: string, band: Started) => {
    const started = open.get(key);
    if (started === undefined) open.set(key, { band, held: 1 });
    else if (band.kind === 'partition') started.held += 1;
  };
  const end = (key: string, toMs: number) => {
    const started = open.get(key);
    if (started === undefined) return;
    started.held -= 1;
    if (started.held > 0) return;
    open.delete(key);
    markers.bands.push({ ...started.band, toMs });
  };
  for (const row of rows) {
    const at = row.elapsedMs;
    if (!Number.isFinite(at)) continue;
    const kind = row.kind;
    const vm = vmOf(row.vm);
    const one = (band: 'pause' | 'down', label: string): Started => ({ kind: band, fromMs: at, label, vm, groups: [] });
    switch (kind) {
      case 'link-delay':
      case 'link-drop':
        markers.links.push(`${kind === 'link-delay' ? 'delay' : 'drop'} ${row.detail}`);
        break;
      case 'partition-start':
        start(`partition ${row.detail}`, {
          kind: 'partition',
          fromMs: at,
          label: `partition ${row.detail}`,
          vm: null,
          groups: partitionGroups(row.detail),
        });
        break;
      case 'partition-end':
        end(`partition ${row.detail}`, at);
        break;
      case 'pause':
        start(`pause ${row.vm}`, one('pause', `VM ${row.vm} paused`));
        break;
      case 'resume':
        end(`pause ${row.vm}`, at);
        break;
      case 'kill':
        markers.rules.push({ kind: 'kill', atMs: at, label: `VM ${row.vm} killed (${row.detail})`, vm });
        start(`down ${row.vm}`, one('down', `VM ${row.vm} down`));
        break;
      case 'restart': {
        markers.rules.push({ kind: 'restart', atMs: at, label: `VM ${row.vm} restarted (${row.detail})`, vm });
        // The restart the launcher began between that kill and the new life's rejoin; none: a manifest without them.
        const rejoin =
          vm === null ? undefined : restarts[vm]?.find((r) => r.killElapsedMs <= at && at <= r.rejoinElapsedMs);
        end(`down ${row.vm}`, rejoin?.rejoinElapsedMs ?? at);
        break;
      }
      case 'repair':
        // The launcher's fix to a killed VM's CSV before its restart: nothing to draw.
        break;
      default: {
        const unknown: never = kind;
        markers.problem = `unknown fault kind '${String(unknown)}' in ${faultLogFileName}, left out`;
      }
    }
  }
  for (const [key, started] of [...open]) {
    started.held = 1;
    end(key, endMs);
  }
  markers.bands.sort((a, b) => a.fromMs - b.fromMs);
  return markers;
}

const vmOf = (text: string): number | null => (/^\d+$/.test(text) ? Number(text) : null);

/** `{0} | {1,2}` -> [[0], [1, 2]]. */
export function partitionGroups(detail: string): number[][] {
  return [...detail.matchAll(/\{([^}]*)\}/g)].map((m) =>
    (m[1] ?? '')
      .split(',')
      .filter((id) => /^\s*\d+\s*$/.test(id))
      .map(Number),
  );
}
