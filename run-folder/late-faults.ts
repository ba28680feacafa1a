/**
 * Faults that acted later than due, read back from faults.csv (its `due_ms` against `elapsed_ms`). The launcher acts
 * on a fault with a timer: Node's timers count whole ms and fire when the event loop wakes, so a fault can act late,
 * most of all while the VMs start; at speed S each real ms of that is S experiment ms (at `--speed 1000` a pause due
 * at 20 s acted at 57 s). The file records it honestly; these lines say so.
 *
 * The bound: a fault is late past 10 real ms or one tick period of the fastest VM (real), whichever is longer.
 * Below one tick of the fastest VM no VM ticked between the due instant and the actual one, so no row is other than
 * it would have been on time; below 10 ms it is the wake-up jitter of a timer on a loaded machine, which no schedule
 * on this launcher avoids, and which would otherwise be said of every fault at a high speed.
 */
import { msText as ms } from '../shared/microsecond-ms.js';
import { parseFaultLog, readFaultLogText } from './fault-log-rows.js';

/** Timer wake-up jitter on a loaded machine, real ms: below it a fault is on time. */
export const timerJitterMs = 10;

export type LateFault = { kind: string; vm: number | ''; detail: string; dueMs: number; actedMs: number };

/** Real ms past due from which a fault counts as late, for a run at `speed` with these rates (per experiment s). */
export function lateBoundMs(speed: number, clockRates: readonly number[]): number {
  const fastest = Math.max(0, ...clockRates) * speed;
  return fastest > 0 ? Math.max(timerJitterMs, 1000 / fastest) : timerJitterMs;
}

/** The faults in `text` (faults.csv) that acted more than `boundMs` after due; rows without a due instant are not. */
export function lateFaultsIn(text: string, boundMs: number): LateFault[] {
  const rows = parseFaultLog(text);
  return rows.flatMap((row): LateFault[] => {
    const dueMs = Number(row.due_ms === undefined || row.due_ms === '' ? Number.NaN : row.due_ms);
    const actedMs = Number(row.elapsed_ms);
    if (!Number.isFinite(dueMs) || !Number.isFinite(actedMs) || actedMs - dueMs <= boundMs) return [];
    const vm = row.vm === undefined || row.vm === '' ? '' : Number(row.vm);
    return [{ kind: row.kind ?? '', vm: Number.isInteger(vm) ? vm : '', detail: row.detail ?? '', dueMs, actedMs }];
  });
}

/** Reads RUN_DIR/faults.csv: none, or one that does not read, has no late fault to tell (the report says why). */
export async function readLateFaults(runDir: string, boundMs: number): Promise<LateFault[]> {
  const read = await readFaultLogText(runDir);
  if (!read.ok) return [];
  try {
    return lateFaultsIn(read.text, boundMs);
  } catch {
    return [];
  }
}

const experiment = (realMs: number, speed: number) => `${Number(((realMs * speed) / 1000).toFixed(3))} s`;

/**
 * `fault pause of VM 2 acted 37 ms (real) late: due at 20 s (20 ms real), acted at 57 s (57 ms real); at speed
 * 1000 each real ms of the launcher's timer is 1000 experiment ms (a lower --speed keeps faults on time)`.
 */
export function lateFaultLine(late: LateFault, speed: number, boundMs: number, durationSeconds: number): string {
  const what = late.vm === '' ? `${late.kind} (${late.detail})` : `${late.kind} of VM ${late.vm}`;
  const cause =
    speed > 1
      ? `at speed ${speed} each real ms of the launcher's timer is ${speed} experiment ms (a lower --speed keeps faults on time)`
      : 'the launcher woke late (a busy machine)';
  const acted = (late.actedMs * speed) / 1000;
  const past = acted >= durationSeconds ? `, after the run's ${durationSeconds} s end` : '';
  return (
    `fault ${what} acted ${ms(late.actedMs - late.dueMs)} (real) late, past the ${ms(boundMs)} bound: ` +
    `due at ${experiment(late.dueMs, speed)} (${ms(late.dueMs)} real), acted at ${experiment(late.actedMs, speed)} ` +
    `(${ms(late.actedMs)} real)${past}; ${cause}`
  );
}
