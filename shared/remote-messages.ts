/**
 * What a VM on another host and the launcher say over the SSH channel (newline-delimited JSON on the VM's stdin and
 * stdout), beyond the control messages every VM speaks: clock samples (NTP's four timestamps), the VM's CSV bytes as
 * they are written, and its pid. Times are the sender's epoch milliseconds, with fractions.
 */
import type { LauncherToVm, VmToLauncher } from './ipc-messages.js';

export type LauncherToRemoteVm = LauncherToVm | { type: 'ping'; n: number; t1: number };

export type RemoteVmToLauncher =
  | VmToLauncher
  | { type: 'hello'; id: number; pid: number }
  /** t1: launcher sent; t2: the VM received; t3: the VM answered (the launcher notes t4 on arrival). */
  | { type: 'pong'; n: number; t1: number; t2: number; t3: number }
  /** The VM's CSV from byte `offset` on: whole lines, in order, the file on the host being the record. */
  | { type: 'rows'; id: number; offset: number; text: string };

/** Longest line either side accepts: a rows message carries at most `rowsChunkBytes` of CSV, escaped. */
export const maxRemoteLineBytes = 1 << 20;
export const rowsChunkBytes = 128 * 1024;
