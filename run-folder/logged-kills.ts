/**
 * The injected kills a run's faults.csv logged, for a run read without its manifest (launcher-died-run.ts): a launcher
 * that died mid-run acted on the kills due before its death only, and the manifest's `restarts` (when each killed VM
 * was down) were never written. Each `kill` row, and the `restart` row of the same VM after it, stand in for them:
 * the restart row is when the new life was started, a little before it rejoined, so its first row still comes after
 * (restart-downtime.ts takes the new life's first row past halfway from the kill).
 */
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { faultLogFileName } from './faults-csv.js';
import { readRegularText } from './regular-file.js';
import type { RestartInstants } from './restart-instants.js';
import type { KillFacts, RestartClock } from './run-manifest.js';

export type LoggedKills = { kills: KillFacts[]; restarts: RestartInstants[] };

/** Per VM id: its logged kills and restarts; null without a faults.csv that reads (the config's kills stand then). */
export async function readLoggedKills(runDir: string, machines: number): Promise<LoggedKills | null> {
  const read = await readRegularText(join(runDir, faultLogFileName), 64 * 1024 * 1024);
  if (!read.ok) return null;
  let rows: Record<string, string>[];
  try {
    rows = parse(read.text, { columns: true, skip_empty_lines: true, relax_column_count: true });
  } catch {
    return null;
  }
  return loggedKillsIn(rows, machines);
}

export function loggedKillsIn(rows: readonly Record<string, string>[], machines: number): LoggedKills {
  const kills: KillFacts[] = Array.from({ length: machines }, () => ({ kills: 0, restarts: [] }));
  const restarts: RestartInstants[] = Array.from({ length: machines }, () => []);
  const killedAt = new Map<number, number>();
  for (const row of rows) {
    const vm = Number(row.vm);
    const at = Number(row.elapsed_ms);
    const facts = kills[vm];
    if (row.vm === '' || !Number.isInteger(vm) || facts === undefined || !Number.isFinite(at)) continue;
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
  return { kills, restarts };
}
