/**
 * What a VM on another host and the launcher say over the SSH channel (newline-delimited JSON on the VM's stdin and
 * stdout), beyond the control messages every VM speaks: clock samples (NTP's four timestamps), the VM's CSV bytes as
 * they are written, its pid, and the launcher's keep-alive. Times are the sender's epoch milliseconds, with fractions.
 */
import type { LauncherToVm, VmToLauncher } from './ipc-messages.js';

export type LauncherToRemoteVm =
  | LauncherToVm
  | { type: 'ping'; n: number; t1: number }
  /** Nothing but "the launcher still hears you": sent on every channel at least every keepAliveMs. */
  | { type: 'alive' }
  /**
   * The launcher is about to stop (Ctrl-Z): its silence from now on is no cut, until it speaks again. A launcher
   * stopped in a way it cannot see coming (SIGSTOP, its machine asleep) cannot say so: its VMs stop after
   * silentChannelMs, and it says why on resume (launcher/silence-cut.ts).
   */
  | { type: 'hold' };

export type RemoteVmToLauncher =
  | VmToLauncher
  | { type: 'hello'; id: number; pid: number }
  /** t1: launcher sent; t2: the VM received; t3: the VM answered (the launcher notes t4 on arrival). */
  | { type: 'pong'; n: number; t1: number; t2: number; t3: number }
  /** The VM's CSV from byte `offset` on: whole lines, in order, the file on the host being the record. */
  | { type: 'rows'; id: number; offset: number; text: string };

/**
 * What a VM writes on its stderr as it gives its launcher up for silent (nothing for silentChannelMs) and stops: a
 * launcher that was only suspended reads it on resume, and so learns why its VMs ended early. Not on stdout: a
 * launcher stopped for seconds leaves the rows relay piled up there ahead of it, and the VM's exit drops what is
 * still queued. Its stderr holds a few lines at most, so the word reaches the pipe at once and outlives the VM; not
 * with --verbose at hundreds of ticks/s, when a line per event can fill a stderr pipe nobody drains (a stand-in for
 * ssh; ssh itself drains it into its window) and the word is dropped with the rest: the run then ends as a VM that
 * exited, its rows safe.
 */
export const unheardLine = (quietMs: number): string => `clocklab-vm-unheard ${Math.max(0, Math.round(quietMs))}`;

const unheardMarker = /^clocklab-vm-unheard (\d{1,15})$/;

/** The silence (ms) a VM's stderr line says it gave its launcher up after, when the line is that word. */
export function unheardIn(line: string): number | undefined {
  const marker = unheardMarker.exec(line);
  return marker === null ? undefined : Number(marker[1]);
}

/** Longest line either side accepts: a rows message carries at most `rowsChunkBytes` of CSV, escaped. */
export const maxRemoteLineBytes = 1 << 20;
export const rowsChunkBytes = 128 * 1024;

/** The launcher writes to each remote VM at least this often, so that a VM can tell a cut-off launcher by silence. */
export const keepAliveMs = 2000;
/**
 * A remote VM that heard nothing from its launcher for this long takes its channel for closed and stops. A network
 * cut leaves the ssh session open on the VM's host (no FIN ever comes), so stdin never ends. Five keep-alives long,
 * so a busy launcher is not taken for gone; and longer than the launcher's ssh client takes to give a silent host up
 * (ServerAliveInterval 2 s x 3, launcher/remote-ssh.ts), so the launcher has reported the host lost by then.
 */
export const silentChannelMs = 10_000;
/**
 * How long a VM told to hold (the launcher stopping for a Ctrl-Z) waits to hear from it again before it takes it for
 * gone as above: a launcher suspended for minutes is waited for, one whose network was lost meanwhile is not waited
 * for for ever.
 */
export const heldChannelMs = 15 * 60_000;
