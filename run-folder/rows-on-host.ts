/**
 * The manifest's record of a remote VM's rows that never reached the run folder and stay in its file on its host
 * (launcher/remote-vm-rows.ts writes it): a host lost mid-run that did not answer at the end, or a run folder that
 * could not take them. Readers say it in one line where they speak of that VM's rows.
 */
import { z } from 'zod';

export const RowsOnHost = z.object({
  /** The host's name (config.hosts[].name). */
  host: z.string(),
  /** The VM's CSV on that host. */
  file: z.string(),
  /** The run folder's CSV holds that file's bytes before this one; the rest, if any, are only there. */
  fromByte: z.int().min(0),
  /** Why they were not fetched: the host did not answer, or the run folder could not take them. */
  why: z.string(),
  /**
   * No row of the VM came after its start was sent: it has rows there only if the start reached it (a host cut off
   * as the start went out). Absent when rows came: then more were written there after the last that arrived.
   */
  ifStarted: z.literal(true).optional(),
});
export type RowsOnHost = z.infer<typeof RowsOnHost>;

/** The one line a reader says of them: `VM 1: its rows from byte 4096 of its CSV stay on host h2 in FILE (why)`. */
export function rowsOnHostLine(vm: number, rows: RowsOnHost): string {
  const where = `host ${rows.host} in ${rows.file} (${rows.why})`;
  if (rows.ifStarted === true)
    return `VM ${vm}: no row of it came after its start was sent; if the start reached it, its rows from byte ${rows.fromByte} of its CSV stay on ${where}`;
  return `VM ${vm}: its rows from byte ${rows.fromByte} of its CSV are not in the run folder: they stay on ${where}`;
}
