/**
 * Reads `manifest.json` for analysis, report and export, validated with the one Manifest schema (manifest.ts), which
 * keeps a manifest from an older launcher (no speed) or a newer one (more fields) readable. Only a regular file is
 * read (a FIFO is refused at once), and at most `maxManifestBytes`. A folder without one is said why
 * (missing-manifest.ts).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues, keysWrittenIn } from '../config/format-issues.js';
import { type JsonText, parseJsonText } from '../config/json-text.js';
import { printable } from '../shared/printable-text.js';
import { killFactsOf, pausedVmsOf } from './config-fault-facts.js';
import { hostClockDrifts } from './host-clock-drift.js';
import { readLauncherDiedRun } from './launcher-died-run.js';
import { Manifest, manifestFileName } from './manifest.js';
import { missingManifest } from './missing-manifest.js';
import { readRegularText } from './regular-file.js';
import type { RowsOnHost } from './rows-on-host.js';
import type { ManifestVmFacts, RunFacts } from './run-facts.js';
import { type Unreadable, type UnreadableProblem, unreadable } from './unreadable.js';

/** Far above any real manifest (256 VMs with long pending lists), far below what would strain memory. */
const maxManifestBytes = 64 * 1024 * 1024;

/** A key given twice is valid JSON, but a manifest no launcher wrote: refused as invalid. */
const jsonProblem = {
  'not-json': 'manifest-not-json',
  'duplicate-key': 'manifest-invalid',
} as const satisfies Record<Exclude<JsonText, { ok: true }>['reason'], UnreadableProblem>;

export type ReadManifestResult = { ok: true; facts: RunFacts } | Unreadable;

export async function readRunManifest(runDir: string): Promise<ReadManifestResult> {
  const file = join(runDir, manifestFileName);
  const read = await readRegularText(file, maxManifestBytes);
  if (!read.ok) {
    // `file` names the manifest: the detail says only what is wrong with it.
    if (read.code === 'ENOTREG') return unreadable('not-a-file', file, read.detail);
    if (read.code !== 'ENOENT')
      return unreadable('manifest-missing', file, `cannot read (${read.code === 'EFBIG' ? read.detail : read.code})`);
    const isFolder = await stat(runDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) return unreadable('no-run-folder', runDir, 'no such folder');
    // A launcher that died after the start left its start record: the run is read from it and the rows.
    const died = await readLauncherDiedRun(runDir);
    if (died !== null) return died;
    return unreadable('manifest-missing', file, await missingManifest(runDir));
  }
  // A key given twice (a manifest edited by hand) is refused: JSON.parse would keep the last one silently.
  const json = parseJsonText(read.text);
  if (!json.ok) return unreadable(jsonProblem[json.reason], file, json.problems.join('; '));
  // reportInput: each issue carries the value found, which the message quotes.
  const parsed = Manifest.safeParse(json.value, { reportInput: true });
  if (!parsed.success)
    return unreadable(
      'manifest-invalid',
      file,
      formatIssues(parsed.error.issues, undefined, undefined, keysWrittenIn('manifest.json')).join('; '),
    );
  const m = parsed.data;
  // The schema holds one entry per VM, each id once: in id order, vms[i] is VM i.
  const vms = [...m.vms]
    .sort((a, b) => a.id - b.id)
    .map((vm): ManifestVmFacts => {
      const { id, pendingAtStop, dropped, stoppedEarly, unendedLinks, stopElapsedMs, restarts, droppedBy } = vm;
      const { rowsOnHost, earlierRowsOnHost, exitSeenElapsedMs } = vm;
      const { ticks, sent, received, finalClock, maxJump, maxQueue } = vm;
      const figures = { ticks, sent, received, finalClock, maxJump, maxQueue };
      const entry = {
        ...{ id, exit: printable(vm.exit, 200), pendingAtStop, dropped, stoppedEarly, unendedLinks, figures },
        lostPeers: vm.lostPeers,
        // An older manifest has none: its drops are not told by cause.
        ...(droppedBy === undefined ? {} : { droppedBy }),
        // An older manifest has none: the analysis then falls back to the VM's last row.
        ...(stopElapsedMs === undefined ? {} : { stopElapsedMs }),
        // An older manifest has none: the stop of a VM that died is then taken as its exit seen.
        ...(exitSeenElapsedMs === undefined ? {} : { exitSeenElapsedMs }),
        // An older manifest has none: the ticks due while a restarted VM was down count as due.
        ...(restarts === undefined ? {} : { restarts }),
        // Rows of it that stay on its host (an older manifest has none); said in lines, so printable.
        ...(rowsOnHost === undefined ? {} : { rowsOnHost: printableRowsOnHost(rowsOnHost) }),
        ...(earlierRowsOnHost === undefined ? {} : { earlierRowsOnHost: earlierRowsOnHost.map(printableRowsOnHost) }),
      };
      // Which host's clock its rows' times are on (absent: the launcher's machine); shown in findings, so printable.
      return vm.host === undefined ? entry : { ...entry, host: printable(vm.host, 100) };
    });
  return {
    ok: true,
    facts: {
      runDir,
      // Shown as they are by analyze, check and the report: file content, so made printable here, once.
      runId: printable(m.runId, 100),
      status: m.status,
      reason: m.reason === undefined ? null : printable(m.reason, 1000),
      seed: m.seed,
      machines: m.config.machines,
      durationSeconds: m.config.durationSeconds,
      clockRates: m.clockRates,
      speed: m.speed,
      ...(m.stoppedAtMs === undefined ? {} : { stoppedAtMs: m.stoppedAtMs }),
      ...(m.engine === undefined ? {} : { engine: m.engine }),
      ...endElapsed(m),
      vms,
      kills: killFactsOf(m.config),
      pausedVms: pausedVmsOf(m.config),
      // Host names are shown in notes: file content, so made printable.
      clockDrifts: hostClockDrifts(m.hosts ?? []).map((drift) => ({ ...drift, host: printable(drift.host, 100) })),
    },
  };
}

function endElapsed(m: Manifest): { endElapsedMs?: number } {
  const ended = Date.parse(m.endedAt);
  if (m.engine === 'sim' || m.startEpochMs === undefined || !Number.isFinite(ended)) return {};
  return { endElapsedMs: ended - m.startEpochMs };
}

/** Its text fields as a line may show them: a hand-edited manifest's control characters never reach the terminal. */
function printableRowsOnHost<Rows extends Pick<RowsOnHost, 'host' | 'file' | 'why'>>(rows: Rows): Rows {
  return {
    ...rows,
    host: printable(rows.host, 100),
    file: printable(rows.file, 300),
    why: printable(rows.why, 300),
  };
}
