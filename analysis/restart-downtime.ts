/**
 * The ticks a VM lost while an injected kill held it down before its restart: not due, so not late. A killed VM runs
 * no tick after its kill, and a tick due within the period before it could still have run on time (as for a kill
 * without restart, tick-budget.ts vmTicksDue); its new life rejoins the running schedule at its first deadline after
 * the rejoin. So the ticks lost with a restart's kill are those due from a period before the kill up to the new
 * life's first tick that never ran. Ticks due earlier that never ran are late (the VM had stalled), and so are the
 * new life's own late ticks.
 *
 * The rows say which life each belongs to by its stamp: the killed life logs none after its kill, the new one none
 * before its rejoin, and as each instant is the launcher's, on another process's clock, the boundary is taken
 * halfway between them (a restart takes a new process's start, a tenth of a second and more).
 */
import type { RunStatus } from '../run-folder/manifest.js';
import type { RunFacts } from '../run-folder/run-facts.js';
import type { LifeStart } from './killed-lives.js';
import { type DueSpan, ticksBefore, type VmStop, vmTicksDue } from './tick-budget.js';

/** One restart, in experiment ms after the start (the manifest's restarts x speed). */
export type DownSpan = { killMs: number; rejoinMs: number };

/**
 * What the rows showed of one restart: the killed life's ticks from a period before its kill, and the new life's
 * first tick and row (its line and elapsed_ms as logged, where killed-lives.ts tells the lives apart).
 */
export type DownSeen = DownSpan & { ranAfterFrom: number; firstTick: number | null; firstRow: LifeStart | null };

/** One restart's lost ticks, for the analysis (its instants as DownSpan). */
export type RestartLoss = DownSpan & { lost: number };

/** A VM's restarts as the manifest records them, in experiment ms (none in an older manifest). */
export function downSpansOf(facts: RunFacts, vmId: number): DownSpan[] {
  return (facts.vms[vmId]?.restarts ?? []).map(({ killElapsedMs, rejoinElapsedMs }) => ({
    killMs: killElapsedMs * facts.speed,
    rejoinMs: rejoinElapsedMs * facts.speed,
  }));
}

/** The first tick lost with a kill at `killMs`: the first whose deadline is at most a period before it. */
function fromTick(clockRate: number, killMs: number): number {
  return ticksBefore(clockRate, killMs - 1000 / clockRate);
}

/** Follows a VM's rows (in file order) past its restarts. */
export class DownTimeTally {
  readonly #clockRate: number;
  readonly #seen: DownSeen[];
  /** The restart the next rows may belong to the killed life of (or the new life of). */
  #next = 0;

  constructor(clockRate: number, downs: readonly DownSpan[]) {
    this.#clockRate = clockRate;
    this.#seen = downs.map((down) => ({ ...down, ranAfterFrom: 0, firstTick: null, firstRow: null }));
  }

  /** A well-formed row: its tick, its stamp (experiment ms), and where it is (its line and elapsed_ms as logged). */
  add(tick: number, elapsedMs: number, row: LifeStart): void {
    for (;;) {
      const down = this.#seen[this.#next];
      if (down === undefined) return;
      if (elapsedMs < (down.killMs + down.rejoinMs) / 2) {
        if (tick >= fromTick(this.#clockRate, down.killMs)) down.ranAfterFrom += 1;
        return;
      }
      down.firstTick = tick;
      down.firstRow = row;
      this.#next += 1;
    }
  }

  get seen(): DownSeen[] {
    return this.#seen;
  }
}

/**
 * Per restart, the ticks lost with its kill: those from the first due at most a period before the kill to the new
 * life's first tick (without one, the first deadline after the rejoin), less those the killed life ran, counting
 * none at or past `dueTicks` (the ticks due without restarts: a stop's own loss is the stop's).
 */
export function restartLosses(clockRate: number, seen: readonly DownSeen[], dueTicks: number): RestartLoss[] {
  return seen.map(({ killMs, rejoinMs, ranAfterFrom, firstTick }) => {
    const from = fromTick(clockRate, killMs);
    const to = Math.min(firstTick ?? ticksBefore(clockRate, rejoinMs), dueTicks);
    return { killMs, rejoinMs, lost: Math.max(0, to - from - ranAfterFrom) };
  });
}

/** A VM's ticks due (vmTicksDue) less those its restarts' kills held it down for, and those per restart. */
export function dueAfterRestarts(
  clockRate: number,
  run: DueSpan & { status: RunStatus },
  vm: VmStop,
  seen: readonly DownSeen[],
): { due: number; restarts: RestartLoss[] } {
  const dueThrough = vmTicksDue(clockRate, run, vm);
  const restarts = restartLosses(clockRate, seen, dueThrough);
  return { due: dueThrough - restarts.reduce((sum, restart) => sum + restart.lost, 0), restarts };
}
