/**
 * The injected kills a run's faults.csv logged, for a run read without its manifest (launcher-died-run.ts): a launcher
 * that died mid-run acted on the kills due before its death only, and the manifest's `restarts` (when each killed VM
 * was down) were never written. Each `kill` row, and the `restart` row of the same VM after it, stand in for them:
 * the restart row is when the new life was started, a little before it rejoined, so its first row still comes after
 * (restart-downtime.ts takes the new life's first row past halfway from the kill).
 */
import { join } from 'node:path';
import { type FaultLogRow, parseFaultLog, readFaultLogText } from './fault-log-rows.js';
import { faultLogFileName } from './faults-csv.js';
import { type RestartInstants, restartInstantsIssue } from './restart-instants.js';
import type { KillFacts, RestartClock } from './run-facts.js';
import { type Unreadable, unreadable } from './unreadable.js';

/** `downAtMs`: per VM, when its last logged kill came (real ms after the start) if no restart followed it, else null. */
export type LoggedKills = { kills: KillFacts[]; restarts: RestartInstants[]; downAtMs: (number | null)[] };

/**
 * Per VM id: its logged kills and restarts; null without a faults.csv (the config's kills stand then: a run that
 * injects none has none). One that is not a regular file, does not parse as CSV, or logs a restart no launcher could
 * (before its kill, overlapping the one before, past `endMs`, the run's real length) is refused in one line, as a
 * hand-edited manifest's `restarts` are.
 */
export async function readLoggedKills(
  runDir: string,
  machines: number,
  endMs: number,
): Promise<{ ok: true; logged: LoggedKills | null } | Unreadable> {
  const file = join(runDir, faultLogFileName);
  const read = await readFaultLogText(runDir);
  if (!read.ok) {
    if (read.code === 'ENOENT') return { ok: true, logged: null };
    return unreadable(read.code === 'ENOTREG' ? 'not-a-file' : 'fault-log-invalid', file, read.detail);
  }
  let rows: FaultLogRow[];
  try {
    rows = parseFaultLog(read.text);
  } catch (error) {
    return unreadable('fault-log-invalid', file, `not CSV: ${(error as Error).message}`);
  }
  const logged = loggedKillsIn(rows, machines);
  for (const [vm, restarts] of logged.restarts.entries()) {
    const issue = restartInstantsIssue(restarts, endMs);
    if (issue !== null)
      return unreadable('fault-log-invalid', file, `VM ${vm}'s kill and restart rows: ${issue.message}`);
  }
  return { ok: true, logged };
}

export function loggedKillsIn(rows: readonly FaultLogRow[], machines: number): LoggedKills {
  const kills: KillFacts[] = Array.from({ length: machines }, () => ({ kills: 0, restarts: [] }));
  const restarts: RestartInstants[] = Array.from({ length: machines }, () => []);
  const killedAt = new Map<number, number>();
  for (const row of rows) {
    const vm = Number(row.vm);
    const at = Number(row.elapsed_ms);
    const facts = kills[vm];
    if (row.vm === '' || !Number.isInteger(vm) || facts === undefined || !Number.isFinite(at)) continue;
    // A kill row with no instant a launcher writes (negative) is kept: restartInstantsIssue refuses its restart.
    if (row.kind === 'kill') {
      facts.kills += 1;
      killedAt.set(vm, at);
    } else if (row.kind === 'restart') {
      const kill = killedAt.get(vm);
      if (kill === undefined || at < kill) continue;
      killedAt.delete(vm);
      const clock: RestartClock = row.detail === 'clock reset' ? 'reset' : 'kept';
      facts.restarts = [...facts.restarts, clock];
      restarts[vm]?.push({ killElapsedMs: kill, rejoinElapsedMs: at });
    }
  }
  const downAtMs = Array.from({ length: machines }, (_, vm) => killedAt.get(vm) ?? null);
  return { kills, restarts, downAtMs };
}
