/**
 * How late each VM's ticks ran in real run folders, for the wake-up model's fit (wake-fit.ts): a row's elapsed_ms
 * against its tick's deadline, tick x 1000 / the VM's real rate. Sim runs are left out (their lateness is the model's
 * own), and so are VMs an injected pause or kill made late or restarted on purpose, and rows that do not read.
 */
import { readRun, readVmRows } from '../run-folder/read-run.js';
import type { Unreadable } from '../run-folder/unreadable.js';
import { type MeasuredWake, wakeQuantiles } from './wake-fit.js';

export type WakeRead = { ok: true; vms: MeasuredWake[] } | Unreadable;

export async function measuredWake(runDir: string): Promise<WakeRead> {
  const read = await readRun(runDir);
  if (!read.ok) return read;
  const facts = read.facts;
  if (facts.engine === 'sim') return { ok: true, vms: [] };
  const vms: MeasuredWake[] = [];
  for (let vmId = 0; vmId < facts.machines; vmId++) {
    const kills = facts.kills[vmId]?.kills ?? 0;
    if (kills > 0 || facts.pausedVms.includes(vmId)) continue;
    const periodMs = 1000 / ((facts.clockRates[vmId] ?? 0) * facts.speed);
    const lateUs: number[] = [];
    const csv = await readVmRows(facts, vmId, (parsed) => {
      if (parsed.ok) lateUs.push(Math.max(0, (parsed.row.elapsedMs - parsed.row.tick * periodMs) * 1000));
    });
    if (!csv.ok) return csv;
    if (lateUs.length > 0) vms.push(wakeQuantiles(lateUs));
  }
  return { ok: true, vms };
}
