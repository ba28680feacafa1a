/**
 * The manifest's record of a remote VM's rows that never reached the run folder and stay in a file on its host
 * (launcher/remote-vm-rows.ts writes it): a host lost mid-run that did not answer at the end, a killed VM whose rows
 * could not be fetched, or a run folder that could not take them. Readers say each in one line where they speak of
 * that VM's rows (rowsOnHostLines).
 *
 * Two kinds, because a restart changes what the run folder's CSV holds past the record's byte:
 * - `rowsOnHost`, of the VM's last life: the run folder's CSV ends at `fromByte`; the rest of the file is only there.
 * - `earlierRowsOnHost`, one per earlier life whose rows could not be fetched before the restart that followed it:
 *   the restart goes on in the run folder's CSV from `fromByte` with the next life's rows, so those bytes there are
 *   not the file's. That life's file on the host is set aside whole under a name of its own (`vm-1.life-1.csv`) before
 *   the next life cuts its CSV there back: the run folder holds that copy's bytes before `fromByte`, and only the
 *   copy holds the rest.
 */
import { z } from 'zod';

export const RowsOnHost = z.object({
  /** The host's name (config.hosts[].name). */
  host: z.string(),
  /** The VM's CSV on that host. */
  file: z.string(),
  /** The run folder's CSV holds that file's bytes before this one; the rest, if any, are only there. */
  fromByte: z.int().min(0),
  /** Why they were not fetched: the host did not answer, the fetch failed, or the run folder could not take them. */
  why: z.string(),
  /**
   * No row of the VM came after its start was sent: it has rows there only if the start reached it (a host cut off
   * as the start went out). Absent when rows came: then more were written there after the last that arrived.
   */
  ifStarted: z.literal(true).optional(),
  /**
   * The launcher never learned the file's size on the host (it did not answer, or not with it): it does not know
   * whether the file holds any byte past `fromByte`. Absent when it knows rows are there.
   */
  ifAny: z.literal(true).optional(),
});
export type RowsOnHost = z.infer<typeof RowsOnHost>;

/** An earlier life's rows, set aside on its host before a restart went on from `fromByte` in the run folder. */
export const EarlierRowsOnHost = RowsOnHost.omit({ ifStarted: true }).extend({
  /** Which life of the VM wrote them: 1 for its first; life + 1 went on from `fromByte` in the run folder's CSV. */
  life: z.int().min(1),
});
export type EarlierRowsOnHost = z.infer<typeof EarlierRowsOnHost>;

/** The one line a reader says of them: `VM 1: its rows from byte 4096 of its CSV stay on host h2 in FILE (why)`. */
export function rowsOnHostLine(vm: number, rows: RowsOnHost): string {
  const where = `host ${rows.host} in ${rows.file} (${rows.why})`;
  if (rows.ifStarted === true)
    return `VM ${vm}: no row of it came after its start was sent; if the start reached it, its rows from byte ${rows.fromByte} of its CSV stay on ${where}`;
  const any = rows.ifAny === true ? ', if any,' : '';
  return `VM ${vm}: its rows from byte ${rows.fromByte} of its CSV${any} are not in the run folder: they stay on ${where}`;
}

/** Of an earlier life: the run folder's CSV goes on from that byte with the next life's rows, not with these. */
export function earlierRowsOnHostLine(vm: number, rows: EarlierRowsOnHost): string {
  return (
    `VM ${vm}: the rows its life ${rows.life} wrote from byte ${rows.fromByte} of its CSV on${rows.ifAny === true ? ', if any,' : ''} are not in the run folder ` +
    `(its life ${rows.life + 1} went on from that byte there): they stay on host ${rows.host} in ${rows.file} (${rows.why})`
  );
}

/**
 * Whether rows of the VM stay on its host (either kind): ticks missing from its CSV here may have run all the same,
 * so readers say they are not here, not that they never ran.
 */
export function hasRowsOnHost(vm: {
  rowsOnHost?: RowsOnHost | undefined;
  earlierRowsOnHost?: readonly EarlierRowsOnHost[] | undefined;
}): boolean {
  return vm.rowsOnHost !== undefined || (vm.earlierRowsOnHost?.length ?? 0) > 0;
}

/** Every line of a VM's rows that stay on its host: its earlier lives' first, in order, then its last life's. */
export function rowsOnHostLines(vm: {
  id: number;
  rowsOnHost?: RowsOnHost | undefined;
  earlierRowsOnHost?: readonly EarlierRowsOnHost[] | undefined;
}): string[] {
  return [
    ...(vm.earlierRowsOnHost ?? []).map((rows) => earlierRowsOnHostLine(vm.id, rows)),
    ...(vm.rowsOnHost === undefined ? [] : [rowsOnHostLine(vm.id, vm.rowsOnHost)]),
  ];
}
