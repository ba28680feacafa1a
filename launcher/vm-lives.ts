/**
 * The lives of VMs under injected kills: which VMs are being killed (their exit is expected), which are down, which
 * are on their way back in, and what a restarted VM's first life wrote, so its run figures can add both lives.
 */

import type { CsvFigures } from '../run-folder/csv-figures.js';
import { repairForRestart } from '../run-folder/restart-repair.js';
import type { VmFigures, VmRestart } from '../shared/vm-spec.js';

export class VmLives {
  readonly #killing = new Set<number>();
  readonly #down = new Set<number>();
  readonly #restarting = new Set<number>();
  readonly #firstLives = new Map<number, CsvFigures>();

  /** VMs an injected kill left down (and not yet back). */
  get down(): ReadonlySet<number> {
    return this.#down;
  }

  killing(vm: number): void {
    this.#killing.add(vm);
  }

  /** Killed, but its exit not seen yet (a slow host, a busy machine): a restart due now must wait for it. */
  isDying(vm: number): boolean {
    return this.#killing.has(vm);
  }

  /** True when this exit was an injected kill: the VM is now down, and the run goes on. */
  expectedExit(vm: number): boolean {
    if (!this.#killing.delete(vm)) return false;
    this.#down.add(vm);
    return true;
  }

  isRestarting(vm: number): boolean {
    return this.#restarting.has(vm);
  }

  /** Down for good (not coming back): counts as finished when the run waits for every VM. */
  isGone(vm: number): boolean {
    return this.#down.has(vm) && !this.#restarting.has(vm);
  }

  /**
   * Where a restarted VM continues from: its clock (kept or reset), message ids, and vector, read from its CSV after
   * the CSV is repaired to end in a complete row. `note` hears what the repair did (for faults.csv); `settle` runs
   * first, once the VM is on its way back (the rows its killed life left on its host, fetched again).
   */
  async restartFrom(
    vm: number,
    csvFile: string,
    machines: number,
    clock: 'kept' | 'reset',
    note: (detail: string) => void = () => {},
    settle: () => Promise<void> = async () => {},
  ): Promise<VmRestart> {
    // On its way back from now on: a run whose other VMs finish while the CSV is read must wait for this one.
    this.#restarting.add(vm);
    await settle();
    const repair = await repairForRestart(csvFile, vm, machines);
    if (!repair.ok) note(`first life's CSV not read (${repair.detail}); continuing from zero`);
    else if (repair.repaired !== null) note(repair.repaired);
    const before = repair.ok ? repair.figures : undefined;
    if (before !== undefined) this.#firstLives.set(vm, before);
    return {
      clock: clock === 'kept' ? (before?.lastClock ?? 0) : 0,
      sends: before?.sends ?? 0,
      lastNumber: before?.lastNumber ?? 0,
      rowsBefore: before?.rows ?? 0,
      vector: Array.from({ length: machines }, (_, id) => before?.lastVector[id] ?? 0),
    };
  }

  /**
   * A restart not back in the run by its stop is given up: the new life is to be killed, its exit expected, and the
   * VM stays down as its kill left it. False when `vm` was not on its way back.
   */
  abandon(vm: number): boolean {
    if (!this.#restarting.delete(vm)) return false;
    this.#killing.add(vm);
    return true;
  }

  /** The restarted VM is connected again and ticking. */
  rejoined(vm: number): void {
    this.#restarting.delete(vm);
    this.#down.delete(vm);
  }

  /** A restarted VM reports its second life; its figures for the run add what its first life wrote. */
  withFirstLife(stats: VmFigures): VmFigures {
    const first = this.#firstLives.get(stats.id);
    if (first === undefined) return stats;
    return {
      ...stats,
      ticks: stats.ticks + first.rows,
      received: stats.received + first.received,
      maxJump: Math.max(stats.maxJump, first.maxJump),
      maxQueue: Math.max(stats.maxQueue, first.maxQueue),
    };
  }
}
