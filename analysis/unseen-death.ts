/**
 * A VM that died without the launcher's kill (a crash, a SIGKILL from another process) died at an instant no one
 * recorded: after its last row, and by its stop (its exit seen, or an earlier stop it was told). The launcher sees a
 * local child's exit some ms after it, tens of ms on a busy machine, so a tick due in between may have been lost with
 * the VM (it died first) or late (it was alive and behind): neither can be told, so such ticks are counted neither on
 * time nor late, and one line says how many (due-lines.ts).
 */
import {
  type DueSpan,
  stoppedBeforeDueEnd,
  ticksBefore,
  ticksDue,
  ticksDueByOwnStop,
  type VmStop,
} from './tick-budget.js';

/** Where a VM died, in experiment ms, and the ticks due in between left out of its figures. */
export type UnseenDeath = {
  /** Its last row's time, null when it logged none. */
  lastRowMs: number | null;
  /** The latest it can have stopped at: its stop as the manifest records it. */
  stopMs: number;
  /** When the launcher saw its exit (past stopMs where it was told an earlier stop, or the run's end came first). */
  exitSeenMs: number;
  /** The ticks due after its last row and before its stop: neither on time nor late. */
  uncounted: number;
};

/**
 * The span a VM died in, or null for any VM whose stop is known (it reported its figures, the launcher killed it) or
 * not recorded. `exitSeenMs`: the manifest's exitSeenElapsedMs x speed.
 */
export function unseenDeath(
  clockRate: number,
  run: DueSpan,
  vm: VmStop,
  exitSeenMs: number | null,
): UnseenDeath | null {
  if (exitSeenMs === null || vm.ranToStop || vm.stopMs === null) return null;
  const byStop = stoppedBeforeDueEnd(run, vm.stopMs) ? ticksBefore(clockRate, vm.stopMs) : ticksDue(clockRate, run);
  const uncounted = Math.max(0, byStop - ticksDueByOwnStop(clockRate, run, vm.lastElapsedMs));
  return { lastRowMs: vm.lastElapsedMs, stopMs: vm.stopMs, exitSeenMs, uncounted };
}
