/**
 * When each VM stopped ticking, as the launcher knows it, for the manifest's per-VM `stopElapsedMs`: the analysis
 * counts a VM's ticks due up to it. A VM that reported its figures stopped at the run's stop, or at the earlier stop
 * the launcher told it. One that did not was killed by the launcher (an injected kill, the finish grace, a second
 * signal) or died: its stop is then the kill, or the instant its exit was seen where that is at once (a local child),
 * never later than a stop it was told. The rest it does not know: a remote VM that ended on its own (its exit comes
 * over ssh, late), a lost host, a VM that stopped on its own having heard nothing (silence-cut.ts).
 *
 * A local VM that died without the launcher's kill (a crash, a SIGKILL from another process) died at some instant
 * after its last row that the launcher only bounds: it sees the exit tens of ms later on a busy machine (30-83 ms,
 * with two CPU hogs). So its exit seen is recorded apart too (`exitSeenElapsedMs`), telling the analysis that its
 * stop is the latest it can have stopped at, not the instant.
 */
import type { RestartInstants } from '../run-folder/restart-instants.js';
import { microsecondMs } from '../shared/microsecond-ms.js';
import type { VmFigures } from '../shared/vm-spec.js';
import type { RunWindow } from './run-phases.js';

/** What the stop rule needs of a VM at the run's end. */
export type VmEnd = {
  /** Its last life's figures, when it reported them. */
  figures: Pick<VmFigures, 'stoppedEarly'> | undefined;
  /** Some VMs stopped on their own, unheard (remote): a stop they report as early may be theirs, not the launcher's. */
  silenceCut: boolean;
};

export class VmStopInstants {
  /** Epoch ms, on the clock the VMs' rows count on. */
  readonly #now: () => number;
  /** Whether an exit seen is seen as it happens (local children), so its instant stands for the VM's stop. */
  readonly #exitsSeenAtOnce: boolean;
  /** Per VM, for its current life: when the launcher killed it, when its exit was seen. */
  readonly #killedAt = new Map<number, number>();
  readonly #exitSeenAt = new Map<number, number>();
  /** Per VM: the stop instant it was told while running (epoch ms). */
  readonly #toldStop = new Map<number, number>();
  /** Per VM: each life a kill ended that a new life replaced, as epoch ms of the kill and of the rejoin. */
  readonly #restarts = new Map<number, { killedAt: number; rejoinedAt: number }[]>();

  constructor(now: () => number, exitsSeenAtOnce: boolean) {
    this.#now = now;
    this.#exitsSeenAtOnce = exitsSeenAtOnce;
  }

  /**
   * A new life of VM `id` (a restart) is back in the run: what ended the one before says nothing of this one's stop,
   * and the VM was down from the kill to now.
   */
  started(id: number): void {
    const killedAt = this.#killedAt.get(id);
    if (killedAt !== undefined) {
      this.#restarts.set(id, [...(this.#restarts.get(id) ?? []), { killedAt, rejoinedAt: this.#now() }]);
    }
    this.#killedAt.delete(id);
    this.#exitSeenAt.delete(id);
  }

  /** The launcher sent SIGKILL to VM `id`'s running life. The first kill of a life is the one that ended it. */
  killed(id: number): void {
    if (!this.#killedAt.has(id)) this.#killedAt.set(id, this.#now());
  }

  exited(id: number): void {
    if (this.#exitsSeenAtOnce) this.#exitSeenAt.set(id, this.#now());
  }

  /** VM `id`, running, was told to stop ticking at `atEpochMs`. */
  toldStop(id: number, atEpochMs: number): void {
    this.#toldStop.set(id, Math.min(atEpochMs, this.#toldStop.get(id) ?? Number.POSITIVE_INFINITY));
  }

  /** VM `id`'s stop in real ms after the start (its rows' elapsed_ms), within the run; undefined when not known. */
  stopElapsedMs(id: number, window: RunWindow | undefined, end: VmEnd): number | undefined {
    if (window === undefined) return undefined; // no start: nothing ticked
    const { startEpochMs, stopEpochMs } = window;
    const at = this.#stopEpochMs(id, stopEpochMs, end);
    if (at === undefined) return undefined;
    // The planned stop exactly as configured, not as a difference of two epoch instants; a microsecond is the rows'.
    if (at >= stopEpochMs) return stopEpochMs - startEpochMs;
    return microsecondMs(Math.max(0, at - startEpochMs));
  }

  /**
   * When VM `id`'s exit was seen, in real ms after the start, where it died without the launcher's kill and without
   * reporting its figures (a local VM only: a remote one's exit comes late over ssh); undefined otherwise.
   */
  exitSeenElapsedMs(id: number, window: RunWindow | undefined, end: VmEnd): number | undefined {
    if (window === undefined || end.figures !== undefined || this.#killedAt.has(id)) return undefined;
    const seenAt = this.#exitSeenAt.get(id);
    return seenAt === undefined ? undefined : microsecondMs(Math.max(0, seenAt - window.startEpochMs));
  }
  /**
   * VM `id`'s restarts in real ms after the start (its rows' elapsed_ms), up to `stopElapsedMs` (its stop, else the
   * run's end); none without a start. A new life can rejoin after the stop (a restart due just before the end, or
   * a Ctrl-C while it linked): the VM was down to its stop, so the rejoin is taken at it; a kill at or after the stop
   * ended no tick, so it is no restart of the run's.
   */
  restarts(id: number, window: RunWindow | undefined, stopElapsedMs?: number): RestartInstants {
    if (window === undefined) return [];
    const endMs = stopElapsedMs ?? window.stopEpochMs - window.startEpochMs;
    const elapsed = (at: number) => microsecondMs(Math.max(0, at - window.startEpochMs));
    return (this.#restarts.get(id) ?? []).flatMap(({ killedAt, rejoinedAt }) => {
      const killElapsedMs = elapsed(killedAt);
      if (killElapsedMs >= endMs) return [];
      return [{ killElapsedMs, rejoinElapsedMs: Math.min(elapsed(rejoinedAt), endMs) }];
    });
  }

  /** In epoch ms: the run's stop, a stop told earlier, or the VM's end by a kill or an exit seen at once. */
  #stopEpochMs(id: number, runStop: number, end: VmEnd): number | undefined {
    const told = this.#toldStop.get(id);
    const stopAt = Math.min(runStop, told ?? Number.POSITIVE_INFINITY);
    if (end.figures !== undefined) {
      // Not stopped early: it heard no stop before the run's (a VM only ever moves its stop earlier).
      if (!end.figures.stoppedEarly) return runStop;
      // Stopped early by a stop it did not have from the launcher (or may not have): when, only it knows.
      return told !== undefined && !end.silenceCut ? stopAt : undefined;
    }
    const gone = this.#killedAt.get(id) ?? this.#exitSeenAt.get(id);
    return gone === undefined ? undefined : Math.min(stopAt, gone);
  }
}
