/**
 * A folder VMs run by hand wrote (vm-K.csv and vm-K.json, no manifest.json: README "One VM by hand"), read as the
 * checker reads a run: RunFacts built from each VM's vm-K.json (by-hand-record.ts), and the list of what they cannot
 * tell the checker, which `check` says in one line. A VM without a vm-K.json failed (it writes one only when its
 * session ended in order) or still runs: its rows are judged, its accounting is unknown and the copies to and from
 * it are taken as lost with it, as for a VM a launcher saw die. The rows' end is the latest endedAt less the agreed
 * start (startEpochMs), known only when every VM wrote both. A Ctrl-C's stop is each stopped VM's stopEpochMs (files
 * from before it was recorded hold their ticks to the planned end). A vm-K.json beside the CSV of a later session
 * (record-beside-rows.ts) is refused, as one of another session than the others is.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { clockRatesFor } from '../config/clock-rates.js';
import { formatIssues, keysWrittenIn } from '../config/format-issues.js';
import { parseJsonText } from '../config/json-text.js';
import { counted } from '../shared/counted.js';
import { microsecondMs } from '../shared/microsecond-ms.js';
import { printable } from '../shared/printable-text.js';
import { ByHandRecord, byHandRecordPattern } from './by-hand-record.js';
import { readClaim } from './folder-writer.js';
import { recordNotOfRows } from './record-beside-rows.js';
import { readRegularText } from './regular-file.js';
import type { ManifestVmFacts, RunFacts } from './run-facts.js';
import { type Unreadable, unreadable } from './unreadable.js';

/** A vm-K.json is a few hundred bytes; its pending list grows with what was queued at the stop. */
const maxRecordBytes = 16 * 1024 * 1024;

/** null: not a folder of VMs run by hand (no vm-K.json, or a launcher's claim: a run being written). */
export async function readByHandRun(runDir: string): Promise<{ ok: true; facts: RunFacts } | Unreadable | null> {
  const names = await readdir(runDir).catch(() => [] as string[]);
  const ids = names.flatMap((name) => {
    const id = byHandRecordPattern.exec(name)?.[1];
    return id === undefined ? [] : [Number(id)];
  });
  if (ids.length === 0 || (await readClaim(runDir)) !== undefined) return null;
  const records = new Map<number, ByHandRecord>();
  for (const id of ids.sort((a, b) => a - b)) {
    const read = await readRecord(runDir, id);
    if (!read.ok) return read;
    records.set(id, read.record);
  }
  const [firstId, first] = [...records][0] as [number, ByHandRecord];
  for (const [id, record] of records) {
    const file = join(runDir, `vm-${id}.json`);
    const other = (field: string, found: unknown, theirs: unknown) =>
      unreadable(
        'manifest-invalid',
        file,
        `${field}: found ${String(found)}; allowed: ${String(theirs)}, as in vm-${firstId}.json (one session's files only)`,
      );
    if (record.stats.id !== id)
      return unreadable('manifest-invalid', file, `stats.id: found ${record.stats.id}; allowed: ${id}`);
    if (id >= first.config.machines) {
      return unreadable(
        'manifest-invalid',
        file,
        `found VM ${id}; allowed: ids below machines (${first.config.machines})`,
      );
    }
    if (record.runId !== first.runId) return other('runId', record.runId, first.runId);
    const starts = [record.startEpochMs, first.startEpochMs];
    if (!starts.includes(undefined) && starts[0] !== starts[1]) return other('startEpochMs', starts[0], starts[1]);
    const stale = await recordNotOfRows(runDir, id, record);
    if (stale !== null) return unreadable('manifest-invalid', file, stale);
  }
  return { ok: true, facts: byHandFacts(runDir, first, records) };
}

async function readRecord(runDir: string, id: number): Promise<{ ok: true; record: ByHandRecord } | Unreadable> {
  const file = join(runDir, `vm-${id}.json`);
  const read = await readRegularText(file, maxRecordBytes);
  if (!read.ok) return unreadable(read.code === 'ENOTREG' ? 'not-a-file' : 'manifest-missing', file, read.detail);
  const json = parseJsonText(read.text);
  if (!json.ok) return unreadable('manifest-not-json', file, json.problems.join('; '));
  const parsed = ByHandRecord.safeParse(json.value, { reportInput: true });
  if (!parsed.success)
    return unreadable(
      'manifest-invalid',
      file,
      formatIssues(parsed.error.issues, undefined, undefined, keysWrittenIn(`vm-${id}.json`)).join('; '),
    );
  return { ok: true, record: parsed.data };
}

function byHandFacts(runDir: string, first: ByHandRecord, records: Map<number, ByHandRecord>): RunFacts {
  const { config } = first;
  const machines = config.machines;
  const all = [...records.values()];
  const missing = Array.from({ length: machines }, (_, id) => id).filter((id) => !records.has(id));
  // Without a seed in the config each VM drew its own rates: a VM that left no record has a rate no file says.
  const sameSeed = all.every((record) => record.seed === first.seed);
  const drawn = config.clockRates !== undefined || sameSeed ? clockRatesFor(config, first.seed) : null;
  // The config's own figure where known (a VM's real rate over the speed may be off in the last bit); 0: unknown.
  const clockRates = Array.from({ length: machines }, (_, id) => {
    const own = records.get(id)?.stats.clockRate;
    return drawn?.[id] ?? (own === undefined ? 0 : own / config.speed);
  });
  const vms = Array.from({ length: machines }, (_, id): ManifestVmFacts => {
    const stats = records.get(id)?.stats;
    if (stats === undefined) {
      const exit = `no vm-${id}.json (it failed, or still runs)`;
      return { id, exit, pendingAtStop: [], dropped: [], stoppedEarly: true, unendedLinks: [] };
    }
    const { pendingAtStop, dropped, stoppedEarly, unendedLinks, lostPeers, droppedBy } = stats;
    const { ticks, sent, received, finalClock, maxJump, maxQueue } = stats;
    const figures = { ticks, sent, received, finalClock, maxJump, maxQueue };
    const entry = { id, exit: 'done', pendingAtStop, dropped, stoppedEarly, unendedLinks, lostPeers, figures };
    return droppedBy === undefined ? entry : { ...entry, droppedBy };
  });
  const interrupted = vms.some((vm) => vm.stoppedEarly);
  const stoppedAtMs = interrupted && missing.length === 0 ? ctrlCStopMs(all, config.speed) : undefined;
  const unjudged = [
    ...(missing.length === 0 ? [] : [unrecorded(missing, drawn === null)]),
    ...endUnknown(all, missing),
    ...(interrupted && missing.length === 0 && stoppedAtMs === undefined
      ? ["ticks after the Ctrl-C's stop (its instant is not recorded)"]
      : []),
  ];
  const ends = all.map((record) => Date.parse(record.endedAt) - (record.startEpochMs ?? Number.NaN));
  const endElapsedMs = Math.max(...ends);
  return {
    runDir,
    runId: printable(first.runId, 100),
    status: missing.length > 0 ? 'failed' : interrupted ? 'interrupted' : 'ok',
    reason: missing.length > 0 ? `run by hand: ${vms[missing[0] ?? 0]?.exit}` : null,
    seed: first.seed,
    machines,
    durationSeconds: config.durationSeconds,
    clockRates,
    speed: config.speed,
    ...(missing.length === 0 && Number.isFinite(endElapsedMs) ? { endElapsedMs } : {}),
    ...(stoppedAtMs === undefined ? {} : { stoppedAtMs }),
    vms,
    kills: vms.map(() => ({ kills: 0, restarts: [] })),
    pausedVms: [],
    clockDrifts: [],
    byHand: { unjudged },
  };
}

/**
 * The Ctrl-C's stop in experiment ms after the start, as a launcher's stoppedAtMs: every VM stopped early records the
 * instant it was told (one instant, sent to all; the latest is taken should two Ctrl-Cs have crossed), or undefined
 * when one does not (a file from before it was recorded).
 */
function ctrlCStopMs(records: readonly ByHandRecord[], speed: number): number | undefined {
  const early = records.filter((record) => record.stats.stoppedEarly);
  const stops = early.map((record) => (record.stopEpochMs ?? Number.NaN) - (record.startEpochMs ?? Number.NaN));
  const latest = Math.max(...stops);
  return early.length > 0 && Number.isFinite(latest) ? microsecondMs(latest * speed) : undefined;
}

/** `VMs 1 and 2's figures, pending and dropped copies (no vm-K.json: ...)`. */
function unrecorded(missing: readonly number[], rateUnknown: boolean): string {
  const which =
    missing.length === 1 ? `VM ${missing[0]}'s` : `${counted(missing.length, 'VM')}' (${missing.join(', ')})`;
  const rate = rateUnknown ? ', rate (drawn from its own seed)' : '';
  const files = missing.map((id) => `vm-${id}.json`).join(', ');
  return `${which} accounting${rate} and the copies to and from it (no ${files}: it failed, or still runs)`;
}

function endUnknown(all: readonly ByHandRecord[], missing: readonly number[]): string[] {
  if (missing.length > 0) return ["rows after the session's end (not every VM recorded it)"];
  const older = all.filter((record) => record.startEpochMs === undefined).length;
  if (older === 0) return [];
  const files = `${older} of ${counted(all.length, 'vm-K.json file')}`;
  return [`rows after the session's end (${files} have no startEpochMs: an older clocklab wrote them)`];
}
